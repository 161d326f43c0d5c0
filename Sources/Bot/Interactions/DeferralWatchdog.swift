import DequeModule
import Synchronization

/// One deadline timer for every interaction in flight: when an interaction's handler has not
/// answered `deferAfter` after it started, its responder defers (so Discord's 3-second window is
/// never missed).
///
/// It used to be a sleeping child task per interaction, raced against the handler in a task group:
/// two extra tasks, and a timer left behind on every cancellation (~3% of an interaction's CPU in
/// a burst, more with the task group around it). Here one `run()` task sleeps until the earliest
/// deadline; while interactions keep arriving it is woken at most once per deadline, not per
/// interaction. When nothing is in flight it sleeps on nothing (no timer is left behind).
/// Deadlines are `now + deferAfter`, so they arrive in order and a FIFO queue holds them.
final class DeferralWatchdog: Sendable {
    /// An interaction's place in the watchdog, handed back with `finish`.
    struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    fileprivate struct Entry {
        let id: UInt64
        let deadline: Duration
    }

    fileprivate struct State {
        var nextID: UInt64 = 0
        var pending: [UInt64: InteractionResponder] = [:]
        /// Deadlines in order; entries that finished stay until they reach the front.
        var order: Deque<Entry> = []
        /// The `run()` task, parked until something changes.
        var waiter: CheckedContinuation<Void, Never>?
        /// The current sleep reached its deadline.
        var alarm = false
        var stopped = false
    }

    let deferAfter: Duration
    private let now: @Sendable () -> Duration
    private let sleepUntil: @Sendable (Duration) async throws -> Void
    private let state = Mutex(State())

    /// Counts the deferrals it sends.
    private let metrics: InteractionMetrics?

    init(deferAfter: Duration, clock: any Clock<Duration>, metrics: InteractionMetrics? = nil) {
        self.deferAfter = deferAfter
        self.metrics = metrics
        (now, sleepUntil) = Self.timeline(clock)
    }

    /// The clock seen as offsets from now, whatever its instant type.
    private static func timeline<C: Clock<Duration>>(
        _ clock: C
    ) -> (@Sendable () -> Duration, @Sendable (Duration) async throws -> Void) {
        let origin = clock.now
        return ({ origin.duration(to: clock.now) }, { try await clock.sleep(until: origin.advanced(by: $0), tolerance: nil) })
    }

    /// Starts watching an interaction; its responder defers unless `finish` comes first.
    func register(_ responder: InteractionResponder) -> Ticket {
        let deadline = now() + deferAfter
        let (id, waiter) = state.withLock { state -> (UInt64, CheckedContinuation<Void, Never>?) in
            state.nextID += 1
            state.pending[state.nextID] = responder
            state.order.append(Entry(id: state.nextID, deadline: deadline))
            // Only the first interaction of a busy spell has to wake the watchdog.
            return (state.nextID, state.pending.count == 1 ? state.takeWaiter() : nil)
        }
        waiter?.resume()
        return Ticket(id: id)
    }

    /// The handler ended: no deferral for this interaction any more.
    func finish(_ ticket: Ticket) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.pending[ticket.id] = nil
            if state.pending.isEmpty {
                state.order.removeAll(keepingCapacity: true)
                return state.takeWaiter()  // nothing in flight: stop the timer
            }
            return nil
        }
        waiter?.resume()
    }

    /// Interactions being watched.
    var count: Int { state.withLock { $0.pending.count } }

    /// Ends `run()` (after the deferrals it started have been sent).
    func stop() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.stopped = true
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// Watches deadlines until `stop()` or cancellation.
    func run() async {
        await withDiscardingTaskGroup { deferrals in
            while true {
                await wait { $0.stopped || !$0.pending.isEmpty }
                if isStopped { break }
                guard let earliest = state.withLock({ $0.earliestPending() }) else { continue }
                if earliest > now() {
                    await withTaskGroup(of: Void.self) { timer in
                        let sleepUntil = self.sleepUntil
                        timer.addTask {
                            do {
                                try await sleepUntil(earliest)
                                self.ring()
                            } catch {}  // cancelled: nothing is in flight any more
                        }
                        await wait { $0.stopped || $0.pending.isEmpty || $0.alarm }
                        timer.cancelAll()
                    }
                    state.withLock { $0.alarm = false }
                }
                let now = now()
                let expired = state.withLock { $0.takeExpired(at: now) }
                for responder in expired {
                    let metrics = metrics
                    deferrals.addTask { if await responder.deferIfPending() { metrics?.deferredByWatchdog() } }
                }
            }
        }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } || Task.isCancelled }

    private func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.alarm = true
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// Parks `run()` until `condition` holds (re-checked after every wake-up) or the task is cancelled.
    private func wait(_ condition: @escaping (State) -> Bool) async {
        while true {
            let satisfied = state.withLock { condition($0) }
            if satisfied || Task.isCancelled { return }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if condition(state) || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                state.withLock { $0.takeWaiter() }?.resume()
            }
        }
    }
}

extension DeferralWatchdog.State {
    fileprivate mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
        defer { waiter = nil }
        return waiter
    }

    /// The first deadline of an interaction still in flight (finished ones are dropped on the way).
    fileprivate mutating func earliestPending() -> Duration? {
        while let first = order.first {
            if pending[first.id] != nil { return first.deadline }
            order.removeFirst()
        }
        return nil
    }

    /// Removes and returns the interactions whose deadline has passed.
    fileprivate mutating func takeExpired(at now: Duration) -> [InteractionResponder] {
        var expired: [InteractionResponder] = []
        while let first = order.first, first.deadline <= now {
            order.removeFirst()
            if let responder = pending.removeValue(forKey: first.id) { expired.append(responder) }
        }
        return expired
    }
}
