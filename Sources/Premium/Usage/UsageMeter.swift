import Storage

/// Counts usage against the member's tier limits and acts in the same transaction: the count,
/// the decision and the caller's action commit together, or none does.
///
/// In a period, the first count that reaches the warning threshold carries a warning (once per
/// period: the store marks it); a count that would pass the limit is refused with when it resets,
/// the free alternative and what Pro allows, and the action does not run.
public struct UsageMeter: Sendable {
    public let limits: UsageLimits

    public init(limits: UsageLimits) { self.limits = limits }

    /// Counts `amount` of `meter` for the user (or their guild, for a guild-scoped meter) at
    /// `tier`, then runs `action` in the same transaction if the count was allowed.
    public func countAndAct<S: Store & PremiumStore, T: Sendable>(
        store: S, meter name: String, user: MemberID, guild: GuildID, tier: PremiumTier, amount: Int64 = 1, at time: Timestamp,
        action: @escaping @Sendable (S.Transaction) async throws -> T
    ) async throws -> UsageDecision<T> where S.Transaction: PremiumTransaction {
        guard let meter = limits.meters[name] else { throw UsageLimitsError.unknownMeter(name) }
        let (start, reset) = meter.period.bounds(containing: time)
        let subject: UsageSubject = meter.scope == .guild ? .guild(guild) : .user(user)
        let key = UsageKey(subject: subject, meter: name, periodStart: start)
        let limit = limits.limit(name, tier: tier)
        let proLimit = limits.limits[.pro].map { $0[name] } ?? nil
        let player = PlayerID(guild: guild, member: user)
        let warningFraction = limits.warningFraction
        let threshold = limit.flatMap(limits.warningThreshold(limit:))
        return try await store.write { tx -> UsageDecision<T> in
            switch try await tx.incrementUsage(key, by: amount, limit: limit, reason: name, at: time) {
            case .limitReached(let counter):
                let reached = LimitReached(
                    meter: name, tier: tier, limit: limit ?? 0, count: counter.count, resetsAt: reset, freeAlternative: meter.freeAlternative,
                    upgrade: tier == .pro ? nil : UpgradePrompt(tier: .pro, limit: proLimit))
                try await tx.appendAnalyticsEvents([
                    AnalyticsEvent(name: .limitReached, player: player, at: time, properties: ["meter": name, "tier": tier.rawValue, "limit": String(limit ?? 0)]),
                ] + (reached.upgrade == nil ? [] : [
                    AnalyticsEvent(name: .upgradePromptShown, player: player, at: time, properties: ["meter": name, "tier": tier.rawValue]),
                ]))
                return .limitReached(reached)
            case .counted(let counter):
                var warning: UsageWarning?
                if let threshold, let limit, counter.count >= threshold, try await tx.markUsageWarned(key, at: time) {
                    warning = UsageWarning(meter: name, count: counter.count, limit: limit, fraction: warningFraction, resetsAt: reset)
                    try await tx.appendAnalyticsEvent(
                        AnalyticsEvent(
                            name: .usageWarning, player: player, at: time,
                            properties: ["meter": name, "tier": tier.rawValue, "count": String(counter.count), "limit": String(limit)]))
                }
                return .allowed(try await action(tx), count: counter.count, limit: limit, warning: warning)
            }
        }
    }
}

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

extension EventName {
    public static let usageWarning: EventName = "usage_warning"
    public static let limitReached: EventName = "limit_reached"
    public static let upgradePromptShown: EventName = "upgrade_prompt_shown"
}
