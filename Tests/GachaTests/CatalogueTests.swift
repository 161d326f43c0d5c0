import Foundation
import Gacha
import Storage
import Testing

@Suite struct CatalogueTests {
    @Test func realCatalogueLoadsAndMeetsTheBar() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        #expect(catalogue.characters.count >= 120)
        #expect(catalogue.series.count >= 8)
        for rarity in Rarity.allCases {
            // Each tier must hold at least a 10-pull's worth so pulls rarely need the fallback.
            #expect(catalogue.byRarity[rarity, default: []].count >= 10, "tier \(rarity)")
        }
        #expect(Set(catalogue.characters.map(\.id)).count == catalogue.characters.count)
        #expect(catalogue.characters.allSatisfy { !$0.persona.isEmpty && !$0.description.isEmpty })
    }

    /// Talk's card fields: an opening line for everyone, the rest for every rarer character.
    @Test func realCatalogueCarriesTalkCards() throws {
        let catalogue = try Catalogue.load(from: catalogueURL)
        for character in catalogue.characters {
            #expect(character.firstMessage?.isEmpty == false, "first_mes of \(character.id)")
            guard character.rarity != .common else { continue }
            #expect(character.scenario?.isEmpty == false, "scenario of \(character.id)")
            #expect(character.exampleMessages?.hasPrefix("<START>\n{{user}}: ") == true, "mes_example of \(character.id)")
            guard character.rarity >= .epic else { continue }
            #expect(character.personality?.isEmpty == false, "personality of \(character.id)")
            #expect(character.postHistoryInstructions?.isEmpty == false, "post_history_instructions of \(character.id)")
            if character.rarity == .legendary {
                // A base character's own system prompt replaces the default, so it keeps its rules.
                #expect(character.systemPrompt?.contains("Never write @everyone, @here or any mention.") == true, "\(character.id)")
            }
        }
    }

    @Test func cardFieldsDecodeAndAreOptional() throws {
        var entry = Self.entry("c", rarity: "epic")
        entry["first_mes"] = "Hello, {{user}}."
        entry["personality"] = "Bold."
        entry["scenario"] = "A ship."
        entry["mes_example"] = "<START>\n{{char}}: Hi."
        entry["system_prompt"] = "You are {{char}}."
        entry["post_history_instructions"] = "Be brief."
        let catalogue = try Catalogue.decode(Self.json([Self.validTiers[0], Self.validTiers[1], entry, Self.validTiers[3]]))
        let c = try #require(catalogue.character("c"))
        #expect(c.firstMessage == "Hello, {{user}}." && c.personality == "Bold." && c.scenario == "A ship.")
        #expect(c.exampleMessages == "<START>\n{{char}}: Hi." && c.systemPrompt == "You are {{char}}." && c.postHistoryInstructions == "Be brief.")
        let plain = try #require(catalogue.character("a"))
        #expect(plain.firstMessage == nil && plain.personality == nil && plain.systemPrompt == nil)
        // A character encoded before talk (no card keys) still decodes.
        let old = #"{"id":"x","name":"X","series":"S","rarity":"rare","description":"d","persona":"p"}"#
        let decoded = try JSONDecoder().decode(GameCharacter.self, from: Data(old.utf8))
        #expect(decoded.persona == "p" && decoded.firstMessage == nil && decoded.pack == nil)
        let again = try JSONDecoder().decode(GameCharacter.self, from: try JSONEncoder().encode(c))
        #expect(again == c)
    }

    static func json(_ entries: [[String: String]]) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["version": 1, "characters": entries])) ?? Data()
    }

    static func entry(_ id: String, rarity: String, name: String = "Someone") -> [String: String] {
        ["id": id, "name": name, "series": "S", "rarity": rarity, "description": "d", "persona": "p"]
    }

    static let validTiers = [
        entry("a", rarity: "common"), entry("b", rarity: "rare"), entry("c", rarity: "epic"),
        entry("d", rarity: "legendary"),
    ]

    @Test func validMinimalCatalogueDecodes() throws {
        let catalogue = try Catalogue.decode(Self.json(Self.validTiers))
        #expect(catalogue.characters.map(\.id) == ["a", "b", "c", "d"])
    }

    @Test func duplicateIDNamesTheEntry() {
        let error = #expect(throws: CatalogueError.self) {
            try Catalogue.decode(Self.json(Self.validTiers + [Self.entry("b", rarity: "common")]))
        }
        #expect(error == .duplicateID(.init(index: 4, id: "b")))
        #expect(error?.description.contains("\"b\"") == true)
        #expect(error?.description.contains("#4") == true)
    }

    @Test func unknownRarityNamesTheEntryAndValue() {
        let error = #expect(throws: CatalogueError.self) {
            try Catalogue.decode(Self.json(Self.validTiers + [Self.entry("zed", rarity: "mythic")]))
        }
        #expect(error == .unknownRarity("mythic", .init(index: 4, id: "zed")))
        #expect(error?.description.contains("zed") == true)
        #expect(error?.description.contains("mythic") == true)
    }

    @Test func emptyNameNamesTheEntry() {
        let error = #expect(throws: CatalogueError.self) {
            try Catalogue.decode(Self.json(Self.validTiers + [Self.entry("blank", rarity: "rare", name: "  ")]))
        }
        #expect(error == .emptyField("name", .init(index: 4, id: "blank")))
        #expect(error?.description.contains("blank") == true)
    }

    @Test func badSlugNamesTheEntry() {
        let error = #expect(throws: CatalogueError.self) {
            try Catalogue.decode(Self.json(Self.validTiers + [Self.entry("Bad Id", rarity: "rare")]))
        }
        #expect(error == .invalidID(.init(index: 4, id: "Bad Id")))
    }

    @Test func emptyTierIsNamed() {
        let error = #expect(throws: CatalogueError.self) {
            try Catalogue.decode(Self.json(Array(Self.validTiers.dropLast())))
        }
        #expect(error == .emptyTier(.legendary))
        #expect(error?.description.contains("legendary") == true)
    }

    @Test func malformedFileAndMissingFileAreReported() {
        #expect(throws: CatalogueError.self) { try Catalogue.decode(Data("{not json".utf8)) }
        let missing = URL(fileURLWithPath: "/nonexistent/catalogue.json")
        let error = #expect(throws: CatalogueError.self) { try Catalogue.load(from: missing) }
        #expect(error?.description.contains("/nonexistent/catalogue.json") == true)
    }
}
