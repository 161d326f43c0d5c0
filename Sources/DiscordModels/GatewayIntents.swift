/// The events a gateway connection subscribes to, sent with Identify. Unknown bits are kept.
/// https://discord.com/developers/docs/events/gateway#gateway-intents
public struct GatewayIntents: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let guilds = Self(rawValue: 1 << 0)
    /// Privileged: "Server Members Intent" in the Developer Portal.
    public static let guildMembers = Self(rawValue: 1 << 1)
    public static let guildModeration = Self(rawValue: 1 << 2)
    public static let guildExpressions = Self(rawValue: 1 << 3)
    public static let guildIntegrations = Self(rawValue: 1 << 4)
    public static let guildWebhooks = Self(rawValue: 1 << 5)
    public static let guildInvites = Self(rawValue: 1 << 6)
    public static let guildVoiceStates = Self(rawValue: 1 << 7)
    /// Privileged: "Presence Intent" in the Developer Portal.
    public static let guildPresences = Self(rawValue: 1 << 8)
    public static let guildMessages = Self(rawValue: 1 << 9)
    public static let guildMessageReactions = Self(rawValue: 1 << 10)
    public static let guildMessageTyping = Self(rawValue: 1 << 11)
    public static let directMessages = Self(rawValue: 1 << 12)
    public static let directMessageReactions = Self(rawValue: 1 << 13)
    public static let directMessageTyping = Self(rawValue: 1 << 14)
    /// Privileged: "Message Content Intent" in the Developer Portal.
    public static let messageContent = Self(rawValue: 1 << 15)
    public static let guildScheduledEvents = Self(rawValue: 1 << 16)
    public static let autoModerationConfiguration = Self(rawValue: 1 << 20)
    public static let autoModerationExecution = Self(rawValue: 1 << 21)
    public static let guildMessagePolls = Self(rawValue: 1 << 24)
    public static let directMessagePolls = Self(rawValue: 1 << 25)

    /// The intents that must be switched on in the Developer Portal (close code 4014 otherwise).
    public static let privileged: Self = [.guildMembers, .guildPresences, .messageContent]
    /// Every documented intent.
    public static let all: Self = Self(known.map(\.intent))
    /// Every documented intent that needs no approval.
    public static let unprivileged: Self = all.subtracting(privileged)

    /// Documented bits with their docs name (`GUILD_MEMBERS`) and, when privileged, the portal's name.
    public static let known: [(intent: Self, name: String, portalName: String?)] = [
        (.guilds, "GUILDS", nil),
        (.guildMembers, "GUILD_MEMBERS", "Server Members Intent"),
        (.guildModeration, "GUILD_MODERATION", nil),
        (.guildExpressions, "GUILD_EXPRESSIONS", nil),
        (.guildIntegrations, "GUILD_INTEGRATIONS", nil),
        (.guildWebhooks, "GUILD_WEBHOOKS", nil),
        (.guildInvites, "GUILD_INVITES", nil),
        (.guildVoiceStates, "GUILD_VOICE_STATES", nil),
        (.guildPresences, "GUILD_PRESENCES", "Presence Intent"),
        (.guildMessages, "GUILD_MESSAGES", nil),
        (.guildMessageReactions, "GUILD_MESSAGE_REACTIONS", nil),
        (.guildMessageTyping, "GUILD_MESSAGE_TYPING", nil),
        (.directMessages, "DIRECT_MESSAGES", nil),
        (.directMessageReactions, "DIRECT_MESSAGE_REACTIONS", nil),
        (.directMessageTyping, "DIRECT_MESSAGE_TYPING", nil),
        (.messageContent, "MESSAGE_CONTENT", "Message Content Intent"),
        (.guildScheduledEvents, "GUILD_SCHEDULED_EVENTS", nil),
        (.autoModerationConfiguration, "AUTO_MODERATION_CONFIGURATION", nil),
        (.autoModerationExecution, "AUTO_MODERATION_EXECUTION", nil),
        (.guildMessagePolls, "GUILD_MESSAGE_POLLS", nil),
        (.directMessagePolls, "DIRECT_MESSAGE_POLLS", nil),
    ]

    /// Docs names of the set bits, unknown bits as `1<<n`.
    public var names: [String] {
        var result = Self.known.filter { contains($0.intent) }.map(\.name)
        let unknown = rawValue & ~Self.all.rawValue
        for bit in 0..<64 where unknown & (1 << UInt64(bit)) != 0 { result.append("1<<\(bit)") }
        return result
    }

    /// Developer Portal names of the set privileged bits.
    public var portalNames: [String] {
        Self.known.filter { contains($0.intent) }.compactMap(\.portalName)
    }

    public var description: String { "GatewayIntents(\(names.joined(separator: "|")))" }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
