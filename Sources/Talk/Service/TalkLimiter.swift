import Storage
import Synchronization

/// The per-member rate limit and the concurrent-reply limits, in memory (one process's view;
/// quotas that must hold across processes are the store's usage meters). Time is the injected
/// clock's.
public final class TalkLimiter: Sendable {
    private let settings: TalkSettings
    private let elapsed: @Sendable () -> Duration
    private let state = Mutex(State())

    private struct State {
        /// Each member's recent message times, oldest first.
        var recent: [MemberID: [Duration]] = [:]
        var inFlight: [MemberID: Int] = [:]
        var total = 0
    }

    public init<C: Clock>(settings: TalkSettings, clock: C) where C.Duration == Duration {
        let origin = clock.now
        self.settings = settings
        self.elapsed = { origin.duration(to: clock.now) }
    }

    /// Runs `body` holding one of the member's reply slots, after counting the message against
    /// their rate. Throws `TalkError.rateLimited` or `.busy`, counting nothing, when it may not.
    @discardableResult
    public func withSlot<T>(for member: MemberID, _ body: () async throws -> T) async throws -> T {
        try acquire(member)
        defer { release(member) }
        return try await body()
    }

    func acquire(_ member: MemberID) throws(TalkError) {
        let now = elapsed()
        let window = settings.rateWindow
        let outcome: TalkError? = state.withLock { state in
            var times = state.recent[member, default: []]
            times.removeAll { now - $0 >= window }
            if state.inFlight[member, default: 0] >= settings.concurrentRepliesPerMember || state.total >= settings.concurrentReplies {
                state.recent[member] = times.isEmpty ? nil : times
                return .busy
            }
            if times.count >= settings.messagesPerWindow, let oldest = times.first {
                state.recent[member] = times
                return .rateLimited(retryAfter: window - (now - oldest))
            }
            times.append(now)
            state.recent[member] = times
            state.inFlight[member, default: 0] += 1
            state.total += 1
            // Members who stopped talking are forgotten, so the map holds only recent ones.
            if state.recent.count > 4096 { state.recent = state.recent.filter { $0.value.contains { now - $0 < window } } }
            return nil
        }
        if let outcome { throw outcome }
    }

    func release(_ member: MemberID) {
        state.withLock { state in
            let left = state.inFlight[member, default: 1] - 1
            state.inFlight[member] = left > 0 ? left : nil
            state.total -= 1
        }
    }
}
