import Clocks
import Storage

/// Draws characters: pure and deterministic given the random source, the counters, the
/// catalogue and the server's pool. It never touches storage; services persist the counters it returns.
public struct RollEngine: Sendable {
    public let catalogue: Catalogue
    public let rates: Rates

    public init(catalogue: Catalogue, rates: Rates) {
        self.catalogue = catalogue
        self.rates = rates
    }

    /// Draws the tier of the next roll (`Rates.chances(for:)`).
    public func rollTier(pity: PityCounters, random: any RandomSource) -> Rarity {
        let chances = rates.chances(for: pity)
        var draw = Int(random.next(below: UInt64(Rates.certain)))
        for rarity in Rarity.allCases {
            let chance = chances[rarity, default: 0]
            if draw < chance { return rarity }
            draw -= chance
        }
        return .common
    }

    /// One roll: draws a tier, then a character of that tier not in `excluding`, uniformly among
    /// the catalogue's characters and `pool`'s pack characters of that tier, and advances the pity
    /// counters by the tier actually given. The tier odds never depend on the pool.
    public func roll(
        pity: inout PityCounters, random: any RandomSource, excluding: Set<String> = [], pool: GuildPool = .empty
    ) -> GameCharacter {
        let wanted = rollTier(pity: pity, random: random)
        let character = pick(tier: wanted, random: random, excluding: excluding, pool: pool)
        pity = Self.advance(pity, by: character.rarity)
        return character
    }

    /// `count` rolls with no character twice (pity applied to each roll in turn).
    public func rollDistinct(count: Int, pity: inout PityCounters, random: any RandomSource, pool: GuildPool = .empty)
        -> [GameCharacter]
    {
        var drawn: [GameCharacter] = []
        var seen: Set<String> = []
        for _ in 0..<min(count, catalogue.characters.count + pool.characterCount) {
            let character = roll(pity: &pity, random: random, excluding: seen, pool: pool)
            drawn.append(character)
            seen.insert(character.id)
        }
        return drawn
    }

    /// The counters after a roll that gave `rarity`.
    public static func advance(_ pity: PityCounters, by rarity: Rarity) -> PityCounters {
        switch rarity {
        case .legendary: PityCounters(rollsSinceLegendary: 0, rollsSinceEpicOrBetter: 0)
        case .epic:
            PityCounters(rollsSinceLegendary: pity.rollsSinceLegendary + 1, rollsSinceEpicOrBetter: 0)
        case .common, .rare:
            PityCounters(
                rollsSinceLegendary: pity.rollsSinceLegendary + 1,
                rollsSinceEpicOrBetter: pity.rollsSinceEpicOrBetter + 1)
        }
    }

    /// A uniformly chosen character of `tier` (base, then the pool's pack characters, as one
    /// sequence) outside `excluding`; when the tier is used up, the nearest lower tier with
    /// characters left, else the nearest higher one. Costs O(|excluding|), whatever the pool's size.
    private func pick(tier: Rarity, random: any RandomSource, excluding: Set<String>, pool: GuildPool) -> GameCharacter {
        for candidateTier in Self.searchOrder[tier, default: [tier]] {
            let base = catalogue.byRarity[candidateTier, default: []]
            let packs = pool.byRarity[candidateTier, default: []]
            // Positions of the excluded characters in this tier (a pull excludes at most the few
            // drawn before): the k-th available character is found without filtering the tier.
            var skipped: [Int] = []
            for id in excluding {
                if let position = catalogue.tierPositions[id], position.rarity == candidateTier {
                    skipped.append(position.index)
                } else if let position = pool.tierPositions[id], position.rarity == candidateTier {
                    skipped.append(base.count + position.index)
                }
            }
            let available = base.count + packs.count - skipped.count
            guard available > 0 else { continue }
            var index = Int(random.next(below: UInt64(available)))
            for position in skipped.sorted() where position <= index { index += 1 }
            return index < base.count ? base[index] : packs[index - base.count]
        }
        // Only reachable when every character is excluded; rollDistinct never asks for more than exist.
        return catalogue.characters[Int(random.next(below: UInt64(catalogue.characters.count)))]
    }

    /// For each tier: itself, then the lower tiers nearest first, then the higher ones.
    private static let searchOrder: [Rarity: [Rarity]] = Dictionary(
        uniqueKeysWithValues: Rarity.allCases.map { tier in
            (tier, [tier] + Rarity.allCases.filter { $0 < tier }.reversed() + Rarity.allCases.filter { $0 > tier })
        })
}
