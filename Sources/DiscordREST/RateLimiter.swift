import Synchronization

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
/// A class behind one lock, not an actor: every request passes through it twice (`acquire` and
/// `record`), and the two actor hops per request were ~5% of the bot's CPU per interaction. No
/// step holds the lock across a wait: `acquire` decides under the lock, then waits outside it.
///
/// https://discord.com/developers/docs/topics/rate-limits
public final class RateLimiter: Sendable {
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

    /// The buckets, with those of single-use routes (interaction callbacks, which have one only
    /// after a 429) in a table of their own. That table is almost always empty, and an empty
    /// dictionary answers a lookup without hashing its key: a callback's several lookups then
    /// cost nothing, whatever the other routes keep.
    struct BucketTable {
        private var shared: [RateLimitKey: Bucket] = [:]
        private var singleUse: [RateLimitKey: Bucket] = [:]

        subscript(key: RateLimitKey) -> Bucket? {
            get { key.isSingleUse ? singleUse[key] : shared[key] }
            set {
                if key.isSingleUse { singleUse[key] = newValue } else { shared[key] = newValue }
            }
        }

        /// Keeps only the buckets `isKept` says to.
        mutating func keep(where isKept: (Bucket) -> Bool) {
            shared = shared.filter { isKept($0.value) }
            singleUse = singleUse.filter { isKept($0.value) }
        }
    }

    /// Everything the limiter knows, guarded by `state`.
    struct State {
        var buckets = BucketTable()
        var learnedBuckets: [String: String] = [:]  // endpoint -> X-RateLimit-Bucket
        var globalBlockedUntil: Duration = .zero
        var globalWindowStart: Duration = .zero
        var globalWindowCount = 0
        var invalidRequests: InvalidRequestWindow
        var tokenRejected = false
        /// Keys whose first request is in flight, with the requests waiting for its answer.
        var discovering: [RateLimitKey: [CheckedContinuation<Void, Never>]] = [:]
        var lastSweep: Duration = .zero

        /// The key a request on `route` counts against right now.
        func key(for route: Route) -> RateLimitKey {
            // A single-use route's hash is never learned (see `learn`): no lookup.
            let learned = route.isSingleUse ? nil : learnedBuckets[route.endpoint]
            let bucket: RateLimitKey.Bucket = learned.map { .hash($0) } ?? .endpoint(route.endpoint)
            return RateLimitKey(bucket: bucket, major: route.majorParameter)
        }
    }

    public let configuration: Configuration
    private let timeline: Timeline
    private let state: Mutex<State>

    public init(configuration: Configuration = Configuration(), clock: any Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.timeline = Timeline(clock)
        self.state = Mutex(
            State(
                invalidRequests: InvalidRequestWindow(
                    budget: configuration.invalidRequestBudget, window: configuration.invalidRequestWindow)))
    }

    /// The key a request on `route` counts against right now.
    public func key(for route: Route) -> RateLimitKey {
        state.withLock { $0.key(for: route) }
    }

