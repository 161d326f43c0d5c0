import Logging
import Synchronization

/// Runs a cluster-wide duty (the pull-expiry sweeper, trial reminders, …) only while this process
/// holds the duty's lease. The lease is renewed every third of its TTL; when a renewal finds it
/// lost, or the database cannot be reached long enough that it may have expired, the duty is
/// cancelled. Another process waiting for the lease takes it over once it is released (a graceful
/// stop) or expires (its holder died), with a greater fencing token.
public struct LeasedDuty: Sendable {
    public let name: String
    public let holder: String
    public let ttl: Duration
    private let store: any LeaseStore
    private let time: ClusterTime
    private let logger: Logger
    private let duty: @Sendable (Lease) async -> Void

    /// - Parameter duty: runs until cancelled; returning on its own ends `run()` (the lease is released).
    public init(
        name: String, holder: String, ttl: Duration = .seconds(30), store: any LeaseStore, time: ClusterTime = .live(),
        logger: Logger, duty: @escaping @Sendable (Lease) async -> Void
    ) {
        self.name = name
        self.holder = holder
        self.ttl = ttl
        self.store = store
        self.time = time
        self.logger = logger
        self.duty = duty
    }

    /// How often the holder renews, and how often a waiting process tries to take the lease.
    public var renewInterval: Duration { ttl / 3 }

    /// Waits for the lease, runs the duty while holding it, and waits again when it is lost; until cancelled.
    public func run() async {
        while !Task.isCancelled {
            var lease: Lease?
            do {
                lease = try await store.acquire(name, holder: holder, ttl: ttl)
            } catch {
                logger.warning("could not try the lease of duty \(name): \(error)")
            }
            if let lease {
                logger.info("took the lease of duty \(name)", metadata: ["token": "\(lease.token)"])
                if await hold(lease) == .dutyEnded { return }
            } else {
                do { try await time.sleep(for: renewInterval) } catch { return }
            }
        }
    }

    enum Outcome: Sendable, Equatable {
        case dutyEnded, lost, cancelled
    }

    /// Runs the duty beside the renewals until one of them ends, then releases what is still held.
    private func hold(_ lease: Lease) async -> Outcome {
        let held = HeldLease(lease)
        let duty = duty
        let outcome = await withTaskGroup(of: Outcome.self) { group -> Outcome in
            group.addTask {
                await duty(lease)
                return Task.isCancelled ? .cancelled : .dutyEnded
            }
            group.addTask { await keep(lease, held: held) }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            await group.waitForAll()
            return first
        }
        if outcome == .lost {
            logger.warning("lost the lease of duty \(name); another process may run it now")
        }
        if let still = held.current {
            // Not in the (maybe cancelled) caller's task: a graceful stop must still hand the duty on.
            let store = store
            let name = name
            let logger = logger
            await Task {
                do { try await store.release(still) } catch { logger.warning("could not release the lease of duty \(name): \(error)") }
            }.value
        }
        return outcome
    }

    /// Renews until the lease is lost (`.lost`, `held` emptied) or the task is cancelled.
    private func keep(_ lease: Lease, held: HeldLease) async -> Outcome {
        var current = lease
        while true {
            do { try await time.sleep(for: renewInterval) } catch { return .cancelled }
            do {
                guard let renewed = try await store.renew(current, ttl: ttl) else {
                    held.current = nil
                    return .lost
                }
                current = renewed
                held.current = renewed
            } catch {
                logger.warning("could not renew the lease of duty \(name): \(error)")
                // The next try would come after the lease ran out: stop before another holder may start.
                if time.now + renewInterval.clusterMilliseconds >= current.expiresAt {
                    held.current = nil
                    return .lost
                }
            }
        }
    }
}

/// The lease as last renewed, or nil once lost: what a stop still has to release.
private final class HeldLease: Sendable {
    private let lease: Mutex<Lease?>
    init(_ lease: Lease) { self.lease = Mutex(lease) }
    var current: Lease? {
        get { lease.withLock { $0 } }
        set { lease.withLock { $0 = newValue } }
    }
}
