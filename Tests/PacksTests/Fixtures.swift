import Foundation
import Packs
import Testing

/// Runs `body` and returns the `PackImportError` it threw, or nil when it did not throw (any other
/// error is recorded as an issue).
func importError<T>(_ body: () throws -> T) -> PackImportError? {
    do {
        _ = try body()
        return nil
    } catch let error as PackImportError {
        return error
    } catch {
        Issue.record("not a PackImportError: \(error)")
        return nil
    }
}

/// Hand-assembled images: PNGs chunk by chunk (CRCs from `CRC32`, itself checked against the
/// standard check values in `PNGCardTests`), and the headers of JPEG, WebP and GIF files.
enum TestImage {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le24(_ value: Int) -> [UInt8] { le16(value) + [UInt8(value >> 16 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value) + le16(value >> 16) }

    /// Length, type, data and CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(CRC32.checksum(typed)))
    }

    /// 8-bit RGB (colour type 2), no interlace.
    static func ihdr(width: Int, height: Int) -> [UInt8] {
        chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
    }

    /// One 1×1 RGB scanline (filter byte 0, then r, g, b) in a zlib stream with one stored block.
    static func idat1x1(red: UInt8 = 0xFF, green: UInt8 = 0x80, blue: UInt8 = 0x00) -> [UInt8] {
        let raw: [UInt8] = [0, red, green, blue]
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let adler = Int(b << 16 | a)
        let stored: [UInt8] = [0x01] + le16(raw.count) + le16(~raw.count & 0xFFFF) + raw
        return chunk("IDAT", [0x78, 0x01] + stored + be32(adler))
    }

    static func text(_ keyword: String, _ text: [UInt8]) -> [UInt8] {
        chunk("tEXt", Array(keyword.utf8) + [0] + text)
    }

    static let iend = chunk("IEND", [])

    static func png(_ chunks: [[UInt8]]) -> Data { Data(pngSignature + chunks.flatMap { $0 }) }

    /// A valid 1×1 PNG (or `width`×`height` as declared by IHDR), with `chara` text when given.
    static func png(width: Int = 1, height: Int = 1, chara: [UInt8]? = nil) -> Data {
        var chunks = [ihdr(width: width, height: height)]
        if let chara { chunks.append(text("chara", chara)) }
        chunks += [idat1x1(), iend]
        return png(chunks)
    }

    /// A PNG card: `json` base64-encoded in a `chara` tEXt chunk.
    static func pngCard(json: String) -> Data {
        png(chara: Array(Data(json.utf8).base64EncodedData()))
    }

    /// SOI, an APP0 (JFIF) segment, a baseline frame header (SOF0), EOI.
    static func jpeg(width: Int, height: Int) -> Data {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof0: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 8] + be32(height << 16 | width).prefix(4)
            + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        return Data([0xFF, 0xD8] + app0 + sof0 + [0xFF, 0xD9])
    }

    static func riff(_ chunkType: String, _ payload: [UInt8]) -> Data {
        var body = Array("WEBP".utf8) + Array(chunkType.utf8) + le32(payload.count) + payload
        if payload.count % 2 == 1 { body.append(0) }
        return Data(Array("RIFF".utf8) + le32(body.count) + body)
    }

    /// The two top bits of each 16-bit size are an upscaling hint, not part of the size.
    static func webpLossy(width: Int, height: Int, scale: Int = 0) -> Data {
        riff("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A] + le16(width | scale << 14) + le16(height | scale << 14))
    }

    static func webpLossless(width: Int, height: Int) -> Data {
        let bits = (width - 1) | (height - 1) << 14
        return riff("VP8L", [0x2F] + le32(bits))
    }

    static func webpExtended(width: Int, height: Int) -> Data {
        riff("VP8X", [0, 0, 0, 0] + le24(width - 1) + le24(height - 1))
    }

    static func gif(width: Int, height: Int) -> Data {
        Data(Array("GIF89a".utf8) + le16(width) + le16(height) + [0, 0, 0, 0x3B])
    }
}

/// Character Card V2 JSON for tests.
enum TestCard {
    static func json(
        name: String = "Nova", firstMessage: String = "Hi, I'm Nova.", description: String = "A starship pilot.",
        tags: [String] = ["space"], gachabot: String? = nil, spec: String = "chara_card_v2"
    ) -> String {
        let extensions = gachabot.map { "{\"gachabot\": \($0)}" } ?? "{}"
        return """
            {"spec": \(quoted(spec)), "spec_version": "2.0", "data": {
              "name": \(quoted(name)), "description": \(quoted(description)), "personality": "bold",
              "scenario": "On the bridge.", "first_mes": \(quoted(firstMessage)), "mes_example": "",
              "system_prompt": "", "post_history_instructions": "Keep it short.", "creator_notes": "",
              "tags": \(list(tags)), "extensions": \(extensions)
            }}
            """
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ",") + "]" }
}
