import Clocks
import DiscordModels
import Testing

@testable import DiscordREST

/// The limiter's arithmetic on a manual clock: no test here waits on wall time.
@Suite(.timeLimit(.minutes(1))) struct RateLimiterTests {
    let clock = ManualClock()

    func headers(limit: Int, remaining: Int, resetAfter: Double, bucket: String) -> RateLimitHeaders {
        RateLimitHeaders(limit: limit, remaining: remaining, resetAfter: .milliseconds(Int64(resetAfter * 1000)), bucket: bucket)
    }

    @Test func bucketAtZeroRemainingWaitsUntilReset() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        try await limiter.acquire(route)
        _ = limiter.record(status: 200, headers: headers(limit: 5, remaining: 0, resetAfter: 2, bucket: "abc"), for: route)

        let sent = Flag()
        let task = Task {
            try await limiter.acquire(route)
            sent.set()
        }
        await clock.waitForSleepers(1)
        #expect(!sent.isSet)
        clock.advance(by: .milliseconds(1999))
        #expect(clock.sleeperCount == 1)
        #expect(!sent.isSet)
        clock.advance(by: .milliseconds(1))
        _ = try await task.value
        #expect(sent.isSet)
        // The new window was counted from the limit: 4 left.
        #expect(limiter.bucketState(for: route)?.remaining == 4)
    }

    @Test func bucketsAreKeyedByMajorParameter() async throws {
        let limiter = RateLimiter(clock: clock)
        let first = Route.createMessage(channelID: 1)
        let second = Route.createMessage(channelID: 2)
        try await limiter.acquire(first)
        _ = limiter.record(status: 200, headers: headers(limit: 5, remaining: 0, resetAfter: 5, bucket: "abc"), for: first)
        // Same bucket hash, other channel: goes at once, no sleeper.
        try await limiter.acquire(second)
        #expect(clock.sleeperCount == 0)
        #expect(limiter.key(for: first) != limiter.key(for: second))
        #expect(limiter.key(for: first).bucket == .hash("abc"))
    }

    /// Follow-ups of two interactions share the application's webhook id; only their tokens
    /// differ, and the key hashes a token's tail only: still two keys, and equal keys stay equal.
    @Test func webhookKeysDifferByTheWholeToken() {
        let prefix = String(repeating: "aW50ZXJhY3Rpb246", count: 10)
        let first = MajorParameter.webhook(id: "1", token: prefix + "0123456789abcdef")
        let second = MajorParameter.webhook(id: "1", token: prefix + "0123456789abcdeX")
        let sameTailOtherHead = MajorParameter.webhook(id: "1", token: "x" + prefix.dropFirst() + "0123456789abcdef")
        #expect(first != second)
        #expect(first != sameTailOtherHead)
        #expect(Set([first, second, sameTailOtherHead, first]).count == 3)
        let interaction = MajorParameter.interaction(id: "5", token: prefix)
        #expect(interaction.hashValue == MajorParameter.interaction(id: "5", token: String(prefix)).hashValue)
        #expect(interaction != .interaction(id: "6", token: prefix))
    }

    @Test func routesSharingALearnedBucketShareItsLimit() async throws {
        let limiter = RateLimiter(clock: clock)
        let create = Route.createMessage(channelID: 1)
        let get = Route.getMessage(channelID: 1, messageID: 9)
        #expect(limiter.key(for: create) != limiter.key(for: get))
        _ = limiter.record(status: 200, headers: headers(limit: 5, remaining: 0, resetAfter: 3, bucket: "shared-hash"), for: create)
        _ = limiter.record(status: 200, headers: headers(limit: 5, remaining: 4, resetAfter: 3, bucket: "shared-hash"), for: get)
        #expect(limiter.key(for: create) == limiter.key(for: get))
        // The learned state keeps the lower remaining of the same window.
        #expect(limiter.bucketState(for: get)?.remaining == 0)
    }

    @Test func globalLimitOf50PerSecondSparesInteractionRoutes() async throws {
        let limiter = RateLimiter(clock: clock)
        for index in 0..<50 { try await limiter.acquire(.createMessage(channelID: ChannelID(UInt64(index)))) }
        #expect(clock.sleeperCount == 0)

        let sent = Flag()
        let task = Task {
            try await limiter.acquire(.createMessage(channelID: 51))
            sent.set()
        }
        await clock.waitForSleepers(1)
        // An interaction callback is not bound by the global limit.
        try await limiter.acquire(.createInteractionResponse(interactionID: 7, token: "tok"))
        try await limiter.acquire(.createFollowupMessage(applicationID: 3, token: "tok"))
        #expect(!sent.isSet)
        #expect(clock.nextDeadline?.offset == .seconds(1))
        clock.advance(by: .seconds(1))
        _ = try await task.value
        #expect(sent.isSet)
    }

    /// An interaction is answered once: its callback leaves no bucket behind (a burst would fill the
    /// table with one per interaction), unless Discord answers 429, whose wait the retry honours.
    @Test func anInteractionCallbackIsTrackedOnlyAfterA429() async throws {
        let limiter = RateLimiter(clock: clock)
        let callback = Route.createInteractionResponse(interactionID: 7, token: "tok")
        let ticket = try await limiter.acquire(callback)
        #expect(!ticket.discovers)
        _ = limiter.record(
            status: 204, headers: headers(limit: 1, remaining: 0, resetAfter: 5, bucket: "cb"), for: callback, ticket: ticket)
        #expect(limiter.bucketState(for: callback) == nil)
        #expect(limiter.key(for: callback).bucket == .endpoint(callback.endpoint), "no bucket hash is learned from it")

        let limited = try await limiter.acquire(callback)
        let verdict = limiter.record(
            status: 429, headers: RateLimitHeaders(retryAfter: .seconds(2)),
            body: RateLimitBodySummary(retryAfter: .seconds(2), global: false),
            for: callback, ticket: limited)
        #expect(verdict == .retry(after: .seconds(2), global: false, scope: nil))
        let sent = Flag()
        let retry = Task {
            try await limiter.acquire(callback)
            sent.set()
        }
        await clock.waitForSleepers(1)
        #expect(!sent.isSet)
        clock.advance(by: .seconds(2))
        _ = try await retry.value
        #expect(sent.isSet)
        // The 429 held back that interaction only; its bucket is swept once long idle.
        let other = Route.createInteractionResponse(interactionID: 8, token: "other")
        #expect(try await !limiter.acquire(other).discovers)
        #expect(limiter.bucketState(for: callback) != nil && limiter.bucketState(for: other) == nil)
        clock.advance(by: .seconds(180))
        try await limiter.acquire(.getCurrentUser())
        #expect(limiter.bucketState(for: callback) == nil)
    }

    @Test func global429BlocksEveryNonInteractionRoute() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        let verdict = limiter.record(
            status: 429, headers: RateLimitHeaders(isGlobal: true, scope: .global, retryAfter: .seconds(3)),
            body: RateLimitBodySummary(retryAfter: .milliseconds(2500), global: true), for: route)
        #expect(verdict == .retry(after: .milliseconds(2500), global: true, scope: .global))

        let other = Task { try await limiter.acquire(.getCurrentUser()) }
        await clock.waitForSleepers(1)
        try await limiter.acquire(.createInteractionResponse(interactionID: 1, token: "t"))
        #expect(clock.nextDeadline?.offset == .milliseconds(2500))
        clock.advance(by: .milliseconds(2500))
        _ = try await other.value
    }

    @Test func sharedScope429IsNotAnInvalidRequest() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        let shared = limiter.record(
            status: 429, headers: RateLimitHeaders(limit: 1, remaining: 0, resetAfter: .seconds(1), bucket: "b", scope: .shared),
            body: RateLimitBodySummary(retryAfter: .seconds(1), global: false), for: route)
        #expect(shared == .retry(after: .seconds(1), global: false, scope: .shared))
        #expect(limiter.invalidRequestCount == 0)
        _ = limiter.record(
            status: 429, headers: RateLimitHeaders(limit: 1, remaining: 0, resetAfter: .seconds(1), bucket: "b", scope: .user),
            body: RateLimitBodySummary(retryAfter: .seconds(1), global: false), for: route)
        #expect(limiter.invalidRequestCount == 1)
    }

    @Test func unexpected429MakesTheBucketWait() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        _ = limiter.record(
            status: 429, headers: RateLimitHeaders(limit: 5, remaining: 3, resetAfter: .seconds(1), bucket: "b", scope: .user),
            body: RateLimitBodySummary(retryAfter: .seconds(4), global: false), for: route)
        let task = Task { try await limiter.acquire(route) }
        await clock.waitForSleepers(1)
        #expect(clock.nextDeadline?.offset == .seconds(4))
        // Another channel is not held up.
        try await limiter.acquire(.createMessage(channelID: 2))
        clock.advance(by: .seconds(4))
        _ = try await task.value
    }

    @Test func cloudflare429IsAGlobalWaitOfRetryAfter() async throws {
        let limiter = RateLimiter(clock: clock)
        let verdict = limiter.record(
            status: 429, headers: RateLimitHeaders(retryAfter: .seconds(7)), body: nil, for: .getCurrentUser())
        #expect(verdict == .retry(after: .seconds(7), global: true, scope: nil))
        let task = Task { try await limiter.acquire(.createMessage(channelID: 5)) }
        await clock.waitForSleepers(1)
        #expect(clock.nextDeadline?.offset == .seconds(7))
        clock.advance(by: .seconds(7))
        _ = try await task.value
        #expect(limiter.invalidRequestCount == 1)
    }

    @Test func aWaitLongerThanTheMaximumFailsAtOnce() async throws {
        let limiter = RateLimiter(configuration: .init(maximumWait: .seconds(10)), clock: clock)
        let route = Route.createMessage(channelID: 1)
        _ = limiter.record(status: 200, headers: headers(limit: 1, remaining: 0, resetAfter: 30, bucket: "b"), for: route)
        await #expect(throws: DiscordRESTError.self) { try await limiter.acquire(route) }
        do {
            try await limiter.acquire(route)
        } catch {
            guard case .rateLimited(let retryAfter, let global, _) = error else {
                Issue.record("expected .rateLimited, got \(error)")
                return
            }
            #expect(retryAfter == .seconds(30))
            #expect(!global)
        }
    }

    @Test func invalidRequestGuardStopsBeforeTenThousand() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.getCurrentApplication()
        for _ in 0..<9_499 { _ = limiter.record(status: 403, headers: RateLimitHeaders(), for: route) }
        try await limiter.acquire(route)
        _ = limiter.record(status: 403, headers: RateLimitHeaders(), for: route)
        #expect(limiter.invalidRequestCount == 9_500)
        do {
            try await limiter.acquire(route)
            Issue.record("the 9,501st request must not be sent")
        } catch {
            guard case .invalidRequestBudgetExhausted(let count, let window) = error else {
                Issue.record("expected .invalidRequestBudgetExhausted, got \(error)")
                return
            }
            #expect(count == 9_500 && count < 10_000)
            #expect(window == .seconds(600))
        }
        // The window slides: ten minutes later requests go again.
        clock.advance(by: .seconds(600))
        #expect(limiter.invalidRequestCount == 0)
        try await limiter.acquire(route)
    }

    @Test func a401LatchesForTheBotTokenButNotForInteractionTokens() async throws {
        let limiter = RateLimiter(clock: clock)
        let callback = Route.createInteractionResponse(interactionID: 1, token: "expired")
        #expect(limiter.record(status: 401, headers: RateLimitHeaders(), for: callback) == .deliver)
        try await limiter.acquire(.getCurrentUser())

        #expect(limiter.record(status: 401, headers: RateLimitHeaders(), for: .getCurrentUser()) == .tokenRejected)
        #expect(limiter.isTokenRejected)
        for route in [Route.getCurrentUser(), .createMessage(channelID: 1), callback] {
            do {
                try await limiter.acquire(route)
                Issue.record("sent after the latch")
            } catch {
                guard case .tokenRejected = error else {
                    Issue.record("got \(error)")
                    continue
                }
            }
        }
        #expect(limiter.invalidRequestCount == 2)
    }

    @Test func twoLimitersShareNothing() async throws {
        let first = RateLimiter(clock: clock)
        let second = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        _ = first.record(status: 200, headers: headers(limit: 1, remaining: 0, resetAfter: 5, bucket: "b"), for: route)
        _ = first.record(status: 401, headers: RateLimitHeaders(), for: .getCurrentUser())
        try await second.acquire(route)
        #expect(clock.sleeperCount == 0)
        #expect(!second.isTokenRejected)
    }

    @Test func cancellingAWaitEndsIt() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        _ = limiter.record(status: 200, headers: headers(limit: 1, remaining: 0, resetAfter: 5, bucket: "b"), for: route)
        let task = Task { try await limiter.acquire(route) }
        await clock.waitForSleepers(1)
        task.cancel()
        let result = await task.result
        guard case .failure(let error as DiscordRESTError) = result, case .cancelled = error else {
            Issue.record("expected .cancelled, got \(result)")
            return
        }
    }
}

