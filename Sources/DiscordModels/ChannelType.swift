/// The type of a channel.
/// https://discord.com/developers/docs/resources/channel#channel-object-channel-types
public enum ChannelType: DiscordEnum {
    case guildText
    case dm
    case guildVoice
    case groupDM
    case guildCategory
    case guildAnnouncement
    case announcementThread
    case publicThread
    case privateThread
    case guildStageVoice
    case guildDirectory
    case guildForum
    case guildMedia
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .guildText
        case 1: self = .dm
        case 2: self = .guildVoice
        case 3: self = .groupDM
        case 4: self = .guildCategory
        case 5: self = .guildAnnouncement
        case 10: self = .announcementThread
        case 11: self = .publicThread
        case 12: self = .privateThread
        case 13: self = .guildStageVoice
        case 14: self = .guildDirectory
        case 15: self = .guildForum
        case 16: self = .guildMedia
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .guildText: 0
        case .dm: 1
        case .guildVoice: 2
        case .groupDM: 3
        case .guildCategory: 4
        case .guildAnnouncement: 5
        case .announcementThread: 10
        case .publicThread: 11
        case .privateThread: 12
        case .guildStageVoice: 13
        case .guildDirectory: 14
        case .guildForum: 15
        case .guildMedia: 16
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ChannelType] = [.guildText, .dm, .guildVoice, .groupDM, .guildCategory, .guildAnnouncement, .announcementThread, .publicThread, .privateThread, .guildStageVoice, .guildDirectory, .guildForum, .guildMedia]
}
