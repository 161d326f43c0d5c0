import Clocks
import Storage
import Talk
import Testing

/// The per-member rate and the concurrent-reply limits of talk, on a manual clock.
@Suite struct TalkLimiterTests {
    static let ayla = MemberID(1)
    static let bo = MemberID(2)

    @Test func aMemberMaySendSoManyMessagesPerWindowThenIsToldWhenToComeBack() async throws {
        let clock = ManualClock()
        let limiter = TalkLimiter(settings: TalkSettings(messagesPerWindow: 2, rateWindow: .seconds(60)), clock: clock)
        try await limiter.withSlot(for: Self.ayla) {}
        clock.advance(by: .seconds(10))
        try await limiter.withSlot(for: Self.ayla) {}
        clock.advance(by: .seconds(20))
        await #expect(throws: TalkError.rateLimited(retryAfter: .seconds(30))) { try await limiter.withSlot(for: Self.ayla) {} }
        try await limiter.withSlot(for: Self.bo) {}  // another member is not held back
        clock.advance(by: .seconds(30))
        try await limiter.withSlot(for: Self.ayla) {}  // the first message left the window
        await #expect(throws: TalkError.self) { try await limiter.withSlot(for: Self.ayla) {} }
    }

    @Test func aMemberHasOneReplyAtATimeAndTheProcessItsLimit() async throws {
        let clock = ManualClock()
        let limiter = TalkLimiter(settings: TalkSettings(messagesPerWindow: 10, concurrentRepliesPerMember: 1, concurrentReplies: 2), clock: clock)
        try await limiter.withSlot(for: Self.ayla) {
            await #expect(throws: TalkError.busy) { try await limiter.withSlot(for: Self.ayla) {} }
            try await limiter.withSlot(for: Self.bo) {
                await #expect(throws: TalkError.busy) { try await limiter.withSlot(for: MemberID(3)) {} }
            }
        }
        // Slots come back after an error too; a refused message was not counted, a failed one was (1 + 1 + 8 = 10).
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await limiter.withSlot(for: Self.ayla) { throw Failure() } }
        for _ in 0..<8 { try await limiter.withSlot(for: Self.ayla) {} }
        await #expect(throws: TalkError.self) { try await limiter.withSlot(for: Self.ayla) {} }
    }
}
