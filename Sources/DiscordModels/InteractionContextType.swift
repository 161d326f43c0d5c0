/// Where an interaction (or command) can be used.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-context-types
public enum InteractionContextType: DiscordEnum {
    case guild
    case botDM
    case privateChannel
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .guild
        case 1: self = .botDM
        case 2: self = .privateChannel
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .guild: 0
        case .botDM: 1
        case .privateChannel: 2
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [InteractionContextType] = [.guild, .botDM, .privateChannel]
}
