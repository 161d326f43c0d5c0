import Storage

/// A member's pity, as shown to them.
public struct PityStatus: Hashable, Sendable, Codable {
    public var rollsSinceLegendary: Int
    public var rollsSinceEpicOrBetter: Int
    /// Rolls until the guaranteed legendary, this one included; `nil` when pity is off.
    public var legendaryGuaranteedIn: Int?
    /// Rolls until the guaranteed epic-or-better, this one included; `nil` when there is no such rule.
    public var epicGuaranteedIn: Int?
    /// Chances of the next roll, highest tier first.
    public var nextRoll: [TierRate]

    init(_ pity: PityCounters, rates: Rates) {
        rollsSinceLegendary = pity.rollsSinceLegendary
        rollsSinceEpicOrBetter = pity.rollsSinceEpicOrBetter
        legendaryGuaranteedIn = rates.pity.map { max(1, $0.hardPity - pity.rollsSinceLegendary) }
        epicGuaranteedIn = rates.pity?.epicGuarantee.map { max(1, $0 - pity.rollsSinceEpicOrBetter) }
        let chances = rates.chances(for: pity)
        nextRoll = Rarity.allCases.reversed().map { TierRate(rarity: $0, partsPerMillion: chances[$0, default: 0]) }
    }
}
