/// Message flags. Unknown bits are kept.
/// https://discord.com/developers/docs/resources/message#message-object-message-flags
public struct MessageFlags: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let crossposted = Self(rawValue: 1 << 0)
    public static let isCrosspost = Self(rawValue: 1 << 1)
    public static let suppressEmbeds = Self(rawValue: 1 << 2)
    public static let sourceMessageDeleted = Self(rawValue: 1 << 3)
    public static let urgent = Self(rawValue: 1 << 4)
    public static let hasThread = Self(rawValue: 1 << 5)
    /// Only the invoker sees the message (interaction responses).
    public static let ephemeral = Self(rawValue: 1 << 6)
    public static let loading = Self(rawValue: 1 << 7)
    public static let failedToMentionSomeRolesInThread = Self(rawValue: 1 << 8)
    public static let suppressNotifications = Self(rawValue: 1 << 12)
    public static let isVoiceMessage = Self(rawValue: 1 << 13)
    public static let hasSnapshot = Self(rawValue: 1 << 14)
    /// The message uses Components V2 (no `content` or `embeds`; layout components only).
    public static let isComponentsV2 = Self(rawValue: 1 << 15)

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
