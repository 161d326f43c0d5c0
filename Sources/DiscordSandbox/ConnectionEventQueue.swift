import Synchronization

/// The events of one gateway connection, in order: what its reader received, dispatches to
/// send, scripted faults. The connection's task takes everything queued at once, so dispatches
/// queued while it was writing go out in one write and one flush, as a busy server's do. (An
/// `AsyncStream` hands them over one at a time: a trip to the event loop and a flush each.)
final class ConnectionEventQueue: Sendable {
    private struct State {
        var events: [ConnectionEvent] = []
        var waiter: CheckedContinuation<[ConnectionEvent], Never>?
        var finished = false
    }

    private let state = Mutex(State())
    /// Events beyond this many waiting are dropped (a connection whose client stopped reading).
    let capacity: Int

    init(capacity: Int = 1 << 20) {
        self.capacity = capacity
    }

    /// Queues `event`; ignored after `finish()` or when `capacity` events are waiting.
    func yield(_ event: ConnectionEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<[ConnectionEvent], Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if state.events.count < capacity { state.events.append(event) }
            return nil
        }
        waiter?.resume(returning: [event])
    }

    /// No more events: a waiting or later `next()` returns what is left, then `[]`.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[ConnectionEvent], Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: [])
    }

    /// Everything queued, oldest first, waiting for at least one event; `[]` once finished or
    /// when the calling task is cancelled. One consumer at a time.
    func next() async -> [ConnectionEvent] {
        if let ready = takeQueued() { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[ConnectionEvent], Never>) in
                let ready = state.withLock { state -> [ConnectionEvent]? in
                    if !state.events.isEmpty || state.finished || Task.isCancelled {
                        defer { state.events.removeAll() }
                        return state.events
                    }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: [])
        }
    }

    /// Whether a consumer is parked in `next()` (for tests).
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }

    private func takeQueued() -> [ConnectionEvent]? {
        state.withLock { state in
            guard !state.events.isEmpty else { return state.finished ? [] : nil }
            defer { state.events.removeAll(keepingCapacity: true) }
            return state.events
        }
    }
}
