import Foundation
import Gacha
import Packs
import Testing

@Suite struct PackFileTests {
    let importer = PackImporter()

    static func card(id: String, rarity: String, name: String, extra: String = "") -> String {
        TestCard.json(name: name, gachabot: #"{"rarity": "\#(rarity)", "id": "\#(id)"\#(extra)}"#)
    }

    static func manifest(characters: [String], name: String = "Starlight Crew", extra: String = "") -> Data {
        Data("""
            {"format": "gachabot-pack", "version": 1, "name": \(TestCard.quoted(name)), \(extra)
             "characters": [\(characters.joined(separator: ",\n"))]}
            """.utf8)
    }

    /// A realistic pack: a cover, three characters of three rarities, one with its own image,
    /// unicode text, extensions of other tools, and fields we ignore.
    static let starlight = Data(#"""
        {
          "format": "gachabot-pack",
          "version": 3,
          "name": "Starlight Crew",
          "description": "The crew of the *Starlight*: a pilot, an engineer and a very old ship's cat. ✨",
          "tags": ["space", "sci-fi", "crew"],
          "cover": "cover.png",
          "homepage": "ignored",
          "characters": [
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
              "name": "Nova Vasquez", "description": "Ace pilot of the Starlight.", "personality": "Bold, loyal.",
              "scenario": "The bridge, mid-jump.", "first_mes": "*grins* Strap in, {{user}}.",
              "mes_example": "<START>\n{{char}}: Hold on!", "system_prompt": "", "creator_notes": "Pairs with Tamsin.",
              "tags": ["pilot"], "alternate_greetings": ["Hey."],
              "extensions": {"gachabot": {"rarity": "legendary", "id": "nova", "image": "nova.gif"}, "talkativeness": "0.5"}}},
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
              "name": "Tamsin Okoro", "description": "Chief engineer; talks to the engines.", "personality": "Dry wit.",
              "scenario": "", "first_mes": "Don't touch that.", "mes_example": "", "system_prompt": "",
              "creator_notes": "", "tags": [], "extensions": {"gachabot": {"rarity": "epic", "id": "tamsin"}}}},
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
              "name": "Biscuit 🐈", "description": "The ship's cat. Older than the ship.", "personality": "",
              "scenario": "", "first_mes": "Mrrp.", "mes_example": "", "system_prompt": "", "creator_notes": "",
              "tags": ["cat"], "extensions": {"gachabot": {"rarity": "common", "id": "biscuit"}, "depth_prompt": {"depth": 4}}}}
          ]
        }
        """#.utf8)

    static let files: [String: Data] = [
        "cover.png": TestImage.png(width: 1, height: 1),
        "nova.gif": TestImage.gif(width: 512, height: 512),
        "unused.txt": Data("ignored".utf8),
    ]

    @Test func realisticPackRoundTrips() throws {
        let pack = try importer.importPack(manifest: Self.starlight, file: "starlight.json", files: Self.files)
        #expect(pack.version == 3)
        #expect(pack.name == "Starlight Crew")
        #expect(pack.tags == ["space", "sci-fi", "crew"])
        #expect(pack.coverFile == "cover.png")
        #expect(pack.cover?.format == .png)
        #expect(pack.characters.map(\.id) == ["nova", "tamsin", "biscuit"])
        #expect(pack.characters.map(\.rarity) == [.legendary, .epic, .common])
        #expect(pack.characters[0].image?.format == .gif && pack.characters[0].image?.width == 512)
        #expect(pack.characters[1].image == nil)
        #expect(pack.characters[0].card.firstMessage == "*grins* Strap in, {{user}}.")
        #expect(pack.characters[2].card.extensions["depth_prompt"] == .object(["depth": .integer(4)]))

        let written = try pack.manifestJSON()
        let again = try importer.importPack(manifest: written, file: "starlight.json", files: Self.files)
        #expect(again == pack)
    }

    @Test func packFieldsAreChecked() throws {
        let cases: [(Data, String)] = [
            (Data(#"{"format": "zip", "version": 1}"#.utf8), #"p.json: format is "zip"; expected "gachabot-pack""#),
            (Data(#"{"format": "gachabot-pack"}"#.utf8), "p.json: version is missing"),
            (Data(#"{"format": "gachabot-pack", "version": 0}"#.utf8), #"p.json: version is "0"; expected a whole number from 1 to 2,147,483,647"#),
            (Data(#"{"format": "gachabot-pack", "version": "1"}"#.utf8), "p.json: version is not an integer"),
            (Self.manifest(characters: [], name: String(repeating: "n", count: 65)), "p.json: name is 65 characters; at most 64"),
            (Self.manifest(characters: [], extra: #""description": "\#(String(repeating: "d", count: 1_001))","#), "p.json: description is 1,001 characters; at most 1,000"),
            (Self.manifest(characters: [], extra: #""tags": \#(TestCard.list((0...10).map { "t\($0)" })),"#), "p.json: tags has 11 tags; at most 10"),
            (Self.manifest(characters: []), "p.json: characters is empty"),
            (Self.manifest(characters: [], extra: #""cover": "../../etc/passwd","#), #"p.json: cover is "../../etc/passwd"; expected a plain file name (letters, digits, . - _)"#),
            (Self.manifest(characters: [], extra: #""cover": "cover.png","#), #"p.json: cover names "cover.png", which was not supplied with the pack"#),
        ]
        for (manifest, expected) in cases {
            let error = try #require(importError { try importer.importPack(manifest: manifest, file: "p.json") })
            #expect(error.description == expected)
        }
    }

    @Test func tooManyCharactersIsRefused() throws {
        let cards = (0...200).map { Self.card(id: "c\($0)", rarity: "common", name: "C\($0)") }
        let error = try #require(importError { try importer.importPack(manifest: Self.manifest(characters: cards), file: "p.json") })
        #expect(error.description == "p.json: characters has 201 characters; at most 200")
        let smaller = PackImporter(limits: PackLimits(maxCharactersPerPack: 3))
        let four = try #require(importError {
            try smaller.importPack(manifest: Self.manifest(characters: Array(cards.prefix(4))), file: "p.json")
        })
        #expect(four.problem == .tooMany(count: 4, limit: 3, what: "characters"))
        #expect(throws: Never.self) {
            try smaller.importPack(manifest: Self.manifest(characters: Array(cards.prefix(3))), file: "p.json")
        }
    }

    @Test func duplicateCharacterIDsAreRefused() throws {
        let cards = [
            Self.card(id: "nova", rarity: "epic", name: "Nova"), Self.card(id: "tamsin", rarity: "rare", name: "Tamsin"),
            Self.card(id: "nova", rarity: "common", name: "Nova again"),
        ]
        let error = try #require(importError { try importer.importPack(manifest: Self.manifest(characters: cards), file: "p.json") })
        #expect(error.path == "characters[2].data.extensions.gachabot.id")
        #expect(error.description == #"p.json: characters[2].data.extensions.gachabot.id "nova" is already used by characters[0]"#)
    }

    @Test func everyCharacterNeedsAKnownRarityAndAnID() throws {
        let unknown = try #require(importError {
            try importer.importPack(manifest: Self.manifest(characters: [Self.card(id: "a", rarity: "mythic", name: "A")]), file: "p.json")
        })
        #expect(unknown.description == #"p.json: characters[0].data.extensions.gachabot.rarity is "mythic"; expected common, rare, epic or legendary"#)
        let noID = try #require(importError {
            try importer.importPack(manifest: Self.manifest(characters: [TestCard.json(gachabot: #"{"rarity": "rare"}"#)]), file: "p.json")
        })
        #expect(noID.description == "p.json: characters[0].data.extensions.gachabot.id is missing")
        let noRarity = try #require(importError {
            try importer.importPack(manifest: Self.manifest(characters: [TestCard.json(gachabot: #"{"id": "a"}"#)]), file: "p.json")
        })
        #expect(noRarity.description == "p.json: characters[0].data.extensions.gachabot.rarity is missing")
    }

    @Test func cardErrorsInAPackNameTheCharacter() throws {
        let long = TestCard.json(description: String(repeating: "d", count: 4_001), gachabot: #"{"rarity": "rare", "id": "b"}"#)
        let cards = [Self.card(id: "a", rarity: "rare", name: "A"), long]
        let error = try #require(importError { try importer.importPack(manifest: Self.manifest(characters: cards), file: "p.json") })
        #expect(error.description == "p.json: characters[1].data.description is 4,001 characters; at most 4,000")
        let wrongType = try #require(importError {
            try importer.importPack(manifest: Self.manifest(characters: [#"{"spec": "chara_card_v2", "data": {"name": 7}}"#]), file: "p.json")
        })
        #expect(wrongType.description == "p.json: characters[0].data.name is not a string")
    }

    @Test func imagesSharedByCharactersCountOnceTowardsThePackTotal() throws {
        let image = TestImage.gif(width: 8, height: 8)
        let cards = (0..<5).map { Self.card(id: "c\($0)", rarity: "rare", name: "C\($0)", extra: #", "image": "shared.gif""#) }
        let oneFile = PackImporter(limits: PackLimits(maxPackImageBytes: image.count))
        let pack = try oneFile.importPack(manifest: Self.manifest(characters: cards), file: "p.json", files: ["shared.gif": image])
        #expect(pack.characters.allSatisfy { $0.image?.data == image })

        let second = Self.card(id: "other", rarity: "rare", name: "Other", extra: #", "image": "other.gif""#)
        let error = try #require(importError {
            try oneFile.importPack(
                manifest: Self.manifest(characters: cards + [second]), file: "p.json",
                files: ["shared.gif": image, "other.gif": image]
            )
        })
        #expect(error.path == "characters[5].data.extensions.gachabot.image")
        #expect(error.problem == .packImagesTooLarge(2 * image.count, limit: image.count))
    }

    @Test func imagesNamedByAPackAreChecked() throws {
        var files = Self.files
        files["nova.gif"] = Data("GIF00a not really".utf8)
        let error = try #require(importError { try importer.importPack(manifest: Self.starlight, file: "s.json", files: files) })
        #expect(error.description == "nova.gif is not a PNG, JPEG, WebP or GIF image (judged by its first bytes)")
        files["nova.gif"] = TestImage.gif(width: 4_000, height: 10)
        let big = try #require(importError { try importer.importPack(manifest: Self.starlight, file: "s.json", files: files) })
        #expect(big.description == "nova.gif is 4,000×10 pixels; at most 2,048×2,048")
    }
}
