import Gacha

/// What Gachabot reads from a card's `data.extensions.gachabot`: all optional on a lone card,
/// `rarity` and `id` required on every card of a pack file.
public struct GachabotExtension: Sendable, Hashable {
    /// `common`, `rare`, `epic` or `legendary`.
    public var rarity: Rarity?
    /// The character's stable id within its pack: lowercase ASCII letters, digits, `-` and `_`.
    /// A new version of the pack keeps owned characters by this id.
    public var id: String?
    /// In a pack file: the name of the character's image file, supplied with the pack.
    public var image: String?

    public init(rarity: Rarity? = nil, id: String? = nil, image: String? = nil) {
        self.rarity = rarity
        self.id = id
        self.image = image
    }

    /// Reads `extensions["gachabot"]`; `path` is the JSON path of `extensions`.
    init(
        extensions: [String: JSONValue], path: String, file: String, limits: PackLimits
    ) throws(PackImportError) {
        self.init()
        guard let value = extensions["gachabot"] else { return }
        let base = "\(path).gachabot"
        guard case .object(let fields) = value else {
            throw PackImportError(file: file, path: base, .wrongType(expected: "an object"))
        }
        if let raw = try Self.string(fields["rarity"], path: "\(base).rarity", file: file) {
            guard let rarity = Rarity(rawValue: raw) else {
                throw PackImportError(
                    file: file, path: "\(base).rarity",
                    .unexpectedValue(found: SafeText.preview(raw), expected: "common, rare, epic or legendary")
                )
            }
            self.rarity = rarity
        }
        if let raw = try Self.string(fields["id"], path: "\(base).id", file: file) {
            try Self.checkID(raw, path: "\(base).id", file: file, limits: limits)
            self.id = raw
        }
        if let raw = try Self.string(fields["image"], path: "\(base).image", file: file) {
            try ResourceName.check(raw, path: "\(base).image", file: file, limits: limits)
            self.image = raw
        }
    }

    /// The extension as JSON, for writing it back into a card's `extensions`.
    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [:]
        if let rarity { fields["rarity"] = .string(rarity.rawValue) }
        if let id { fields["id"] = .string(id) }
        if let image { fields["image"] = .string(image) }
        return .object(fields)
    }

    private static func string(_ value: JSONValue?, path: String, file: String) throws(PackImportError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            throw PackImportError(file: file, path: path, .wrongType(expected: "a string (it is \(other.typeName))"))
        }
    }

    static func checkID(_ id: String, path: String, file: String, limits: PackLimits) throws(PackImportError) {
        guard !id.isEmpty else { throw PackImportError(file: file, path: path, .empty) }
        let length = id.unicodeScalars.count
        guard length <= limits.maxCharacterIDCharacters else {
            throw PackImportError(file: file, path: path, .tooLong(characters: length, limit: limits.maxCharacterIDCharacters))
        }
        let allowed = id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
        guard allowed else {
            throw PackImportError(
                file: file, path: path,
                .unexpectedValue(found: SafeText.preview(id), expected: "lowercase ASCII letters, digits, - and _")
            )
        }
    }
}
