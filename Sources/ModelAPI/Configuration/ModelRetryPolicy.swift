/// When and how long to wait before asking again, as OpenAI's SDKs do: a 429
/// `rate_limit_exceeded`, a 408 and every 5xx are retried, as is a connection that failed before
/// any text arrived; at most `maximumRetries` times per call. A 429 waits what the provider asks
/// (`retry-after-ms`, else `retry-after` in seconds) when that is at most `maximumRetryAfter`;
/// otherwise, and for the other kinds, waits grow 0.5 s, 1 s, 2 s … up to 8 s, each scaled by a
/// jitter in [0.75, 1] so that many callers do not come back at once.
public struct ModelRetryPolicy: Sendable, Hashable {
    public var maximumRetries: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// A provider's wait longer than this is not honoured: the call fails as rate limited instead.
    public var maximumRetryAfter: Duration

    public init(
        maximumRetries: Int = 2, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(8),
        maximumRetryAfter: Duration = .seconds(60)
    ) {
        self.maximumRetries = max(0, maximumRetries)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// No retries at all.
    public static let none = ModelRetryPolicy(maximumRetries: 0)

    /// The backoff before retry number `retry` (1-based); `jitter` is a draw in [0, 1).
    public func backoff(retry: Int, jitter: Double) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, retry) where delay < maximumDelay { delay *= 2 }
        delay = min(delay, maximumDelay)
        return delay * (1 - 0.25 * min(max(jitter, 0), 1))
    }
}