    /// What one pass of `acquire` decided under the lock.
    private enum Decision {
        case send(RateLimitTicket)
        case waitForDiscovery(RateLimitKey)
        case sleep(until: Duration)
        case fail(DiscordRESTError)
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
            let now = timeline.now
            switch state.withLock({ decide(route, now: now, in: &$0) }) {
            case .send(let ticket):
                return ticket
            case .fail(let error):
                throw error
            case .waitForDiscovery(let key):
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    // Parked only if the discovery is still running; otherwise look again at once.
                    let parked = state.withLock { state in
                        guard state.buckets[key] == nil, state.discovering[key] != nil else { return false }
                        state.discovering[key, default: []].append(continuation)
                        return true
                    }
                    if !parked { continuation.resume() }
                }
            case .sleep(let until):
                do {
                    try await timeline.sleep(until: until)
                } catch {
                    throw .cancelled
                }
            }
        }
    }

    /// One pass of `acquire`: counts the request and hands out a ticket, or says why not yet.
    private func decide(_ route: Route, now: Duration, in state: inout State) -> Decision {
        if state.tokenRejected { return .fail(.tokenRejected) }
        sweepIfDue(now, in: &state)
        let invalid = state.invalidRequests.count(at: now)
        if invalid >= configuration.invalidRequestBudget {
            return .fail(.invalidRequestBudgetExhausted(count: invalid, window: configuration.invalidRequestWindow))
        }
        let key = state.key(for: route)
        if state.buckets[key] == nil, state.discovering[key] != nil { return .waitForDiscovery(key) }
        var until = Duration.zero
        var global = false
        if !route.isInteraction {
            if state.globalBlockedUntil > now {
                until = state.globalBlockedUntil
                global = true
            }
            if now >= state.globalWindowStart + .seconds(1) {
                state.globalWindowStart = now
                state.globalWindowCount = 0
            }
            if state.globalWindowCount >= configuration.globalRequestsPerSecond {
                until = max(until, state.globalWindowStart + .seconds(1))
                global = true
            }
        }
        if var bucket = state.buckets[key] {
            if bucket.resetAt <= now, bucket.remaining < bucket.limit {
                // A new window: until an answer says otherwise, assume it is as long as the last.
                bucket.remaining = bucket.limit
                bucket.resetAt = now + bucket.window
                bucket.rolledAt = now
                state.buckets[key] = bucket
            }
            if bucket.remaining <= 0, bucket.resetAt > until {
                until = bucket.resetAt
                global = false
            }
        }
        if until <= now {
            if !route.isInteraction { state.globalWindowCount += 1 }
            state.buckets[key]?.remaining -= 1
            // A single-use route has no later request to hold back while its limits are learned
            // (its only bucket is the one a 429 leaves, see `learn`).
            let discovers = state.buckets[key] == nil && !route.isSingleUse
            if discovers { state.discovering[key] = [] }
            return .send(RateLimitTicket(key: key, discovers: discovers, issuedAt: now))
        }
        let wait = until - now
        if wait > configuration.maximumWait {
            return .fail(.rateLimited(retryAfter: wait, global: global, endpoint: route.endpoint))
        }
        return .sleep(until: until)
    }

    /// Learns from a response to a request on `route` and says what to do with it.
    /// `isCloudflare`: a 429 without Discord's headers and without a JSON body.
    public func record(
        status: Int, headers: RateLimitHeaders, body: RateLimitBodySummary? = nil, for route: Route,
        ticket: RateLimitTicket? = nil
    ) -> Verdict {
        let now = timeline.now
        let (verdict, released) = state.withLock { state in
            let verdict = learn(status: status, headers: headers, body: body, route: route, ticket: ticket, now: now, in: &state)
            let key = state.key(for: route)
            if state.buckets[key] == nil, status != 429, !route.isSingleUse {
                // No rate-limit headers: nothing to learn, so stop making requests queue behind a
                // discovery. (Swept away once idle.)
                state.buckets[key] = Bucket(limit: .max, remaining: .max, resetAt: now + .seconds(60), window: .seconds(60))
            }
            return (verdict, ticket.map { endDiscovery($0, in: &state) } ?? [])
        }
        for waiter in released { waiter.resume() }
        return verdict
    }

    private func learn(
        status: Int, headers: RateLimitHeaders, body: RateLimitBodySummary?, route: Route, ticket: RateLimitTicket?, now: Duration,
        in state: inout State
    ) -> Verdict {
        let isCloudflare = status == 429 && !headers.hasDiscordHeaders && body == nil
        if let hash = headers.bucket, !route.isSingleUse { state.learnedBuckets[route.endpoint] = hash }
        let key = state.key(for: route)
        if !route.isSingleUse, let limit = headers.limit, let remaining = headers.remaining {
            let resetAfter = headers.resetAfter ?? .seconds(1)
            if let ticket, let current = state.buckets[key], current.limit != .max,
                current.outlived(requestIssuedAt: ticket.issuedAt, now: now)
            {
                // Its counts and reset are history (applying them would empty the current window
                // until a reset a whole window away); only the limit and the window's length
                // still tell us something.
                state.buckets[key]?.limit = limit
                state.buckets[key]?.window = max(current.window, resetAfter)
            } else if let current = state.buckets[key], current.resetAt > now, current.limit != .max {
                // In the same window, our own count also covers requests still in flight.
                state.buckets[key] = Bucket(
                    limit: limit, remaining: min(current.remaining, remaining), resetAt: now + resetAfter,
                    window: max(current.window, resetAfter), rolledAt: current.rolledAt)
            } else {
                state.buckets[key] = Bucket(
                    limit: limit, remaining: remaining, resetAt: now + resetAfter,
                    window: max(state.buckets[key].flatMap { $0.limit == .max ? nil : $0.window } ?? .zero, resetAfter),
                    rolledAt: state.buckets[key]?.rolledAt ?? .zero)
            }
        }

        switch status {
        case 401:
            state.invalidRequests.record(at: now)
            if route.sendsBotAuthorization {
                state.tokenRejected = true
                return .tokenRejected
            }
            return .deliver
        case 403:
            state.invalidRequests.record(at: now)
            return .deliver
        case 429:
            let retryAfter = body?.retryAfter ?? headers.retryAfter ?? headers.resetAfter ?? .seconds(1)
            if headers.scope != .shared { state.invalidRequests.record(at: now) }
            let global = isCloudflare || headers.isGlobal || body?.global == true || headers.scope == .global
            if global {
                state.globalBlockedUntil = max(state.globalBlockedUntil, now + retryAfter)
            }
            // Interaction routes skip the global block, so they also wait on their own bucket.
            if !global || route.isInteraction {
                var bucket = state.buckets[key] ?? Bucket(limit: headers.limit ?? 1, remaining: 0, resetAt: now, window: retryAfter)
                bucket.remaining = 0
                bucket.resetAt = max(bucket.resetAt, now + retryAfter)
                state.buckets[key] = bucket
            }
            return .retry(after: retryAfter, global: global, scope: isCloudflare ? nil : headers.scope)
        default:
            return .deliver
        }
    }

    /// Ends a ticket's discovery without an answer (the request failed before one came).
    public func release(_ ticket: RateLimitTicket) {
        let waiters = state.withLock { endDiscovery(ticket, in: &$0) }
        for waiter in waiters { waiter.resume() }
    }

    /// The requests waiting for `ticket`'s discovery, to be resumed outside the lock.
    private func endDiscovery(_ ticket: RateLimitTicket, in state: inout State) -> [CheckedContinuation<Void, Never>] {
        guard ticket.discovers else { return [] }
        return state.discovering.removeValue(forKey: ticket.key) ?? []
    }

    /// Whether a 401 has latched: every later request fails at once.
    public var isTokenRejected: Bool { state.withLock { $0.tokenRejected } }

    /// Invalid requests counted in the current window.
    public var invalidRequestCount: Int {
        let now = timeline.now
        return state.withLock { $0.invalidRequests.count(at: now) }
    }

    /// The state of a bucket, for tests and diagnostics.
    public func bucketState(for route: Route) -> (limit: Int, remaining: Int, resetAt: Duration)? {
        state.withLock { state in state.buckets[state.key(for: route)].map { ($0.limit, $0.remaining, $0.resetAt) } }
    }

    /// Buckets whose window has long passed hold nothing worth keeping; interaction routes make a
    /// new key per interaction, so without this the table would grow for ever.
    private func sweepIfDue(_ now: Duration, in state: inout State) {
        guard now - state.lastSweep >= .seconds(60) else { return }
        state.lastSweep = now
        state.buckets.keep { $0.resetAt + .seconds(60) > now }
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
