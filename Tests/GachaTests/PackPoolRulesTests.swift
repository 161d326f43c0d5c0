import Clocks
import Foundation
import Gacha
import Storage
import Testing

/// The roll engine on a server's pool of base and pack characters: the published tier rates and
/// pity are untouched, and within a tier every character is equally likely.
@Suite struct PackPoolRulesTests {
    static func pool(packs: Int, perPack: Int = 40) throws -> GuildPool {
        try GuildPool(packs: TestPacks(count: packs, perPack: perPack).state.withLock { $0.packs })
    }

    /// Chi-square goodness of fit of the tier frequencies against the BASE rates, pity off, on a
    /// pool of the catalogue plus 50 packs of 40 characters (2,000 pack characters, far more than
    /// the catalogue's own).
    @Test func observedFrequenciesMatchPublishedRatesWithFiftyPacks() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let pool = try Self.pool(packs: 50)
        #expect(pool.packs.count == 50)
        #expect(pool.characterCount == 2_000)
        let engine = RollEngine(catalogue: catalogue, rates: Rates.standard.withoutPity)
        let random = SeededRandomSource(seed: 20_251_203)
        let rolls = 200_000
        var counts: [Rarity: Int] = [:]
        var fromPacks = 0
        var pity = PityCounters()
        for _ in 0..<rolls {
            let character = engine.roll(pity: &pity, random: random, pool: pool)
            counts[character.rarity, default: 0] += 1
            if character.pack != nil { fromPacks += 1 }
        }
        var chiSquare = 0.0
        for rate in Rates.standard.table {
            let expected = Double(rolls) * Double(rate.partsPerMillion) / Double(Rates.certain)
            let observed = Double(counts[rate.rarity, default: 0])
            chiSquare += (observed - expected) * (observed - expected) / expected
        }
        // 3 degrees of freedom; 16.27 is the critical value at p = 0.001.
        #expect(chiSquare < 16.27, "chi-square \(chiSquare), counts \(counts)")
        // Pack characters are drawn in proportion to their share of each tier.
        var expectedFromPacks = 0.0
        for rate in Rates.standard.table {
            let base = Double(catalogue.byRarity[rate.rarity, default: []].count)
            let packs = Double(pool.byRarity[rate.rarity, default: []].count)
            expectedFromPacks += Double(rolls) * Double(rate.partsPerMillion) / Double(Rates.certain) * packs / (base + packs)
        }
        #expect(abs(Double(fromPacks) - expectedFromPacks) < 0.02 * expectedFromPacks, "\(fromPacks) vs \(expectedFromPacks)")
    }

    /// With pity on and 50 packs in the pool, no run of 90 rolls is without a legendary, and no run
    /// of 10 without an epic or better.
    @Test(arguments: [UInt64(1), 2, 3])
    func hardPityAlwaysHoldsWithFiftyPacks(seed: UInt64) throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let pool = try Self.pool(packs: 50)
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        let random = SeededRandomSource(seed: seed)
        var pity = PityCounters()
        var sinceLegendary = 0
        var sinceEpic = 0
        var longestWithoutLegendary = 0
        var longestWithoutEpic = 0
        var packLegendaries = 0
        for _ in 0..<200_000 {
            let character = engine.roll(pity: &pity, random: random, pool: pool)
            let rarity = character.rarity
            sinceLegendary = rarity == .legendary ? 0 : sinceLegendary + 1
            sinceEpic = rarity >= .epic ? 0 : sinceEpic + 1
            if rarity == .legendary, character.pack != nil { packLegendaries += 1 }
            longestWithoutLegendary = max(longestWithoutLegendary, sinceLegendary)
            longestWithoutEpic = max(longestWithoutEpic, sinceEpic)
            #expect(pity.rollsSinceLegendary == sinceLegendary)
        }
        #expect(longestWithoutLegendary <= 89)
        #expect(longestWithoutEpic <= 9)
        // Pity's legendaries come from the packs too, not only from the catalogue.
        #expect(packLegendaries > 0)
    }

    /// Within a tier, the catalogue's 6 commons and the pool's 6 commons are drawn equally often
    /// (chi-square over the 12 characters).
    @Test func withinATierBaseAndPackCharactersAreEquallyLikely() throws {
        let catalogue = try smallCatalogue()
        let commons = (0..<6).map { GuildPool.Entry(characterID: "c\($0)", name: "Pack Common \($0)", rarity: .common) }
        let pool = try GuildPool(packs: [
            GuildPool.PackEntry(id: "alpha", name: "Alpha", characters: Array(commons.prefix(2))),
            GuildPool.PackEntry(id: "beta", name: "Beta", characters: Array(commons.dropFirst(2))),
        ])
        let onlyCommon = Rates(base: [.common: Rates.certain, .rare: 0, .epic: 0, .legendary: 0], pity: nil)
        let engine = RollEngine(catalogue: catalogue, rates: onlyCommon)
        let random = SeededRandomSource(seed: 12)
        let rolls = 60_000
        var counts: [String: Int] = [:]
        var pity = PityCounters()
        for _ in 0..<rolls { counts[engine.roll(pity: &pity, random: random, pool: pool).id, default: 0] += 1 }
        #expect(counts.count == 12)
        #expect(counts.keys.filter { $0.hasPrefix("pk:") }.count == 6)
        let expected = Double(rolls) / 12
        let chiSquare = counts.values.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        // 11 degrees of freedom; 31.26 is the critical value at p = 0.001.
        #expect(chiSquare < 31.26, "chi-square \(chiSquare), counts \(counts)")
    }

    /// A pull never repeats a character, across base and pack characters, and a used-up tier
    /// falls back through the pool's characters as through the catalogue's.
    @Test func pullsAreDistinctAcrossBaseAndPackCharacters() throws {
        let catalogue = try smallCatalogue()
        let pool = try GuildPool(packs: [TestPacks.pack("p", characters: 20)])
        let alwaysLegendary = Rates(base: [.common: 0, .rare: 0, .epic: 0, .legendary: Rates.certain], pity: nil)
        let engine = RollEngine(catalogue: catalogue, rates: alwaysLegendary)
        var pity = PityCounters()
        // 1 base and 1 pack legendary, then 2 + 2 epics: the first two are legendary, the next four epic.
        let pull = engine.rollDistinct(count: 10, pity: &pity, random: SeededRandomSource(seed: 3), pool: pool)
        #expect(Set(pull.map(\.id)).count == 10)
        #expect(pull.prefix(2).allSatisfy { $0.rarity == .legendary })
        #expect(pull.dropFirst(2).prefix(4).allSatisfy { $0.rarity == .epic })
        #expect(pull.contains { $0.pack != nil } && pull.contains { $0.pack == nil })
        // A pull may be as large as catalogue and pool together.
        var again = PityCounters()
        let everything = engine.rollDistinct(count: 100, pity: &again, random: SeededRandomSource(seed: 4), pool: pool)
        #expect(everything.count == catalogue.characters.count + pool.characterCount)
        #expect(Set(everything.map(\.id)).count == everything.count)
    }

    /// An empty pool draws exactly what the catalogue alone draws: servers without packs see no change.
    @Test func anEmptyPoolChangesNoDraw() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        func run(_ pool: GuildPool?) -> [String] {
            var pity = PityCounters()
            let random = SeededRandomSource(seed: 31)
            return (0..<300).map { index in
                if index % 10 == 0 {
                    let pull = pool.map { engine.rollDistinct(count: 10, pity: &pity, random: random, pool: $0) }
                        ?? engine.rollDistinct(count: 10, pity: &pity, random: random)
                    return pull.map(\.id).joined(separator: ",")
                }
                return (pool.map { engine.roll(pity: &pity, random: random, pool: $0) } ?? engine.roll(pity: &pity, random: random)).id
            }
        }
        #expect(run(nil) == run(.empty))
        #expect(run(try GuildPool(packs: [])) == run(nil))
    }

    /// The same packs listed in another order roll the same characters for the same seed.
    @Test func drawsDoNotDependOnTheProvidersOrder() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        let packs = TestPacks(count: 5).state.withLock { $0.packs }
        let engine = RollEngine(catalogue: catalogue, rates: .standard)
        func run(_ entries: [GuildPool.PackEntry]) throws -> [String] {
            let pool = try GuildPool(packs: entries)
            var pity = PityCounters()
            let random = SeededRandomSource(seed: 8)
            return (0..<200).map { _ in engine.roll(pity: &pity, random: random, pool: pool).id }
        }
        let shuffled = packs.reversed().map { GuildPool.PackEntry(id: $0.id, name: $0.name, characters: $0.characters.reversed()) }
        #expect(try run(packs) == run(shuffled))
    }

    @Test func poolCountsEachPacksCharactersPerTier() throws {
        let pool = try GuildPool(packs: [TestPacks.pack("a", characters: 40), TestPacks.pack("b", characters: 20)])
        #expect(pool.packs.map(\.id) == ["a", "b"])
        #expect(pool.packs[0].counts == [.common: 24, .rare: 10, .epic: 4, .legendary: 2])
        #expect(pool.packs[1].counts == [.common: 12, .rare: 5, .epic: 2, .legendary: 1])
        #expect(pool.packs[1].total == 20)
        let character = try #require(pool.character("pk:a:legendary1"))
        #expect(character.rarity == .legendary)
        #expect(character.pack == PackOrigin(packID: "a", packName: "The a Pack", available: true))
        #expect(character.series == "The a Pack")
        #expect(pool.character("pk:a:nobody") == nil)
    }

    @Test func poolRefusesBadIDsAndRepeatsNamingThem() {
        let one = [GuildPool.Entry(characterID: "x", name: "X", rarity: .common)]
        #expect(throws: GuildPoolError.duplicatePack("a")) {
            try GuildPool(packs: [.init(id: "a", name: "A", characters: one), .init(id: "a", name: "A again", characters: one)])
        }
        #expect(throws: GuildPoolError.duplicateCharacter(pack: "a", character: "x")) {
            try GuildPool(packs: [.init(id: "a", name: "A", characters: one + one)])
        }
        #expect(throws: GuildPoolError.invalidID(pack: "a:b", character: "x", .colonInPart("pack id", "a:b"))) {
            try GuildPool(packs: [.init(id: "a:b", name: "A", characters: one)])
        }
        let error = #expect(throws: GuildPoolError.self) {
            try GuildPool(packs: [.init(id: "a", name: "A", characters: [.init(characterID: "", name: "Empty", rarity: .rare)])])
        }
        #expect(error?.description.contains("pack \"a\"") == true)
        #expect(error?.description.contains("empty character id") == true)
    }

    @Test func packCharacterIDsEncodeAndParse() throws {
        let id = try PackCharacterID(packID: "Pk7x", characterID: "hero-1")
        #expect(id.encoded == "pk:Pk7x:hero-1")
        #expect(PackCharacterID.parse(id.encoded) == id)
        #expect(PackCharacterID.parse("pell-ashgrove") == nil)
        #expect(PackCharacterID.parse("pk:a") == nil)
        #expect(PackCharacterID.parse("pk:a:b:c") == nil)
        #expect(PackCharacterID.parse("pk::b") == nil)
        #expect(PackCharacterID.parse("pk:a:") == nil)
        #expect(PackCharacterID.isPackNamespace("pk:a:"))
        #expect(throws: PackCharacterIDError.emptyPart("character id")) { try PackCharacterID(packID: "a", characterID: "") }
        #expect(throws: PackCharacterIDError.colonInPart("character id", "b:c")) { try PackCharacterID(packID: "a", characterID: "b:c") }
        let long = String(repeating: "x", count: 95)
        #expect(throws: PackCharacterIDError.self) { try PackCharacterID(packID: "abc", characterID: long) }
        #expect(PackCharacterID.parse("pk:abc:" + long) == nil)
        // Codable as its encoded text.
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"pk:Pk7x:hero-1\"]")
        #expect(try JSONDecoder().decode([PackCharacterID].self, from: data) == [id])
    }
}
