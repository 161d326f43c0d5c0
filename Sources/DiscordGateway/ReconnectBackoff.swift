/// Jittered exponential backoff between connection attempts.
///
/// Attempt 0 (the first reconnect after a healthy session, or the very first connect) waits
/// nothing; attempt `n ≥ 1` waits `min(cap, base × 2^(n-1))` scaled by a factor drawn uniformly
/// from `[1 − jitter, 1]`, so many shards that lost the same gateway node do not come back in step.
public struct ReconnectBackoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Fraction of the delay that is random, in `0...1`.
    public var jitter: Double

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(60), jitter: Double = 0.5) {
        self.base = base
        self.cap = cap
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before attempt `attempt`, with `unit` a random draw in `0..<1`.
    public func delay(attempt: Int, unit: Double) -> Duration {
        guard attempt > 0 else { return .zero }
        let exponent = min(attempt - 1, 30)
        let ceiling = min(cap, base * (1 << exponent))
        let factor = (1 - jitter) + jitter * min(max(unit, 0), 1)
        return ceiling * factor
    }
}
