import Foundation
import Packs
import Testing

@Suite struct ImageTests {
    let importer = PackImporter()

    @Test func dimensionsAreReadFromEachFormatsHeader() throws {
        let cases: [(Data, ImageFormat, Int, Int)] = [
            (TestImage.png(width: 1, height: 1), .png, 1, 1),
            (TestImage.jpeg(width: 640, height: 480), .jpeg, 640, 480),
            (TestImage.webpLossy(width: 300, height: 200), .webp, 300, 200),
            (TestImage.webpLossy(width: 640, height: 480, scale: 2), .webp, 640, 480),
            (TestImage.webpLossless(width: 1_000, height: 17), .webp, 1_000, 17),
            (TestImage.webpExtended(width: 2_048, height: 1_536), .webp, 2_048, 1_536),
            (TestImage.gif(width: 320, height: 240), .gif, 320, 240),
        ]
        for (data, format, width, height) in cases {
            let image = try importer.validateImage(data, file: "image")
            #expect(image.format == format)
            #expect(image.width == width && image.height == height, "\(format): \(image.width)×\(image.height)")
            #expect(image.data == data)
        }
    }

    @Test func wrongMagicBytesAreRefused() throws {
        let bitmap = Data([0x42, 0x4D, 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0])
        let svg = Data(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8)
        for data in [bitmap, svg, Data(), Data("RIFF0000WAVE".utf8)] {
            let error = try #require(importError { try importer.validateImage(data, file: "cover.png") })
            #expect(error.problem == .unsupportedImageFormat)
            #expect(error.description == "cover.png is not a PNG, JPEG, WebP or GIF image (judged by its first bytes)")
        }
    }

    @Test func aCardMustBeAPNGOrJSON() throws {
        let error = try #require(importError { try importer.importCard(TestImage.jpeg(width: 8, height: 8), file: "nova.jpg") })
        #expect(error.description == #"nova.jpg is a JPEG image; a card is a PNG with a "chara" chunk, or JSON"#)
        let json = try importer.importCard(Data(TestCard.json().utf8), file: "nova.json")
        #expect(json.card.name == "Nova" && json.image == nil)
    }

    @Test func tooManyPixelsIsRefusedForEveryFormat() throws {
        let images = [
            TestImage.png(width: 2_049, height: 10), TestImage.jpeg(width: 10, height: 4_000),
            TestImage.webpExtended(width: 16_000, height: 16_000), TestImage.gif(width: 2_049, height: 2_049),
        ]
        for data in images {
            let error = try #require(importError { try importer.validateImage(data, file: "big") })
            guard case .tooManyPixels(_, _, let maxWidth, let maxHeight) = error.problem else {
                Issue.record("expected tooManyPixels, got \(error)")
                continue
            }
            #expect(maxWidth == 2_048 && maxHeight == 2_048)
        }
    }

    @Test func tooManyBytesIsRefusedBeforeParsing() throws {
        let small = PackImporter(limits: PackLimits(maxImageBytes: 20))
        let error = try #require(importError { try small.validateImage(TestImage.jpeg(width: 1, height: 1), file: "a.jpg") })
        #expect(error.problem == .tooManyBytes(TestImage.jpeg(width: 1, height: 1).count, limit: 20))
        #expect(throws: Never.self) { try small.validateImage(TestImage.gif(width: 1, height: 1), file: "a.gif") }
    }

    @Test func truncatedAndMalformedHeadersAreRefused() throws {
        let cases: [Data] = [
            TestImage.jpeg(width: 10, height: 10).prefix(12),
            Data([0xFF, 0xD8, 0xFF, 0xD9]),
            TestImage.webpExtended(width: 5, height: 5).prefix(26),
            TestImage.gif(width: 5, height: 5).prefix(8),
            TestImage.gif(width: 0, height: 5),
        ]
        for data in cases {
            let error = try #require(importError { try importer.validateImage(data, file: "x") })
            switch error.problem {
            case .truncated, .malformed: break
            default: Issue.record("unexpected \(error)")
            }
        }
    }
}
