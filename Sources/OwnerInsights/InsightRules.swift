import Analytics
import Foundation

/// The insight rules: pure functions over report values, each with its thresholds as constants
/// (documented in docs/analytics.md). A rule returns nil when its case is not met or the numbers
/// are too small to mean anything.
public enum InsightRules {
    /// Retention: D7 fell by at least this share of its previous value…
    public static let retentionDrop = 0.15
    /// …with at least this many eligible members in each period.
    public static let retentionMinimumEligible: Int64 = 10
    /// New members changed by at least this share, from at least `newMembersMinimum` before.
    public static let newMembersChange = 0.30
    public static let newMembersMinimum: Int64 = 10
    /// One source drives at least this share of first talks, out of at least `firstTalksMinimum`.
    public static let firstTalkShare = 0.40
    public static let firstTalksMinimum: Int64 = 10
    /// An item with no purchase while the shop had at least this many.
    public static let shopMinimumPurchases: Int64 = 20
    /// AI cost at or above this share of revenue (dollars against dollars).
    public static let aiCostShareOfRevenue = 0.35
    /// With no revenue, AI cost of at least this many µ$ ($1) is notable on its own.
    public static let aiCostWithoutRevenue: Int64 = 1_000_000
    /// Fewer than this share of members who rolled went on to talk, of at least `talkStepMinimum`.
    public static let talkStepShare = 0.25
    public static let talkStepMinimum: Int64 = 20
    /// MRR moved by at least this share between the period's first and last points.
    public static let mrrChange = 0.10
    /// The most insights shown.
    public static let maximumShown = 5

    /// Every rule that fires, most notable first (ties in rule order), at most `maximumShown`.
    public static func insights(_ inputs: InsightInputs) -> [Insight] {
        let fired: [Insight?] = [
            retentionFell(current: inputs.current.retention, previous: inputs.previous?.retention),
            newMembersChanged(current: inputs.current.funnel, previous: inputs.previous?.funnel),
            sourceDrivesFirstTalks(inputs.firstTalksBySource),
            itemNobodyBuys(inputs.current.economy, shopItems: inputs.shopItems),
            aiCostShare(inputs.current.ai),
            talkStepLeaks(inputs.current.funnel),
            mrrChanged(inputs.current.revenue),
            trialsEndingUnpaid(inputs.current.churn),
        ]
        let order = Dictionary(uniqueKeysWithValues: InsightRule.allCases.enumerated().map { ($1, $0) })
        return fired.compactMap { $0 }
            .sorted { ($0.score, -(order[$0.rule] ?? 0)) > ($1.score, -(order[$1.rule] ?? 0)) }
            .prefix(maximumShown).map { $0 }
    }

    public static func retentionFell(current: RetentionReport, previous: RetentionReport?) -> Insight? {
        guard let previous, current.total.d7.denominator >= retentionMinimumEligible,
            previous.total.d7.denominator >= retentionMinimumEligible, let now = current.total.d7.value,
            let before = previous.total.d7.value, before > 0
        else { return nil }
        let drop = (before - now) / before
        guard drop >= retentionDrop else { return nil }
        return Insight(
            rule: .retentionFell, headline: "D7 retention fell \(percent(drop))",
            numbers: "D7 \(current.total.d7.percentText) (\(current.total.d7.numerator)/\(current.total.d7.denominator)) against "
                + "\(previous.total.d7.percentText) (\(previous.total.d7.numerator)/\(previous.total.d7.denominator)) the period before",
            action: "Check what changed in the period (rates, packs, prices); a first-week bonus can bring new members back.",
            score: drop)
    }

    public static func newMembersChanged(current: FunnelReport, previous: FunnelReport?) -> Insight? {
        guard let previous, previous.total.newMembers >= newMembersMinimum else { return nil }
        let before = Double(previous.total.newMembers)
        let change = (Double(current.total.newMembers) - before) / before
        guard abs(change) >= newMembersChange else { return nil }
        let rose = change > 0
        return Insight(
            rule: .newMembersChanged, headline: "New members \(rose ? "rose" : "fell") \(percent(abs(change)))",
            numbers: "\(current.total.newMembers) new members against \(previous.total.newMembers) the period before",
            action: rose
                ? "Find what brought them (an invite, a pack, an event) and do more of it; watch their D7 retention."
                : "Invite links and events bring members in; check that the bot still answers in your busiest channels.",
            score: abs(change))
    }

