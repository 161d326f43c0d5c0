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
