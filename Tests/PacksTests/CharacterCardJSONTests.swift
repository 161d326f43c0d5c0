import Foundation
import Gacha
import Packs
import Testing

@Suite struct CharacterCardJSONTests {
    let importer = PackImporter()

    @Test func validCardKeepsItsFieldsAndIgnoresUnknownOnes() throws {
        let json = """
            {"spec": "chara_card_v2", "spec_version": "2.0", "name": "root field of V1", "avatar": "none",
             "data": {"name": "Nova", "description": "A starship pilot.", "personality": "bold",
              "scenario": "On the bridge.", "first_mes": "Welcome aboard.", "mes_example": "<START>",
              "system_prompt": "Stay in character.", "creator_notes": "Best with a space setting.",
              "tags": ["space", "pilot"], "post_history_instructions": "Reply in two lines.", "alternate_greetings": ["Hey"],
              "character_book": {"entries": []}, "creator": "someone", "character_version": "3",
              "extensions": {"depth_prompt": {"depth": 4, "prompt": "x"}, "gachabot": {"rarity": "epic", "id": "nova"}}}}
            """
        let imported = try importer.importJSONCard(Data(json.utf8), file: "nova.json")
        let card = imported.card
        #expect(card.name == "Nova")
        #expect(card.description == "A starship pilot.")
        #expect(card.personality == "bold")
        #expect(card.scenario == "On the bridge.")
        #expect(card.firstMessage == "Welcome aboard.")
        #expect(card.messageExample == "<START>")
        #expect(card.systemPrompt == "Stay in character.")
        #expect(card.postHistoryInstructions == "Reply in two lines.")
        #expect(card.creatorNotes == "Best with a space setting.")
        #expect(card.tags == ["space", "pilot"])
        #expect(card.gachabot.rarity == .epic)
        #expect(card.gachabot.id == "nova")
        #expect(card.extensions["depth_prompt"] == .object(["depth": .integer(4), "prompt": .string("x")]))
        #expect(imported.image == nil)
    }

    @Test func missingOptionalFieldsBecomeEmpty() throws {
        let json = #"{"spec": "chara_card_v2", "data": {"name": "Nova", "system_prompt": null}}"#
        let card = try importer.importJSONCard(Data(json.utf8), file: "nova.json").card
        #expect(card.description.isEmpty && card.systemPrompt.isEmpty && card.tags.isEmpty)
        #expect(card.postHistoryInstructions.isEmpty)
        #expect(card.gachabot == GachabotExtension())
    }