    public static func sourceDrivesFirstTalks(_ firstTalks: [String: Int64]) -> Insight? {
        let total = firstTalks.values.reduce(0, +)
        guard total >= firstTalksMinimum,
            let (source, count) = firstTalks.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first
        else { return nil }
        let share = Double(count) / Double(total)
        guard share >= firstTalkShare else { return nil }
        return Insight(
            rule: .sourceDrivesFirstTalks, headline: "\(source) drives \(percent(share)) of first talks",
            numbers: "\(count) of \(total) first talks in the period",
            action: "Feature it (pin it, enable more of its characters); if it is a pack, its creator may have more.",
            score: share)
    }

    public static func itemNobodyBuys(_ economy: EconomyReport, shopItems: [String]) -> Insight? {
        let purchases = Dictionary(economy.items.map { ($0.item, $0.purchases) }, uniquingKeysWith: +)
        let total = purchases.values.reduce(0, +)
        guard total >= shopMinimumPurchases, let unsold = shopItems.first(where: { (purchases[$0] ?? 0) == 0 }) else { return nil }
        return Insight(
            rule: .itemNobodyBuys, headline: "Nobody bought \(unsold)",
            numbers: "0 of \(total) shop purchases in the period",
            action: "Consider its price, or say in your channels what it gives.",
            score: 0.5)
    }

    public static func aiCostShare(_ ai: AIReport) -> Insight? {
        let cost = Double(ai.costMicros) / 1_000_000
        let revenueCents = ai.guilds.reduce(Int64(0)) { $0 + $1.revenue }
        let revenue = Double(revenueCents) / 100
        if revenueCents <= 0 {
            guard ai.costMicros >= aiCostWithoutRevenue else { return nil }
            return Insight(
                rule: .aiCostShare, headline: "AI cost \(dollars(cost)) with no revenue",
                numbers: "\(dollars(cost)) for \(ai.calls) talk calls; revenue \(dollars(0))",
                action: "Talk limits for free members keep the cost down; a trial shows them what Pro gives.",
                score: 0.6)
        }
        let share = cost / revenue
        guard share >= aiCostShareOfRevenue else { return nil }
        return Insight(
            rule: .aiCostShare, headline: "AI cost is \(percent(share)) of revenue",
            numbers: "\(dollars(cost)) for \(ai.calls) talk calls against \(dollars(revenue)) revenue",
            action: "Lower free talk limits or use a cheaper model; check the costliest members' usage.",
            score: share)
    }

    public static func talkStepLeaks(_ funnel: FunnelReport) -> Insight? {
        let rolled = funnel.total.rolled
        guard rolled >= talkStepMinimum else { return nil }
        let share = Double(funnel.total.talked) / Double(rolled)
        guard share < talkStepShare else { return nil }
        return Insight(
            rule: .talkStepLeaks, headline: "Only \(percent(share)) of members who rolled went on to talk",
            numbers: "\(funnel.total.talked) talked of \(rolled) who rolled",
            action: "Mention /talk after a first roll, or pin a message showing a conversation with a new character.",
            score: 1 - share / talkStepShare)
    }

    public static func mrrChanged(_ revenue: RevenueReport) -> Insight? {
        guard let first = revenue.mrrSeries.first, let last = revenue.mrrSeries.last, first.mrr > 0 else { return nil }
        let change = (last.mrr - first.mrr) / first.mrr
        guard abs(change) >= mrrChange else { return nil }
        let rose = change > 0
        return Insight(
            rule: .mrrChanged, headline: "MRR \(rose ? "rose" : "fell") \(percent(abs(change)))",
            numbers: "\(dollars(last.mrr / 100)) on \(ReportFormat.date(day: last.day)) against \(dollars(first.mrr / 100)) on \(ReportFormat.date(day: first.day))",
            action: rose
                ? "Thank your new supporters; trial members close to converting are in /owner churn."
                : "Look at /owner churn for trials ending without a payment method and inactive Pro members.",
            score: abs(change))
    }

    public static func trialsEndingUnpaid(_ churn: ChurnReport) -> Insight? {
        let count = churn.endingTrials.count
        guard count > 0 else { return nil }
        return Insight(
            rule: .trialsEndingUnpaid, headline: "\(count) trial\(count == 1 ? "" : "s") end within 3 days with no payment method",
            numbers: "\(count) ending trial\(count == 1 ? "" : "s"); \(churn.inactivePro.count) Pro member\(churn.inactivePro.count == 1 ? "" : "s") inactive for 14 days",
            action: "A reminder of what Pro gives, before the trial ends, converts better than one after.",
            score: min(0.45, 0.2 + 0.05 * Double(count)))
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func dollars(_ value: Double) -> String { String(format: "$%.2f", value) }
}
