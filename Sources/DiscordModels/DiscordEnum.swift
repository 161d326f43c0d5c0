/// The convention for every integer enum of Discord's: a value Discord adds tomorrow decodes as
/// `.unknown(raw)` and encodes back to the same number, so a new value never fails an event.
/// Conformers implement `init(rawValue:)` and `rawValue`; coding comes from this extension.
public protocol DiscordEnum: Sendable, Hashable, Codable {
    init(rawValue: Int)
    var rawValue: Int { get }
}

extension DiscordEnum {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

}

/// Same convention for Discord's string enums (locales aside).
public protocol DiscordStringEnum: Sendable, Hashable, Codable {
    init(rawValue: String)
    var rawValue: String { get }
}

extension DiscordStringEnum {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
