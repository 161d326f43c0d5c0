import Clocks
import Gacha
import Storage
import Testing

@Suite struct RatesTests {
    @Test func publishedTableSumsToOneAndIsExposedAsData() throws {
        try Rates.standard.validate()
        let table = Rates.standard.table
        #expect(table.map(\.rarity) == [.legendary, .epic, .rare, .common])
        #expect(table.map(\.percent) == [1, 5, 15, 79])
    }

    @Test func softAndHardPityShapeTheLegendaryChance() {
        let rates = Rates.standard
        func legendary(after rolls: Int) -> Int {
            rates.chances(for: PityCounters(rollsSinceLegendary: rolls, rollsSinceEpicOrBetter: 0))[.legendary] ?? -1
        }
        #expect(legendary(after: 0) == 10_000)
        #expect(legendary(after: 74) == 10_000)  // the 75th roll: no soft pity yet
        #expect(legendary(after: 75) == 70_000)  // the 76th: 1 % + 6 %
        #expect(legendary(after: 88) == 850_000)  // the 89th
        #expect(legendary(after: 89) == 1_000_000)  // the 90th: hard pity
        for rolls in [0, 50, 80, 89, 120] {
            let chances = rates.chances(for: PityCounters(rollsSinceLegendary: rolls, rollsSinceEpicOrBetter: 3))
            #expect(chances.values.reduce(0, +) == Rates.certain)
            #expect(chances.values.allSatisfy { $0 >= 0 })
        }
        let guaranteed = rates.chances(for: PityCounters(rollsSinceLegendary: 20, rollsSinceEpicOrBetter: 9))
        #expect(guaranteed[.common] == 0 && guaranteed[.rare] == 0)
        #expect(guaranteed[.epic] == 990_000)
    }

    /// Chi-square goodness of fit of the tier frequencies against the BASE rates, pity off.
    @Test func observedFrequenciesMatchPublishedRates() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let engine = RollEngine(catalogue: catalogue, rates: Rates.standard.withoutPity)
        let random = SeededRandomSource(seed: 20_251_122)
        let rolls = 200_000
        var counts: [Rarity: Int] = [:]
        var pity = PityCounters()
        for _ in 0..<rolls { counts[engine.roll(pity: &pity, random: random).rarity, default: 0] += 1 }
        var chiSquare = 0.0
        for rate in Rates.standard.table {
            let expected = Double(rolls) * Double(rate.partsPerMillion) / Double(Rates.certain)
            let observed = Double(counts[rate.rarity, default: 0])
            chiSquare += (observed - expected) * (observed - expected) / expected
        }
        // 3 degrees of freedom; 16.27 is the critical value at p = 0.001.
        #expect(chiSquare < 16.27, "chi-square \(chiSquare), counts \(counts)")
    }

    /// With pity on, no run of 90 rolls is without a legendary, and no run of 10 without an epic or better.
    @Test(arguments: [UInt64(1), 2, 3])
    func hardPityAlwaysHolds(seed: UInt64) throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        let random = SeededRandomSource(seed: seed)
        var pity = PityCounters()
        var sinceLegendary = 0
        var sinceEpic = 0
        var longestWithoutLegendary = 0
        var longestWithoutEpic = 0
        var legendaries = 0
        for _ in 0..<200_000 {
            let rarity = engine.roll(pity: &pity, random: random).rarity
            sinceLegendary = rarity == .legendary ? 0 : sinceLegendary + 1
            sinceEpic = rarity >= .epic ? 0 : sinceEpic + 1
            if rarity == .legendary { legendaries += 1 }
            longestWithoutLegendary = max(longestWithoutLegendary, sinceLegendary)
            longestWithoutEpic = max(longestWithoutEpic, sinceEpic)
            #expect(pity.rollsSinceLegendary == sinceLegendary)
        }
        #expect(longestWithoutLegendary <= 89)
        #expect(longestWithoutEpic <= 9)
        // Pity lifts the effective legendary rate above the 1 % base.
        #expect(Double(legendaries) / 200_000 > 0.01)
    }

    @Test func pullsHaveNoDuplicatesAndCountPityPerRoll() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        let random = SeededRandomSource(seed: 9)
        var pity = PityCounters(rollsSinceLegendary: 85, rollsSinceEpicOrBetter: 0)
        for _ in 0..<500 {
            let pull = engine.rollDistinct(count: 10, pity: &pity, random: random)
            #expect(pull.count == 10)
            #expect(Set(pull.map(\.id)).count == 10)
        }
        // From 85 rolls without a legendary, a 10-pull must contain one by its 5th roll.
        var nearPity = PityCounters(rollsSinceLegendary: 85, rollsSinceEpicOrBetter: 0)
        let pull = engine.rollDistinct(count: 10, pity: &nearPity, random: SeededRandomSource(seed: 1))
        #expect(pull.prefix(5).contains { $0.rarity == .legendary })
    }

    @Test func exhaustedTierFallsBackWithoutRepeating() throws {
        // Every roll forced legendary: only one legendary exists, so the pull falls back to other tiers.
        let catalogue = try smallCatalogue()
        let alwaysLegendary = Rates(
            base: [.common: 0, .rare: 0, .epic: 0, .legendary: Rates.certain], pity: nil)
        let engine = RollEngine(catalogue: catalogue, rates: alwaysLegendary)
        var pity = PityCounters()
        let pull = engine.rollDistinct(count: 10, pity: &pity, random: SeededRandomSource(seed: 3))
        #expect(Set(pull.map(\.id)).count == 10)
        #expect(pull[0].rarity == .legendary)
        #expect(pull[1].rarity == .epic)
    }

    @Test func engineIsDeterministicForASeed() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        func run() -> [String] {
            var pity = PityCounters()
            let random = SeededRandomSource(seed: 77)
            return (0..<200).map { _ in engine.roll(pity: &pity, random: random).id }
        }
        #expect(run() == run())
    }

    /// The engine skips drawn characters by their position in the tier; the obvious way (filter
    /// the tier, then index) must give the very same characters for the same draws.
    @Test(arguments: [UInt64(5), 6])
    func skippingByPositionPicksWhatFilteringWould(seed: UInt64) throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        // Epic-heavy rates make tiers run low within one pull, exercising exclusions and fallbacks.
        let rates = Rates(base: [.common: 0, .rare: 0, .epic: Rates.certain, .legendary: 0], pity: nil)
        let engine = RollEngine(catalogue: catalogue, rates: rates)
        let drawnByEngine = SeededRandomSource(seed: seed)
        let drawnByReference = SeededRandomSource(seed: seed)
        for _ in 0..<50 {
            var pity = PityCounters()
            let pull = engine.rollDistinct(count: 30, pity: &pity, random: drawnByEngine)
            var reference: [String] = []
            var referencePity = PityCounters()
            for _ in 0..<30 {
                let tier = engine.rollTier(pity: referencePity, random: drawnByReference)
                let order = [tier] + Rarity.allCases.filter { $0 < tier }.reversed() + Rarity.allCases.filter { $0 > tier }
                for candidate in order {
                    let pool = catalogue.byRarity[candidate, default: []].filter { !reference.contains($0.id) }
                    guard !pool.isEmpty else { continue }
                    let character = pool[Int(drawnByReference.next(below: UInt64(pool.count)))]
                    reference.append(character.id)
                    referencePity = RollEngine.advance(referencePity, by: character.rarity)
                    break
                }
            }
            #expect(pull.map(\.id) == reference)
            #expect(Set(reference).count == 30)
        }
    }
}