extension RateLimiterTests {
    @Test func aWindowThatEndedLocallyIsNotRefilledTwice() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        _ = limiter.record(status: 200, headers: headers(limit: 2, remaining: 0, resetAfter: 2, bucket: "b"), for: route)
        clock.advance(by: .seconds(2))
        // The window ended with no answer yet: two go, the third waits for a whole window.
        try await limiter.acquire(route)
        try await limiter.acquire(route)
        let third = Task { try await limiter.acquire(route) }
        await clock.waitForSleepers(1)
        #expect(clock.nextDeadline?.offset == .seconds(4))
        clock.advance(by: .seconds(2))
        _ = try await third.value
    }

    /// The answer to a request of the previous window can arrive after the limiter rolled to a
    /// new window on its own: its "0 remaining" describes the old window and must not park the
    /// new window's requests until a reset a whole window away (the stall the end-to-end burst
    /// test used to hit).
    @Test func aLateAnswerFromThePreviousWindowDoesNotEmptyTheNewOne() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        let first = try await limiter.acquire(route)
        _ = limiter.record(
            status: 200, headers: headers(limit: 2, remaining: 1, resetAfter: 5, bucket: "b"), for: route, ticket: first)
        let second = try await limiter.acquire(route)  // the window's last request; its answer is late
        clock.advance(by: .seconds(5))
        // A new window (rolled locally): two may go. One goes, then the late answer arrives.
        let third = try await limiter.acquire(route)
        _ = limiter.record(
            status: 200, headers: headers(limit: 2, remaining: 0, resetAfter: 5, bucket: "b"), for: route, ticket: second)
        #expect(limiter.bucketState(for: route)?.remaining == 1)
        // The second request of the new window goes at once (no sleeper).
        _ = try await limiter.acquire(route)
        #expect(clock.sleeperCount == 0)
        // Answers of this window still count: the limiter now waits for its reset.
        _ = limiter.record(
            status: 200, headers: headers(limit: 2, remaining: 0, resetAfter: 5, bucket: "b"), for: route, ticket: third)
        #expect(limiter.bucketState(for: route)?.remaining == 0)
    }

    /// The same late answer, recorded after its window ended but before anyone rolled the bucket
    /// to a new one: it must not start a window of its own a whole `Reset-After` from now.
    @Test func aLateAnswerAfterItsWindowEndedIsHistory() async throws {
        let limiter = RateLimiter(clock: clock)
        let route = Route.createMessage(channelID: 1)
        let first = try await limiter.acquire(route)
        _ = limiter.record(
            status: 200, headers: headers(limit: 2, remaining: 1, resetAfter: 5, bucket: "b"), for: route, ticket: first)
        let second = try await limiter.acquire(route)
        clock.advance(by: .seconds(5))
        _ = limiter.record(
            status: 200, headers: headers(limit: 2, remaining: 0, resetAfter: 5, bucket: "b"), for: route, ticket: second)
        // The window that answer described is over: two requests go at once in the new one.
        _ = try await limiter.acquire(route)
        _ = try await limiter.acquire(route)
        #expect(clock.sleeperCount == 0)
        #expect(limiter.bucketState(for: route)?.remaining == 0)
    }
}
