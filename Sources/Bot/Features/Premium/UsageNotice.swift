import Premium
import Storage

/// What a member is told about a usage meter: the one warning of a period near its limit, or the
/// limit itself. Never a dead end: it says when the meter resets, what is free meanwhile, and
/// what Pro allows.
struct UsageNotice: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case warning, limit }

    var kind: Kind
    var meter: String
    var period: UsagePeriod
    var tier: PremiumTier
    var count: Int64
    var limit: Int64
    var resetsAt: Timestamp
    var freeAlternative: String?
    /// Pro's limit for this meter when the member is not Pro (`.some(nil)`: unlimited in Pro),
    /// nil when there is nothing to upgrade to.
    var proLimit: Int64??

    /// Whether the notice offers Pro (and so shows the upgrade prompt).
    var offersUpgrade: Bool { proLimit != nil }
}

/// A usage meter was at its limit: the action did not happen, and nothing of it was kept.
struct UsageLimitReached: Error, Hashable, Sendable {
    var notice: UsageNotice
}
