import Synchronization

/// A clock that only moves when a test says so.
///
/// Production code takes `any Clock<Duration>` and sleeps on it; tests hand it a `ManualClock`,
/// wait until the code under test is parked (`waitForSleepers`), then `advance(by:)`. No test ever
/// sleeps on wall time, so timing tests are deterministic on a loaded two-core machine.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable, CustomStringConvertible {
        public var offset: Duration
        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "t+\(offset)" }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelled: Set<UInt64> = []
        var sleeperWatchers: [(id: UInt64, isSatisfied: @Sendable (Int) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// How many tasks are currently parked in `sleep(until:)`.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline any sleeper waits for, if any.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let resumeNow {
                    continuation.resume(with: resumeNow)
                } else {
                    notifyWatchers()
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
            if sleeper != nil { self.notifyWatchers() }
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has come, in deadline order.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    public func advance(to instant: Instant) {
        let due: [Sleeper] = state.withLock { state in
            if instant > state.now { state.now = instant }
            let due = state.sleepers.filter { $0.deadline <= state.now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
        if !due.isEmpty { notifyWatchers() }
    }

    /// Advances exactly to the next sleeper's deadline (if any), returning whether anyone woke.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let next = nextDeadline else { return false }
        advance(to: next)
        return true
    }

    /// Suspends until at least `count` tasks are parked on this clock: the moment the code under
    /// test has reached its next timed wait. Returns early if the waiting task is cancelled (a
    /// test's time limit), so a scenario that never parks fails instead of hanging the run.
    public func waitForSleepers(_ count: Int = 1) async {
        await waitUntilSleeperCount { $0 >= count }
    }

    /// Suspends until no task is parked on this clock: every timed wait has ended or been
    /// cancelled (a watchdog whose work finished first, say). Returns early on cancellation.
    public func waitUntilNoSleepers() async {
        await waitUntilSleeperCount { $0 == 0 }
    }

    private func waitUntilSleeperCount(_ isSatisfied: @escaping @Sendable (Int) -> Bool) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if isSatisfied(state.sleepers.count) || Task.isCancelled { return true }
                    state.sleeperWatchers.append((id, isSatisfied, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let watcher = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.sleeperWatchers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleeperWatchers.remove(at: index).continuation
            }
            watcher?.resume()
        }
    }

    private func notifyWatchers() {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            let count = state.sleepers.count
            let ready = state.sleeperWatchers.filter { $0.isSatisfied(count) }.map(\.continuation)
            state.sleeperWatchers.removeAll { $0.isSatisfied(count) }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
