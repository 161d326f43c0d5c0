import Storage

/// What counting decided.
public enum UsageDecision<T: Sendable>: Sendable {
    /// Counted; the action ran and returned its value. `warning` is set the first time in the
    /// period the count reached the warning threshold.
    case allowed(T, count: Int64, limit: Int64?, warning: UsageWarning?)
    /// Not counted, and the action did not run.
    case limitReached(LimitReached)
}

/// The once-per-period warning near a limit.
public struct UsageWarning: Hashable, Sendable {
    public var meter: String
    public var count: Int64
    public var limit: Int64
    public var fraction: Double
    public var resetsAt: Timestamp
}

/// Everything the limit message shows, so it is never a dead end: when it resets, what the
/// member can do for free, and what Pro allows (the Bot renders the premium button and the
/// Checkout link from it).
public struct LimitReached: Hashable, Sendable {
    public var meter: String
    public var tier: PremiumTier
    public var limit: Int64
    public var count: Int64
    public var resetsAt: Timestamp
    public var freeAlternative: String?
    /// Nil for a member already on the highest tier.
    public var upgrade: UpgradePrompt?
}

/// The tier to offer and its limit for this meter (nil: unlimited there).
public struct UpgradePrompt: Hashable, Sendable {
    public var tier: PremiumTier
    public var limit: Int64?
    public init(tier: PremiumTier, limit: Int64?) {
        self.tier = tier
        self.limit = limit
    }
}
