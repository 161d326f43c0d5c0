import NIOCore

/// Runs a task's jobs on one NIO event loop: the shard reads its socket on the loop that owns
/// the socket, so a gateway message does not hop from the event loop thread to the cooperative
/// pool and back (two thread wake-ups per message, most of the ingest cost before this).
///
/// Used with `withTaskExecutorPreference`; child tasks inherit it. Code that must not block the
/// loop for long should not run under it (the shard's per-message work is short: decompress,
/// pre-scan, and decoding a subscribed event).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
