/// Why a card, an image or a pack file was refused. Its description names the file and, when there
/// is one, the field path at fault (`nova.png: data.first_mes is 2,412 characters; at most 2,000`);
/// it quotes at most a short, neutralised preview of user text, never the whole of it.
public struct PackImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (an attachment's name, a path's last component).
    public let file: String
    /// Where in the file: a JSON path (`characters[3].data.name`) or a PNG chunk (`chunk 2 (IDAT)`).
    public let path: String?
    public let problem: Problem

    public init(file: String, path: String? = nil, _ problem: Problem) {
        self.file = file
        self.path = path
        self.problem = problem
    }

    public enum Problem: Sendable, Hashable {
        /// The file or the field is larger than allowed.
        case tooManyBytes(Int, limit: Int)
        /// A text field is longer than allowed (in Unicode scalars).
        case tooLong(characters: Int, limit: Int)
        /// The distinct images a pack names add up to more bytes than allowed, counting this one.
        case packImagesTooLarge(Int, limit: Int)
        /// A list has more entries than allowed (`what`: "tags", "characters").
        case tooMany(count: Int, limit: Int, what: String)
        /// A required field is absent or null.
        case missing
        /// A required text is empty, or only invisible characters.
        case empty
        /// A field has the wrong JSON type (`expected`: "a string", "an object").
        case wrongType(expected: String)
        /// A field holds a value outside its allowed set; `found` is a short preview.
        case unexpectedValue(found: String, expected: String)
        /// The file is not JSON at all.
        case notJSON
        /// The `chara` chunk's text is not base64.
        case notBase64
        /// The file ends too early (`detail` says where: a PNG chunk, a JPEG segment, IEND).
        case truncated(String)
        /// A chunk's CRC-32 does not match its type and data.
        case badCRC(stored: UInt32, computed: UInt32)
        /// The image's structure breaks a rule of its format (`rule` says which).
        case malformed(String)
        /// The PNG has no `tEXt` chunk with the keyword `chara`.
        case missingCharaChunk
        /// The first bytes are not those of a PNG, JPEG, WebP or GIF.
        case unsupportedImageFormat
        /// The image is larger than allowed.
        case tooManyPixels(width: Int, height: Int, maxWidth: Int, maxHeight: Int)
        /// Two characters of a pack share an `extensions.gachabot.id`; `firstPath` is the earlier one.
        case duplicateID(String, firstPath: String)
        /// A pack names a file (cover, character image) that was not supplied with it.
        case fileNotSupplied(String)
        /// A lone card that is an image of another format than PNG (so it cannot carry a card).
        case notACard(ImageFormat)
    }

    public var description: String {
        let subject = path.map { "\(SafeText.preview(file, limit: 64)): \($0)" } ?? SafeText.preview(file, limit: 64)
        switch problem {
        case .tooManyBytes(let bytes, let limit):
            return "\(subject) is \(Self.grouped(bytes)) bytes; at most \(Self.grouped(limit))"
        case .packImagesTooLarge(let bytes, let limit):
            return "\(subject) brings the pack's images to \(Self.grouped(bytes)) bytes; at most \(Self.grouped(limit))"
        case .tooLong(let characters, let limit):
            return "\(subject) is \(Self.grouped(characters)) characters; at most \(Self.grouped(limit))"
        case .tooMany(let count, let limit, let what):
            return "\(subject) has \(Self.grouped(count)) \(what); at most \(Self.grouped(limit))"
        case .missing:
            return "\(subject) is missing"
        case .empty:
            return "\(subject) is empty"
        case .wrongType(let expected):
            return "\(subject) is not \(expected)"
        case .unexpectedValue(let found, let expected):
            return "\(subject) is \"\(found)\"; expected \(expected)"
        case .notJSON:
            return "\(subject) is not valid JSON"
        case .notBase64:
            return "\(subject) is not base64"
        case .truncated(let detail):
            return "\(subject) is truncated: \(detail)"
        case .badCRC(let stored, let computed):
            return "\(subject) has a bad CRC-32 (stored \(Self.hex(stored)), computed \(Self.hex(computed)))"
        case .malformed(let rule):
            return "\(subject) is malformed: \(rule)"
        case .missingCharaChunk:
            return "\(subject) has no tEXt chunk with the keyword \"chara\" (not a character card)"
        case .unsupportedImageFormat:
            return "\(subject) is not a PNG, JPEG, WebP or GIF image (judged by its first bytes)"
        case .tooManyPixels(let width, let height, let maxWidth, let maxHeight):
            return "\(subject) is \(Self.grouped(width))×\(Self.grouped(height)) pixels; at most \(Self.grouped(maxWidth))×\(Self.grouped(maxHeight))"
        case .duplicateID(let id, let firstPath):
            return "\(subject) \"\(id)\" is already used by \(firstPath)"
        case .fileNotSupplied(let name):
            return "\(subject) names \"\(name)\", which was not supplied with the pack"
        case .notACard(let format):
            return "\(subject) is a \(format.displayName) image; a card is a PNG with a \"chara\" chunk, or JSON"
        }
    }

    /// `2412` → `2,412`, independent of the locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - text.count)) + text
    }
}
