import Clocks

/// How often and how patiently to resend after a server error (500/502/503/504) or after no
/// answer at all (timeout, refused or reset connection). 4xx answers are never retried, except
/// 429 which the rate limiter handles.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first one included.
    public var maximumAttempts: Int
    public var baseDelay: Duration
    public var maximumDelay: Duration
    public var retriedStatuses: Set<Int>

    public init(
        maximumAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(8),
        retriedStatuses: Set<Int> = [500, 502, 503, 504]
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.retriedStatuses = retriedStatuses
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so clients
    /// that failed together do not come back together.
    public func delay(afterFailedAttempt attempt: Int, random: any RandomSource) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let step = min(baseDelay * (1 << exponent), maximumDelay)
        return step / 2 + (step / 2) * random.unit()
    }
}
