/// Permission bits, sent by Discord as a decimal string. Unknown bits are kept.
/// https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
public struct Permissions: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let createInstantInvite = Self(rawValue: 1 << 0)
    public static let kickMembers = Self(rawValue: 1 << 1)
    public static let banMembers = Self(rawValue: 1 << 2)
    public static let administrator = Self(rawValue: 1 << 3)
    public static let manageChannels = Self(rawValue: 1 << 4)
    public static let manageGuild = Self(rawValue: 1 << 5)
    public static let addReactions = Self(rawValue: 1 << 6)
    public static let viewAuditLog = Self(rawValue: 1 << 7)
    public static let prioritySpeaker = Self(rawValue: 1 << 8)
    public static let stream = Self(rawValue: 1 << 9)
    public static let viewChannel = Self(rawValue: 1 << 10)
    public static let sendMessages = Self(rawValue: 1 << 11)
    public static let sendTTSMessages = Self(rawValue: 1 << 12)
    public static let manageMessages = Self(rawValue: 1 << 13)
    public static let embedLinks = Self(rawValue: 1 << 14)
    public static let attachFiles = Self(rawValue: 1 << 15)
    public static let readMessageHistory = Self(rawValue: 1 << 16)
    public static let mentionEveryone = Self(rawValue: 1 << 17)
    public static let useExternalEmojis = Self(rawValue: 1 << 18)
    public static let viewGuildInsights = Self(rawValue: 1 << 19)
    public static let connect = Self(rawValue: 1 << 20)
    public static let speak = Self(rawValue: 1 << 21)
    public static let muteMembers = Self(rawValue: 1 << 22)
    public static let deafenMembers = Self(rawValue: 1 << 23)
    public static let moveMembers = Self(rawValue: 1 << 24)
    public static let useVAD = Self(rawValue: 1 << 25)
    public static let changeNickname = Self(rawValue: 1 << 26)
    public static let manageNicknames = Self(rawValue: 1 << 27)
    public static let manageRoles = Self(rawValue: 1 << 28)
    public static let manageWebhooks = Self(rawValue: 1 << 29)
    public static let manageGuildExpressions = Self(rawValue: 1 << 30)
    public static let useApplicationCommands = Self(rawValue: 1 << 31)
    public static let requestToSpeak = Self(rawValue: 1 << 32)
    public static let manageEvents = Self(rawValue: 1 << 33)
    public static let manageThreads = Self(rawValue: 1 << 34)
    public static let createPublicThreads = Self(rawValue: 1 << 35)
    public static let createPrivateThreads = Self(rawValue: 1 << 36)
    public static let useExternalStickers = Self(rawValue: 1 << 37)
    public static let sendMessagesInThreads = Self(rawValue: 1 << 38)
    public static let useEmbeddedActivities = Self(rawValue: 1 << 39)
    public static let moderateMembers = Self(rawValue: 1 << 40)
    public static let viewCreatorMonetizationAnalytics = Self(rawValue: 1 << 41)
    public static let useSoundboard = Self(rawValue: 1 << 42)
    public static let createGuildExpressions = Self(rawValue: 1 << 43)
    public static let createEvents = Self(rawValue: 1 << 44)
    public static let useExternalSounds = Self(rawValue: 1 << 45)
    public static let sendVoiceMessages = Self(rawValue: 1 << 46)
    public static let sendPolls = Self(rawValue: 1 << 49)
    public static let useExternalApps = Self(rawValue: 1 << 50)
    public static let pinMessages = Self(rawValue: 1 << 51)
    public static let bypassSlowmode = Self(rawValue: 1 << 52)

    public var description: String { String(rawValue) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            guard let value = UInt64(string) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "Permissions: \(string)")
            }
            rawValue = value
        } else {
            rawValue = try container.decode(UInt64.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(rawValue))
    }
}
