/// Decides when a request may go, and learns from every response.
///
/// One limiter belongs to one client, which is bound to one token: Discord's limits are per bot,
/// so two bots in one process never share (or spoil) each other's state.
///
/// - Per-route buckets keyed by `RateLimitKey`: waits while a bucket has 0 remaining until its reset.
/// - The global limit (50/s by default) in one-second windows; interaction routes skip it.
/// - 429s: wait `retry_after`; global ones block every non-interaction route.
/// - The invalid-request guard (see `InvalidRequestWindow`) and the 401 latch.
///
/// https://discord.com/developers/docs/topics/rate-limits
public actor RateLimiter {
    public struct Configuration: Sendable {
        /// Discord's global limit per bot.
        public var globalRequestsPerSecond: Int
        /// Refuse to send at this many invalid requests in `invalidRequestWindow` (Discord bans at 10,000).
        public var invalidRequestBudget: Int
        public var invalidRequestWindow: Duration
        /// A wait longer than this fails the request with `.rateLimited` instead of parking it.
        public var maximumWait: Duration

        public init(
            globalRequestsPerSecond: Int = 50, invalidRequestBudget: Int = 9_500,
            invalidRequestWindow: Duration = .seconds(600), maximumWait: Duration = .seconds(60)
        ) {
            self.globalRequestsPerSecond = globalRequestsPerSecond
            self.invalidRequestBudget = invalidRequestBudget
            self.invalidRequestWindow = invalidRequestWindow
            self.maximumWait = maximumWait
        }
    }

    /// What a response means for the caller.
    public enum Verdict: Sendable, Equatable {
        /// Not a rate limit: hand the response on.
        case deliver
        /// A 429: send again (the limiter has recorded how long to wait).
        case retry(after: Duration, global: Bool, scope: RateLimitHeaders.Scope?)
        /// A 401 for the bot token: the latch is set.
        case tokenRejected
    }

    struct Bucket: Sendable {
        var limit: Int
        var remaining: Int
        /// Offset at which `remaining` goes back to `limit`.
        var resetAt: Duration
        /// The longest `Reset-After` seen: our estimate of the window's length, used when a window
        /// ends before a response has told us when the next one ends.
        var window: Duration
        /// When `acquire` last started a new window on its own (zero if never): an answer to a
        /// request sent before that describes the previous window and must not drain this one.
        var rolledAt: Duration = .zero

        /// Whether a request sent at `issuedAt` went out in an earlier window than the one this
        /// bucket counts now: the window it went in has ended, or `acquire` has rolled past it.
        func outlived(requestIssuedAt issuedAt: Duration, now: Duration) -> Bool {
            issuedAt < (resetAt > now ? rolledAt : resetAt)
        }
    }

    public let configuration: Configuration
    private let timeline: Timeline
    private var buckets: [RateLimitKey: Bucket] = [:]
    private var learnedBuckets: [String: String] = [:]  // endpoint -> X-RateLimit-Bucket
    private var globalBlockedUntil: Duration = .zero
    private var globalWindowStart: Duration = .zero
    private var globalWindowCount = 0
    private var invalidRequests: InvalidRequestWindow
    private var tokenRejected = false
    /// Keys whose first request is in flight, with the requests waiting for its answer.
    private var discovering: [RateLimitKey: [CheckedContinuation<Void, Never>]] = [:]
    private var lastSweep: Duration = .zero

    public init(configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.timeline = Timeline(clock)
        self.invalidRequests = InvalidRequestWindow(
            budget: configuration.invalidRequestBudget, window: configuration.invalidRequestWindow)
    }

    /// The key a request on `route` counts against right now.
    public func key(for route: Route) -> RateLimitKey {
        let bucket: RateLimitKey.Bucket = learnedBuckets[route.endpoint].map { .hash($0) } ?? .endpoint(route.endpoint)
        return RateLimitKey(bucket: bucket, major: route.majorParameter)
    }

    /// Waits until a request on `route` may be sent, and counts it. Throws at once when the token
    /// was rejected, the invalid-request budget is spent, or the wait would exceed `maximumWait`.
    ///
    /// While a key's limits are unknown, one request goes first and the others wait for its answer
    /// (`record` or `release` with the returned ticket), so a burst on a new route cannot overrun
    /// a bucket we have not learned yet.
    @discardableResult
    public func acquire(_ route: Route) async throws(DiscordRESTError) -> RateLimitTicket {
        while true {
            if Task.isCancelled { throw .cancelled }
            if tokenRejected { throw .tokenRejected }
            let now = timeline.now
            sweepIfDue(now)
            let invalid = invalidRequests.count(at: now)
            if invalid >= configuration.invalidRequestBudget {
                throw .invalidRequestBudgetExhausted(count: invalid, window: configuration.invalidRequestWindow)
            }
            let key = key(for: route)
            if buckets[key] == nil, discovering[key] != nil {
                await withCheckedContinuation { discovering[key, default: []].append($0) }
                continue
            }
            var until = Duration.zero
            var global = false
            if !route.isInteraction {
                if globalBlockedUntil > now {
                    until = globalBlockedUntil
                    global = true
                }
                if now >= globalWindowStart + .seconds(1) {
                    globalWindowStart = now
                    globalWindowCount = 0
                }
                if globalWindowCount >= configuration.globalRequestsPerSecond {
                    until = max(until, globalWindowStart + .seconds(1))
                    global = true
                }
            }
            if var bucket = buckets[key] {
                if bucket.resetAt <= now, bucket.remaining < bucket.limit {
                    // A new window: until an answer says otherwise, assume it is as long as the last.
                    bucket.remaining = bucket.limit
                    bucket.resetAt = now + bucket.window
                    bucket.rolledAt = now
                    buckets[key] = bucket
                }
                if bucket.remaining <= 0, bucket.resetAt > until {
                    until = bucket.resetAt
                    global = false
                }
            }
            if until <= now {
                if !route.isInteraction { globalWindowCount += 1 }
                buckets[key]?.remaining -= 1
                let discovers = buckets[key] == nil
                if discovers { discovering[key] = [] }
                return RateLimitTicket(key: key, discovers: discovers, issuedAt: now)
            }
            let wait = until - now
            if wait > configuration.maximumWait {
                throw .rateLimited(retryAfter: wait, global: global, endpoint: route.endpoint)
            }
            do {
                try await timeline.sleep(until: until)
            } catch {
                throw .cancelled
            }
        }
    }

    /// Learns from a response to a request on `route` and says what to do with it.
    /// `isCloudflare`: a 429 without Discord's headers and without a JSON body.
    public func record(
        status: Int, headers: RateLimitHeaders, body: RateLimitBodySummary? = nil, for route: Route,
        ticket: RateLimitTicket? = nil
    ) -> Verdict {
        defer {
            let key = key(for: route)
            if buckets[key] == nil, status != 429 {
                // No rate-limit headers: nothing to learn, so stop making requests queue behind a
                // discovery. (Swept away once idle.)
                buckets[key] = Bucket(limit: .max, remaining: .max, resetAt: timeline.now + .seconds(60), window: .seconds(60))
            }
            if let ticket { release(ticket) }
        }
        let now = timeline.now
        let isCloudflare = status == 429 && !headers.hasDiscordHeaders && body == nil
        if let hash = headers.bucket { learnedBuckets[route.endpoint] = hash }
        let key = key(for: route)
        if let limit = headers.limit, let remaining = headers.remaining {
            let resetAfter = headers.resetAfter ?? .seconds(1)
            if let ticket, let current = buckets[key], current.limit != .max,
                current.outlived(requestIssuedAt: ticket.issuedAt, now: now)
            {
                // Its counts and reset are history (applying them would empty the current window
                // until a reset a whole window away); only the limit and the window's length
                // still tell us something.
                buckets[key]?.limit = limit
                buckets[key]?.window = max(current.window, resetAfter)
            } else if let current = buckets[key], current.resetAt > now, current.limit != .max {
                // In the same window, our own count also covers requests still in flight.
                buckets[key] = Bucket(
                    limit: limit, remaining: min(current.remaining, remaining), resetAt: now + resetAfter,
                    window: max(current.window, resetAfter), rolledAt: current.rolledAt)
            } else {
                buckets[key] = Bucket(
                    limit: limit, remaining: remaining, resetAt: now + resetAfter,
                    window: max(buckets[key].flatMap { $0.limit == .max ? nil : $0.window } ?? .zero, resetAfter),
                    rolledAt: buckets[key]?.rolledAt ?? .zero)
            }
        }

        switch status {
        case 401:
            invalidRequests.record(at: now)
            if route.sendsBotAuthorization {
                tokenRejected = true
                return .tokenRejected
            }
            return .deliver
        case 403:
            invalidRequests.record(at: now)
            return .deliver
        case 429:
            let retryAfter = body?.retryAfter ?? headers.retryAfter ?? headers.resetAfter ?? .seconds(1)
            if headers.scope != .shared { invalidRequests.record(at: now) }
            let global = isCloudflare || headers.isGlobal || body?.global == true || headers.scope == .global
            if global {
                globalBlockedUntil = max(globalBlockedUntil, now + retryAfter)
            }
            // Interaction routes skip the global block, so they also wait on their own bucket.
            if !global || route.isInteraction {
                var bucket = buckets[key] ?? Bucket(limit: headers.limit ?? 1, remaining: 0, resetAt: now, window: retryAfter)
                bucket.remaining = 0
                bucket.resetAt = max(bucket.resetAt, now + retryAfter)
                buckets[key] = bucket
            }
            return .retry(after: retryAfter, global: global, scope: isCloudflare ? nil : headers.scope)
        default:
            return .deliver
        }
    }

    /// Ends a ticket's discovery without an answer (the request failed before one came).
    public func release(_ ticket: RateLimitTicket) {
        guard ticket.discovers, let waiters = discovering.removeValue(forKey: ticket.key) else { return }
        for waiter in waiters { waiter.resume() }
    }

    /// Whether a 401 has latched: every later request fails at once.
    public var isTokenRejected: Bool { tokenRejected }

    /// Invalid requests counted in the current window.
    public var invalidRequestCount: Int { invalidRequests.count(at: timeline.now) }

    /// The state of a bucket, for tests and diagnostics.
    public func bucketState(for route: Route) -> (limit: Int, remaining: Int, resetAt: Duration)? {
        buckets[key(for: route)].map { ($0.limit, $0.remaining, $0.resetAt) }
    }

    /// Buckets whose window has long passed hold nothing worth keeping; interaction routes make a
    /// new key per interaction, so without this the table would grow for ever.
    private func sweepIfDue(_ now: Duration) {
        guard now - lastSweep >= .seconds(60) else { return }
        lastSweep = now
        buckets = buckets.filter { $0.value.resetAt + .seconds(60) > now }
    }
}

/// A permission to send, handed back to the limiter with the answer (or on failure).
public struct RateLimitTicket: Sendable {
    public let key: RateLimitKey
    /// This request is the first on a key whose limits are unknown.
    public let discovers: Bool
    /// When the limiter let it go (the limiter's timeline).
    public let issuedAt: Duration
}

/// What the limiter needs from a 429's JSON body.
public struct RateLimitBodySummary: Sendable, Equatable {
    public var retryAfter: Duration?
    public var global: Bool?
    public init(retryAfter: Duration?, global: Bool?) {
        self.retryAfter = retryAfter
        self.global = global
    }
}
