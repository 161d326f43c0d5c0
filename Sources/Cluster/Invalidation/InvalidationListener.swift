import Logging
import PostgresNIO
import Synchronization

/// One `LISTEN gachabot_invalidate` per process, on a connection of the cluster's pool, handing
/// each notification to `handle`. When the connection drops it listens again, and each time the
/// LISTEN is in place it first hands over `.everything`: a notification sent while nobody listened
/// is lost, and a missed one must not leave a cache stale.
public struct InvalidationListener: Sendable {
    private let client: PostgresClient
    private let time: ClusterTime
    private let logger: Logger
    private let handle: @Sendable (CacheInvalidation) async -> Void

    public init(
        client: PostgresClient, time: ClusterTime = .live(), logger: Logger, handle: @escaping @Sendable (CacheInvalidation) async -> Void
    ) {
        self.client = client
        self.time = time
        self.logger = logger
        self.handle = handle
    }

    /// Listens until cancelled.
    public func run() async {
        let failuresInARow = FailureCount()
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: CacheInvalidation.channel) { notifications in
                        failuresInARow.reset()
                        await handle(.everything)
                        for try await notification in notifications {
                            if let invalidation = CacheInvalidation(payload: notification.payload) {
                                await handle(invalidation)
                            }
                        }
                    }
                }
                if Task.isCancelled { return }
                logger.warning("the invalidation listener's connection ended; listening again")
            } catch {
                if Task.isCancelled { return }
                let failures = failuresInARow.increment()
                logger.warning("the invalidation listener failed (\(failures) in a row); listening again: \(error)")
                // A server that is down: retry after 1, 2, 4 … up to 10 s.
                let delay = Duration.milliseconds(min(10_000, 500 << min(failures, 5)))
                do { try await time.sleep(for: delay) } catch { return }
            }
        }
    }
}

/// Failed attempts since the last LISTEN that took, for the retry delay.
private final class FailureCount: Sendable {
    private let count = Mutex(0)
    func reset() { count.withLock { $0 = 0 } }
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
}
