/// One notable change of a period: what happened, the numbers behind it, and what to try.
/// Every figure comes from a rule in `InsightRules`; nothing here is phrased by a model.
public struct Insight: Sendable, Hashable, Codable {
    public var rule: InsightRule
    /// One sentence: "D7 retention fell 18.0%".
    public var headline: String
    /// The figures the rule compared: "D7 32.0% (16/50) vs 39.0% (39/100) the 30 days before".
    public var numbers: String
    public var action: String
    /// How notable, for ranking: the size of the change the rule measured (0…∞, usually 0…1).
    public var score: Double

    public init(rule: InsightRule, headline: String, numbers: String, action: String, score: Double) {
        self.rule = rule
        self.headline = headline
        self.numbers = numbers
        self.action = action
        self.score = score
    }
}

/// The rules, in the order that breaks ties in ranking.
public enum InsightRule: String, Sendable, Hashable, Codable, CaseIterable {
    case retentionFell = "retention_fell"
    case newMembersChanged = "new_members_changed"
    case sourceDrivesFirstTalks = "source_drives_first_talks"
    case itemNobodyBuys = "item_nobody_buys"
    case aiCostShare = "ai_cost_share"
    case talkStepLeaks = "talk_step_leaks"
    case mrrChanged = "mrr_changed"
    case trialsEndingUnpaid = "trials_ending_unpaid"
}
