import Storage

/// The published odds of a roll, and the pity rules that bend them.
///
/// Standard table (`Rates.standard`), per roll, before pity:
///
/// | tier      | chance |
/// |-----------|--------|
/// | common    | 79 %   |
/// | rare      | 15 %   |
/// | epic      | 5 %    |
/// | legendary | 1 %    |
///
/// Pity, counted per roll (a `/roll` and every character of a 5- or 10-pull each count as one
/// roll), kept per member and per server, stored in the database so it survives restarts:
/// - **Soft pity**: from the 76th roll in a row without a legendary, the legendary chance grows by
///   6 percentage points per roll (76th: 7 %, 77th: 13 %, … 89th: 85 %). The other tiers shrink
///   in proportion.
/// - **Hard pity**: the 90th roll in a row without a legendary is a legendary.
/// - **Epic guarantee**: the 10th roll in a row without an epic or legendary is at least epic
///   (legendary keeps its current chance; everything else becomes epic).
/// - A legendary resets both counters; an epic resets the epic counter.
///
/// Within a tier every character of the server's pool (the catalogue plus its enabled packs, see
/// `GuildPool`) is equally likely; packs never change the tier odds. A 5- or 10-pull never shows the same
/// character twice: a character already drawn in the pull is set aside for the rest of it (if a
/// tier runs out, the roll moves to the nearest lower tier that still has characters, else the
/// nearest higher one).
///
/// Chances are held in parts per million so the arithmetic is exact and reproducible.
public struct Rates: Sendable, Hashable {
    /// One million parts: certainty.
    public static let certain = 1_000_000

    /// Base chance of each tier, in parts per million; they sum to `certain`.
    public var base: [Rarity: Int]
    /// `nil` turns every pity rule off (used by the statistical test of the base rates).
    public var pity: PityRules?

    public struct PityRules: Sendable, Hashable {
        /// Rolls without a legendary after which soft pity begins (75: it applies from the 76th).
        public var softPityAfter: Int
        /// Extra legendary chance per roll beyond `softPityAfter`, in parts per million.
        public var softPityStep: Int
        /// The roll number (counting rolls without a legendary, this one included) that is always legendary.
        public var hardPity: Int
        /// The roll number without an epic-or-better that is always epic or better; `nil` for none.
        public var epicGuarantee: Int?

        public init(softPityAfter: Int, softPityStep: Int, hardPity: Int, epicGuarantee: Int?) {
            self.softPityAfter = softPityAfter
            self.softPityStep = softPityStep
            self.hardPity = hardPity
            self.epicGuarantee = epicGuarantee
        }

        public static let standard = PityRules(
            softPityAfter: 75, softPityStep: 60_000, hardPity: 90, epicGuarantee: 10)
    }

    public init(base: [Rarity: Int], pity: PityRules?) {
        self.base = base
        self.pity = pity
    }

    public static let standard = Rates(
        base: [.common: 790_000, .rare: 150_000, .epic: 50_000, .legendary: 10_000], pity: .standard)

    /// The same base table with pity switched off.
    public var withoutPity: Rates { Rates(base: base, pity: nil) }

    /// The published table, highest tier first, for `/rates` and the README.
    public var table: [TierRate] {
        Rarity.allCases.reversed().map { TierRate(rarity: $0, partsPerMillion: base[$0, default: 0]) }
    }

    /// The chance of each tier for the next roll of a member with these counters.
    public func chances(for pity: PityCounters) -> [Rarity: Int] {
        guard let rules = self.pity else { return base }
        let baseLegendary = base[.legendary, default: 0]
        let legendaryRoll = pity.rollsSinceLegendary + 1
        var legendary = baseLegendary
        if legendaryRoll >= rules.hardPity {
            legendary = Self.certain
        } else if legendaryRoll > rules.softPityAfter {
            legendary = min(Self.certain, baseLegendary + (legendaryRoll - rules.softPityAfter) * rules.softPityStep)
        }
        var chances: [Rarity: Int] = [.legendary: legendary]
        let remaining = Self.certain - legendary
        if let guarantee = rules.epicGuarantee, pity.rollsSinceEpicOrBetter + 1 >= guarantee {
            chances[.epic] = remaining
            chances[.rare] = 0
            chances[.common] = 0
            return chances
        }
        // Shrink the lower tiers in proportion; rounding leftovers go to common.
        let lowerBase = Self.certain - baseLegendary
        var assigned = 0
        for rarity in [Rarity.rare, .epic] {
            let share = lowerBase == 0 ? 0 : Int(Int64(base[rarity, default: 0]) * Int64(remaining) / Int64(lowerBase))
            chances[rarity] = share
            assigned += share
        }
        chances[.common] = remaining - assigned
        return chances
    }

    /// Checks that the table is usable: every tier present, nothing negative, the sum is certain.
    public func validate() throws(RatesError) {
        for rarity in Rarity.allCases {
            guard let value = base[rarity], value >= 0 else { throw .missingTier(rarity) }
        }
        let sum = base.values.reduce(0, +)
        guard sum == Self.certain else { throw .doesNotSumToOne(sum) }
        if let pity {
            guard pity.hardPity >= 1, pity.softPityAfter >= 0, pity.softPityStep >= 0 else { throw .invalidPity }
            if let guarantee = pity.epicGuarantee, guarantee < 1 { throw .invalidPity }
        }
    }
}

/// One row of the published table.
public struct TierRate: Sendable, Hashable, Codable {
    public var rarity: Rarity
    public var partsPerMillion: Int
    /// The chance as a percentage (`1.0` for 1 %).
    public var percent: Double { Double(partsPerMillion) / 10_000 }
}

public enum RatesError: Error, Hashable, Sendable {
    case missingTier(Rarity)
    case doesNotSumToOne(Int)
    case invalidPity
}
