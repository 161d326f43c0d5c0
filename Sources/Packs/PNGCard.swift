import Foundation

/// A character card embedded in a PNG: base64 CCv2 JSON in the `tEXt` chunk whose keyword is
/// `chara`. The PNG must be well formed (`PNGFile`) and is itself the character's image.
enum PNGCard {
    /// The error path for problems of the `chara` text itself.
    static let charaPath = "tEXt chunk \"chara\""

    static func read(_ data: Data, file: String, limits: PackLimits) throws(PackImportError) -> ImportedCharacter {
        guard data.count <= limits.maxImageBytes else {
            throw PackImportError(file: file, .tooManyBytes(data.count, limit: limits.maxImageBytes))
        }
        let png = try PNGFile(parsing: data, file: file)
        let image = try PackImage(png: data, parsed: png, file: file, limits: limits)
        guard let text = png.charaText else {
            if let other = png.charaInOtherChunk {
                throw PackImportError(
                    file: file, path: "\(other) chunk \"chara\"", .malformed("card data must be in a tEXt chunk, not \(other)")
                )
            }
            throw PackImportError(file: file, .missingCharaChunk)
        }
        guard let json = decodeBase64(text) else {
            throw PackImportError(file: file, path: charaPath, .notBase64)
        }
        guard json.count <= limits.maxCardJSONBytes else {
            throw PackImportError(file: file, path: charaPath, .tooManyBytes(json.count, limit: limits.maxCardJSONBytes))
        }
        let wire: CharacterCardWire
        do {
            wire = try JSONDocument.decode(CharacterCardWire.self, from: json, file: file)
        } catch where error.problem == .notJSON {
            throw PackImportError(file: file, path: charaPath, .notJSON)
        }
        let card = try wire.card(file: file, prefix: "", limits: limits)
        return ImportedCharacter(card: card, image: image)
    }

    /// Strict base64 (standard alphabet), with surrounding ASCII whitespace ignored and missing
    /// `=` padding tolerated. Nil for anything else.
    static func decodeBase64(_ text: Data) -> Data? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return nil
        }
        var trimmed = Data(text[first...last])
        if trimmed.count % 4 != 0 {
            trimmed.append(contentsOf: repeatElement(UInt8(ascii: "="), count: 4 - trimmed.count % 4))
        }
        return Data(base64Encoded: trimmed)
    }
}
