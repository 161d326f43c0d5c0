import Foundation
import Packs
import Testing

@Suite struct PNGCardTests {
    let importer = PackImporter()

    @Test func crc32MatchesTheStandardCheckValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(TestImage.iend == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    @Test func validPNGCardGivesTheCardAndTheImage() throws {
        let png = TestImage.pngCard(json: TestCard.json(gachabot: #"{"rarity": "rare"}"#))
        let imported = try importer.importPNGCard(png, file: "nova.png")
        #expect(imported.card.name == "Nova")
        #expect(imported.card.firstMessage == "Hi, I'm Nova.")
        #expect(imported.card.gachabot.rarity == .rare)
        let image = try #require(imported.image)
        #expect(image.format == .png && image.width == 1 && image.height == 1)
        #expect(image.data == png)
        // importCard recognises the PNG by its signature.
        #expect(try importer.importCard(png, file: "nova.png") == imported)
    }

    @Test func everyTruncationOfACardIsReportedAsTruncated() throws {
        let png = TestImage.pngCard(json: TestCard.json())
        for length in 0..<png.count {
            let error = try #require(importError { try importer.importPNGCard(png.prefix(length), file: "nova.png") })
            guard case .truncated = error.problem else {
                Issue.record("prefix of \(length) bytes: \(error)")
                continue
            }
            #expect(error.description.hasPrefix("nova.png"))
        }
    }

    @Test func truncatedChunkNamesTheChunk() throws {
        let png = TestImage.pngCard(json: TestCard.json())
        let error = try #require(importError { try importer.importPNGCard(png.prefix(60), file: "nova.png") })
        #expect(error.path == "chunk 1 (tEXt)")
        #expect(error.description.contains("nova.png: chunk 1 (tEXt) is truncated"))
    }

    @Test func badCRCIsReportedWithItsChunk() throws {
        var png = TestImage.pngCard(json: TestCard.json())
        // Flip a byte inside the tEXt chunk's data (signature 8 + IHDR 25 + tEXt header 8 + 10).
        png[png.startIndex + 8 + 25 + 8 + 10] ^= 0x01
        let error = try #require(importError { try importer.importPNGCard(png, file: "nova.png") })
        #expect(error.path == "chunk 1 (tEXt)")
        guard case .badCRC = error.problem else {
            Issue.record("expected a bad CRC, got \(error)")
            return
        }
        #expect(error.description.hasPrefix("nova.png: chunk 1 (tEXt) has a bad CRC-32"))
    }

    @Test func structuralRulesAreEnforced() throws {
        let card = TestImage.text("chara", Array(Data(TestCard.json().utf8).base64EncodedData()))
        let ihdr = TestImage.ihdr(width: 1, height: 1)
        let cases: [(Data, String)] = [
            (TestImage.png([card, ihdr, TestImage.idat1x1(), TestImage.iend]), "the first chunk must be IHDR"),
            (TestImage.png([ihdr, card, TestImage.iend]), "there is no IDAT chunk"),
            (TestImage.png([ihdr, card, TestImage.idat1x1(), TestImage.iend]) + Data([0]), "1 byte follows IEND"),
            (TestImage.png([TestImage.ihdr(width: 0, height: 1), TestImage.idat1x1(), TestImage.iend]), "IHDR gives 0×1 pixels"),
            (TestImage.png([ihdr, TestImage.chunk("ABCD", []), TestImage.idat1x1(), TestImage.iend]), "unknown critical chunk"),
            (Data("not a png at all".utf8), "it does not start with the PNG signature"),
        ]
        for (png, rule) in cases {
            let error = try #require(importError { try importer.importPNGCard(png, file: "x.png") })
            #expect(error.problem == .malformed(rule), "\(error)")
        }
    }

    @Test func missingCharaChunkIsNamed() throws {
        let error = try #require(importError { try importer.importPNGCard(TestImage.png(), file: "plain.png") })
        #expect(error.problem == .missingCharaChunk)
        #expect(error.description.hasPrefix("plain.png has no tEXt chunk with the keyword \"chara\""))
    }

    @Test func charaThatIsNotBase64IsNamed() throws {
        let png = TestImage.png(chara: Array("this is not base64!".utf8))
        let error = try #require(importError { try importer.importPNGCard(png, file: "nova.png") })
        #expect(error.problem == .notBase64)
        #expect(error.description == #"nova.png: tEXt chunk "chara" is not base64"#)
    }

    @Test func charaThatIsNotJSONIsNamed() throws {
        let png = TestImage.png(chara: Array(Data("hello, world".utf8).base64EncodedData()))
        let error = try #require(importError { try importer.importPNGCard(png, file: "nova.png") })
        #expect(error.problem == .notJSON)
        #expect(error.description == #"nova.png: tEXt chunk "chara" is not valid JSON"#)
    }

    @Test func charaJSONHasTheCardJSONByteLimit() throws {
        let importer = PackImporter(limits: PackLimits(maxCardJSONBytes: 64))
        let json = TestCard.json()
        let error = try #require(importError { try importer.importPNGCard(TestImage.pngCard(json: json), file: "nova.png") })
        #expect(error.description == #"nova.png: tEXt chunk "chara" is \#(json.utf8.count) bytes; at most 64"#)
    }

    @Test func cardErrorsInsideAPNGNameTheField() throws {
        let png = TestImage.pngCard(json: TestCard.json(firstMessage: String(repeating: "x", count: 2_412)))
        let error = try #require(importError { try importer.importPNGCard(png, file: "nova.png") })
        #expect(error.description == "nova.png: data.first_mes is 2,412 characters; at most 2,000")
    }

    @Test func oversizedPNGCardIsRefused() throws {
        let filler = TestImage.text("Comment", [UInt8](repeating: 0x41, count: 2 * 1024 * 1024))
        let chara = TestImage.text("chara", Array(Data(TestCard.json().utf8).base64EncodedData()))
        let big = TestImage.png([TestImage.ihdr(width: 1, height: 1), chara, filler, TestImage.idat1x1(), TestImage.iend])
        let bytes = try #require(importError { try importer.importPNGCard(big, file: "big.png") })
        #expect(bytes.problem == .tooManyBytes(big.count, limit: 2_097_152))
        #expect(bytes.description.hasSuffix("bytes; at most 2,097,152"))

        let wide = TestImage.pngCard(json: TestCard.json())
        let huge = TestImage.png(width: 4_096, height: 1_024, chara: Array(Data(TestCard.json().utf8).base64EncodedData()))
        #expect(throws: Never.self) { try importer.importPNGCard(wide, file: "ok.png") }
        let pixels = try #require(importError { try importer.importPNGCard(huge, file: "huge.png") })
        #expect(pixels.description == "huge.png is 4,096×1,024 pixels; at most 2,048×2,048")
    }
}
