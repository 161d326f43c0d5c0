/// The type of a message (only those a bot meets often are named).
/// https://discord.com/developers/docs/resources/message#message-object-message-types
public enum MessageType: DiscordEnum {
    /// DEFAULT in the docs.
    case regular
    case reply
    case chatInputCommand
    case contextMenuCommand
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .regular
        case 19: self = .reply
        case 20: self = .chatInputCommand
        case 23: self = .contextMenuCommand
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .regular: 0
        case .reply: 19
        case .chatInputCommand: 20
        case .contextMenuCommand: 23
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [MessageType] = [.regular, .reply, .chatInputCommand, .contextMenuCommand]
}
