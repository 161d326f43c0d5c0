/// The id of a pack character wherever the game stores or sends a character id (inventory rows,
/// pulls, events, select values): `pk:<packID>:<characterID>`. Base catalogue ids are lowercase
/// slugs without `:`, so the two never collide.
public struct PackCharacterID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let prefix = "pk:"
    /// Discord's limit on a select option's value and an autocomplete choice's value, where the id
    /// travels.
    public static let maxEncodedLength = 100

    public let packID: String
    /// The character's stable id within its pack (it survives new versions of the pack).
    public let characterID: String

    /// Refuses an empty part, a part containing `:`, or an encoded id over 100 characters.
    public init(packID: String, characterID: String) throws(PackCharacterIDError) {
        for (part, value) in [("pack id", packID), ("character id", characterID)] {
            if value.isEmpty { throw .emptyPart(part) }
            if value.contains(":") { throw .colonInPart(part, value) }
        }
        self.packID = packID
        self.characterID = characterID
        let length = encoded.count
        if length > Self.maxEncodedLength { throw .tooLong(encoded: encoded, length: length) }
    }

    public var encoded: String { Self.encode(packID: packID, characterID: characterID) }

    /// The id's text for parts already known to be valid (the packs store's own keys).
    public static func encode(packID: String, characterID: String) -> String { prefix + packID + ":" + characterID }

    /// The pack character an id names, or nil for anything else (a base character's slug, or a
    /// malformed `pk:` id).
    public static func parse(_ id: String) -> PackCharacterID? {
        guard id.hasPrefix(prefix) else { return nil }
        let parts = id.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return try? PackCharacterID(packID: String(parts[0]), characterID: String(parts[1]))
    }

    /// Whether an id is in the pack namespace at all (well-formed or not): such an id never names a
    /// base character.
    public static func isPackNamespace(_ id: String) -> Bool { id.hasPrefix(prefix) }

    public var description: String { encoded }

    public static func < (lhs: PackCharacterID, rhs: PackCharacterID) -> Bool { lhs.encoded < rhs.encoded }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a pack character id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(encoded)
    }
}

/// Why a pack character id was refused; names the part at fault.
public enum PackCharacterIDError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyPart(String)
    case colonInPart(String, String)
    case tooLong(encoded: String, length: Int)

    public var description: String {
        switch self {
        case .emptyPart(let part): "pack character id: empty \(part)"
        case .colonInPart(let part, let value): "pack character id: \(part) \"\(value)\" contains ':'"
        case .tooLong(let encoded, let length):
            "pack character id \"\(encoded.prefix(40))…\" is \(length) characters; at most \(PackCharacterID.maxEncodedLength)"
        }
    }
}
