/// Slash command, user or message context menu command, or entry point.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-types
public enum ApplicationCommandType: DiscordEnum {
    case chatInput
    case user
    case message
    case primaryEntryPoint
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .chatInput
        case 2: self = .user
        case 3: self = .message
        case 4: self = .primaryEntryPoint
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .chatInput: 1
        case .user: 2
        case .message: 3
        case .primaryEntryPoint: 4
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ApplicationCommandType] = [.chatInput, .user, .message, .primaryEntryPoint]
}