    @Test func wrongSpecIsNamed() throws {
        let error = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(spec: "chara_card_v3").utf8), file: "nova.json")
        })
        #expect(error.path == "spec")
        #expect(error.description == #"nova.json: spec is "chara_card_v3"; expected "chara_card_v2""#)
    }

    @Test func aFutureMajorSpecVersionIsRefused() throws {
        let json = #"{"spec": "chara_card_v2", "spec_version": "3.0", "data": {"name": "Nova"}}"#
        let error = try #require(importError { try importer.importJSONCard(Data(json.utf8), file: "c.json") })
        #expect(error.description == #"c.json: spec_version is "3.0"; expected "2.0""#)
        let minor = #"{"spec": "chara_card_v2", "spec_version": "2.1", "data": {"name": "Nova"}}"#
        #expect(try importer.importJSONCard(Data(minor.utf8), file: "c.json").card.name == "Nova")
    }

    @Test func errorsQuoteOnlyAShortNeutralisedPreview() throws {
        let hostile = "@everyone " + String(repeating: "spam ", count: 2_000)
        let json = TestCard.json(gachabot: #"{"rarity": \#(TestCard.quoted(hostile))}"#)
        let error = try #require(importError { try importer.importJSONCard(Data(json.utf8), file: "<@&1> \u{202E}gnp.exe") })
        #expect(error.description.unicodeScalars.count < 200)
        #expect(!error.description.contains("@everyone") && !error.description.contains("<@&"))
        #expect(!error.description.unicodeScalars.contains("\u{202E}"))
        #expect(error.description.hasPrefix("@role gnp.exe: data.extensions.gachabot.rarity is \"\u{FF20}everyone spam"))
    }

    @Test func missingSpecOrNameIsNamed() throws {
        let noSpec = try #require(importError {
            try importer.importJSONCard(Data(#"{"name": "V1 card"}"#.utf8), file: "old.json")
        })
        #expect(noSpec.description == "old.json: spec is missing")
        let noName = try #require(importError {
            try importer.importJSONCard(Data(#"{"spec": "chara_card_v2", "data": {"description": "x"}}"#.utf8), file: "a.json")
        })
        #expect(noName.description == "a.json: data.name is missing")
        let blankName = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(name: " \u{200B}\u{202E} ").utf8), file: "a.json")
        })
        #expect(blankName.description == "a.json: data.name is empty")
    }

    @Test func notJSONAndWrongTypesAreNamed() throws {
        let notJSON = try #require(importError { try importer.importJSONCard(Data("{ nope".utf8), file: "a.json") })
        #expect(notJSON.description == "a.json is not valid JSON")
        #expect(notJSON.problem == .notJSON)
        let json = #"{"spec": "chara_card_v2", "data": {"name": "Nova", "tags": "space, pilot"}}"#
        let wrongType = try #require(importError { try importer.importJSONCard(Data(json.utf8), file: "a.json") })
        #expect(wrongType.path == "data.tags")
        #expect(wrongType.description == "a.json: data.tags is not a list")
    }

    @Test func fieldTooLongNamesFileFieldAndCountsWithoutQuotingTheText() throws {
        let long = String(repeating: "é", count: 2_412)
        let error = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(firstMessage: long).utf8), file: "nova.json")
        })
        #expect(error.problem == .tooLong(characters: 2_412, limit: 2_000))
        #expect(error.description == "nova.json: data.first_mes is 2,412 characters; at most 2,000")
        #expect(!error.description.contains("éé"))
    }

    @Test(arguments: [
        ("description", 4_000), ("personality", 4_000), ("scenario", 4_000), ("mes_example", 4_000),
        ("system_prompt", 4_000), ("post_history_instructions", 4_000), ("first_mes", 2_000), ("creator_notes", 2_000),
        ("name", 64),
    ])
    func everyTextFieldHasItsLimit(field: String, limit: Int) throws {
        func card(length: Int) -> Data {
            let name = field == "name" ? "" : #""name": "N", "#
            return Data(#"{"spec": "chara_card_v2", "data": {\#(name)"\#(field)": "\#(String(repeating: "a", count: length))"}}"#.utf8)
        }
        _ = try importer.importJSONCard(card(length: limit), file: "c.json")
        let error = try #require(importError { try importer.importJSONCard(card(length: limit + 1), file: "c.json") })
        #expect(error.path == "data.\(field)")
        #expect(error.problem == .tooLong(characters: limit + 1, limit: limit))
    }

    @Test func tagsAreCountedAndMeasured() throws {
        let many = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(tags: (1...11).map { "t\($0)" }).utf8), file: "c.json")
        })
        #expect(many.description == "c.json: data.tags has 11 tags; at most 10")
        let long = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(tags: ["ok", String(repeating: "x", count: 33)]).utf8), file: "c.json")
        })
        #expect(long.description == "c.json: data.tags[1] is 33 characters; at most 32")
    }

    @Test func unknownRarityAndBadIDAreNamed() throws {
        let rarity = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(gachabot: #"{"rarity": "mythic"}"#).utf8), file: "c.json")
        })
        #expect(rarity.path == "data.extensions.gachabot.rarity")
        #expect(rarity.description == #"c.json: data.extensions.gachabot.rarity is "mythic"; expected common, rare, epic or legendary"#)
        let id = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(gachabot: #"{"id": "Nova Prime"}"#).utf8), file: "c.json")
        })
        #expect(id.path == "data.extensions.gachabot.id")
        let wrongType = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json(gachabot: #"{"rarity": 3}"#).utf8), file: "c.json")
        })
        #expect(wrongType.description == "c.json: data.extensions.gachabot.rarity is not a string (it is a number)")
    }

    @Test func oversizedCardFileIsRefusedBeforeParsing() throws {
        let importer = PackImporter(limits: PackLimits(maxCardJSONBytes: 100))
        let error = try #require(importError {
            try importer.importJSONCard(Data(TestCard.json().utf8), file: "c.json")
        })
        guard case .tooManyBytes(_, let limit) = error.problem else {
            Issue.record("expected tooManyBytes, got \(error)")
            return
        }
        #expect(limit == 100)
    }

    @Test func aCardWrittenBackIsReadTheSame() throws {
        let original = try importer.importJSONCard(
            Data(TestCard.json(gachabot: #"{"rarity": "legendary", "id": "nova"}"#).utf8), file: "c.json"
        ).card
        let again = try importer.importJSONCard(try original.jsonData(), file: "c.json").card
        #expect(again == original)
        let withNote = CharacterCard(name: "Nova", postHistoryInstructions: "Stay brief, {{char}}.")
        #expect(try importer.importJSONCard(try withNote.jsonData(), file: "c.json").card.postHistoryInstructions == "Stay brief, {{char}}.")
        #expect(again.gachabot.rarity == .legendary)
    }
}
