import Gacha
import Premium
import Storage

/// Counts a usage meter inside another area's transaction (a roll's), so the count and the
/// action commit together or not at all. Past the limit it throws `UsageLimitReached`, which
/// rolls the whole transaction back; the first count of a period at the warning threshold returns
/// the warning and records `usage_warning` (and `upgrade_prompt_shown` when it offers Pro) in the
/// same transaction.
struct UsageGate: Sendable {
    let limits: UsageLimits

    ///
    /// `amount`: how much to count (a reply's tokens, say). With `enforcingLimit` false the count
    /// is taken even past the limit: for what already happened (the tokens of a reply the member
    /// has seen), which the next `limitReached` check then refuses.
    func count(
        _ name: String, in transaction: any StoreTransaction, player: PlayerID, tier: PremiumTier, at time: Timestamp,
        amount: Int64 = 1, enforcingLimit: Bool = true
    ) async throws -> UsageNotice? {
        guard let meter = limits.meters[name] else { throw UsageLimitsError.unknownMeter(name) }
        // One transaction type per database conforms to every area's contract (decision 0015).
        guard let tx = transaction as? any PremiumTransaction else { throw UsageGateError.storeWithoutPremium }
        let (start, reset) = meter.period.bounds(containing: time)
        let key = UsageKey(subject: meter.scope == .guild ? .guild(player.guild) : .user(player.member), meter: name, periodStart: start)
        let limit = limits.limit(name, tier: tier)
        let proLimit: Int64?? = tier == .pro ? nil : .some(limits.limit(name, tier: .pro))
        func notice(_ kind: UsageNotice.Kind, count: Int64) -> UsageNotice {
            UsageNotice(
                kind: kind, meter: name, period: meter.period, tier: tier, count: count, limit: limit ?? 0, resetsAt: reset,
                freeAlternative: meter.freeAlternative, proLimit: proLimit)
        }
        switch try await tx.incrementUsage(key, by: amount, limit: enforcingLimit ? limit : nil, reason: name, at: time) {
        case .limitReached(let counter):
            throw UsageLimitReached(notice: notice(.limit, count: counter.count))
        case .counted(let counter):
            guard let limit, let threshold = limits.warningThreshold(limit: limit), counter.count >= threshold,
                try await tx.markUsageWarned(key, at: time)
            else { return nil }
            let warning = notice(.warning, count: counter.count)
            let properties = ["meter": name, "tier": tier.rawValue, "count": String(counter.count), "limit": String(limit)]
            var events = [AnalyticsEvent(name: .usageWarning, player: player, at: time, properties: properties)]
            if warning.offersUpgrade {
                events.append(AnalyticsEvent(name: .upgradePromptShown, player: player, at: time, properties: properties.merging(["where": "usage_warning"]) { a, _ in a }))
            }
            try await tx.appendAnalyticsEvents(events)
            return warning
        }
    }
}

extension UsageGate {
    /// The limit notice when `name` is already at its limit for the member (nothing is counted):
    /// the check before an action whose count comes only after it (a talk reply's tokens).
    func limitReached(
        _ name: String, store: any PremiumStore, player: PlayerID, tier: PremiumTier, at time: Timestamp
    ) async throws -> UsageNotice? {
        guard let meter = limits.meters[name] else { throw UsageLimitsError.unknownMeter(name) }
        guard let limit = limits.limit(name, tier: tier) else { return nil }
        let (start, reset) = meter.period.bounds(containing: time)
        let key = UsageKey(subject: meter.scope == .guild ? .guild(player.guild) : .user(player.member), meter: name, periodStart: start)
        let count = try await store.readPremium { try await $0.usage(key) }?.count ?? 0
        guard count >= limit else { return nil }
        return UsageNotice(
            kind: .limit, meter: name, period: meter.period, tier: tier, count: count, limit: limit, resetsAt: reset,
            freeAlternative: meter.freeAlternative, proLimit: tier == .pro ? nil : .some(limits.limit(name, tier: .pro)))
    }
}

enum UsageGateError: Error, CustomStringConvertible {
    case storeWithoutPremium
    var description: String { "the store's transactions do not implement the premium area's contract" }
}
