/// How failed deliveries are retried: exponential backoff from `firstDelay`, doubling, capped at
/// `maximumDelay`, for at most `maximumAttempts` attempts in all; then the delivery is abandoned
/// (and stays recorded with its last error).
public struct AlertRetryPolicy: Sendable, Hashable {
    public var maximumAttempts: Int
    public var firstDelay: Duration
    public var maximumDelay: Duration

    public init(maximumAttempts: Int = 6, firstDelay: Duration = .seconds(30), maximumDelay: Duration = .seconds(3600)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before the next attempt after `attempts` attempts failed, or nil when none is left.
    /// With the defaults: 30 s, 1 min, 2 min, 4 min, 8 min, then abandoned.
    public func delay(afterFailedAttempts attempts: Int) -> Duration? {
        guard attempts < maximumAttempts else { return nil }
        var delay = firstDelay
        for _ in 1..<max(attempts, 1) {
            delay = delay * 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }
}
