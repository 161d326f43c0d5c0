import Clocks

/// Stripe's retry rules, as its SDKs apply them: a `Stripe-Should-Retry` header decides when
/// present; otherwise 409 (a lock conflict) and every 5xx are retried, as are connection errors.
/// Waits grow 0.5 s, 1 s, 2 s … up to 5 s, each scaled by a jitter in [0.5, 1], never below
/// 0.5 s, and never below a reasonable `Retry-After` (at most 60 s). Every retry of one call
/// sends the same `Idempotency-Key`, so Stripe applies the call once.
public struct StripeRetryPolicy: Sendable {
    /// Stripe's SDK default.
    public static let defaultMaximumRetries = 2
    static let initialDelay: Double = 0.5
    static let maximumDelay: Double = 5
    static let maximumRetryAfter: Double = 60

    public var maximumRetries: Int

    public init(maximumRetries: Int = StripeRetryPolicy.defaultMaximumRetries) {
        self.maximumRetries = max(0, maximumRetries)
    }

    /// Whether to retry after `retriesSoFar` retries, given an answer's status and its
    /// `Stripe-Should-Retry` header (nil status: the connection failed).
    public func shouldRetry(status: Int?, shouldRetryHeader: String?, retriesSoFar: Int) -> Bool {
        guard retriesSoFar < maximumRetries else { return false }
        guard let status else { return true }
        if shouldRetryHeader == "false" { return false }
        if shouldRetryHeader == "true" { return true }
        return status == 409 || status >= 500
    }

    /// The wait before retry number `retry` (1-based). `jitter` is a draw in [0, 1).
    public func delay(retry: Int, retryAfterSeconds: Double?, jitter: Double) -> Duration {
        var seconds = min(Self.initialDelay * Double(1 << max(0, min(retry - 1, 16))), Self.maximumDelay)
        seconds *= 0.5 * (1 + jitter)
        seconds = max(Self.initialDelay, seconds)
        if let retryAfterSeconds, retryAfterSeconds <= Self.maximumRetryAfter {
            seconds = max(retryAfterSeconds, seconds)
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
