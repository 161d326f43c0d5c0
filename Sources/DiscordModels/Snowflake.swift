import Foundation

/// A Discord id, typed by what it names so a `UserID` cannot be passed where a `GuildID` is expected.
/// Encoded as a JSON string (Discord's ids overflow JavaScript numbers); a JSON number is accepted
/// when decoding.
/// https://discord.com/developers/docs/reference#snowflakes
public struct Snowflake<Kind>: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, CodingKeyRepresentable
{
    public let rawValue: UInt64

    /// Milliseconds from the Unix epoch to the first second of 2015, Discord's epoch.
    public static var discordEpochMilliseconds: UInt64 { 1_420_070_400_000 }

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt64) { self.rawValue = value }

    /// Parses the decimal form; nil for anything else (including an empty string or a sign).
    public init?(_ string: some StringProtocol) {
        guard let value = parseSnowflakeDecimal(string.utf8) else { return nil }
        self.rawValue = value
    }

    /// The same id seen as another kind (a guild's @everyone role has the guild's id, say).
    public func converted<Other>(to: Other.Type = Other.self) -> Snowflake<Other> {
        Snowflake<Other>(rawValue)
    }

    /// When the id was minted.
    public var timestamp: Date {
        let ms = (rawValue >> 22) + Self.discordEpochMilliseconds
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// The shard a guild id (or any id) maps to: `(id >> 22) % shardCount`.
    public func shardIndex(shardCount: Int) -> Int {
        guard shardCount > 0 else { return 0 }
        return Int((rawValue >> 22) % UInt64(shardCount))
    }

    public var description: String { String(rawValue) }

    /// Lets `[UserID: User]` decode from a JSON object keyed by id (interaction `resolved`).
    public var codingKey: any CodingKey { SnowflakeKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(codingKey.stringValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            guard let value = parseSnowflakeDecimal(string) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Snowflake is not a decimal string: \(string)")
            }
            self.rawValue = value
        } else {
            self.rawValue = try container.decode(UInt64.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public enum UserKind {}
public enum GuildKind {}
public enum ChannelKind {}
public enum MessageKind {}
public enum RoleKind {}
public enum ApplicationKind {}
public enum InteractionKind {}
public enum CommandKind {}
public enum SKUKind {}
public enum EntitlementKind {}
public enum AttachmentKind {}
public enum WebhookKind {}
public enum EmojiKind {}
public enum GenericKind {}

public typealias UserID = Snowflake<UserKind>
public typealias GuildID = Snowflake<GuildKind>
public typealias ChannelID = Snowflake<ChannelKind>
public typealias MessageID = Snowflake<MessageKind>
public typealias RoleID = Snowflake<RoleKind>
public typealias ApplicationID = Snowflake<ApplicationKind>
public typealias InteractionID = Snowflake<InteractionKind>
public typealias CommandID = Snowflake<CommandKind>
public typealias SKUID = Snowflake<SKUKind>
public typealias EntitlementID = Snowflake<EntitlementKind>
public typealias AttachmentID = Snowflake<AttachmentKind>
public typealias WebhookID = Snowflake<WebhookKind>
public typealias EmojiID = Snowflake<EmojiKind>
public typealias GenericID = Snowflake<GenericKind>

/// The decimal digits of a snowflake as a `UInt64`; nil when empty, when any byte is not a digit
/// (no sign, no spaces) or on overflow. Not generic over `Kind`, so it is compiled once and fast
/// (ids are decoded by the thousand in a GUILD_CREATE).
func parseSnowflakeDecimal(_ string: String) -> UInt64? {
    var string = string
    return string.withUTF8 { parseSnowflakeDecimal($0) }
}

func parseSnowflakeDecimal(_ utf8: some Collection<UInt8>) -> UInt64? {
    if let value = utf8.withContiguousStorageIfAvailable({ parseSnowflakeDecimal($0) }) { return value }
    return parseSnowflakeDecimal(Array(utf8))
}

func parseSnowflakeDecimal(_ digits: UnsafeBufferPointer<UInt8>) -> UInt64? {
    guard !digits.isEmpty else { return nil }
    var value: UInt64 = 0
    for byte in digits {
        let digit = byte &- 0x30
        guard digit <= 9 else { return nil }
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
        guard !o1, !o2 else { return nil }
        value = sum
    }
    return value
}

private struct SnowflakeKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
}
