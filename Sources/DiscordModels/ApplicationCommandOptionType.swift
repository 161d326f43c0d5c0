/// The type of a command option.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type
public enum ApplicationCommandOptionType: DiscordEnum {
    case subCommand
    case subCommandGroup
    case string
    /// Any integer between -2^53 and 2^53.
    case integer
    case boolean
    case user
    case channel
    case role
    case mentionable
    /// Any double between -2^53 and 2^53.
    case number
    case attachment
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .subCommand
        case 2: self = .subCommandGroup
        case 3: self = .string
        case 4: self = .integer
        case 5: self = .boolean
        case 6: self = .user
        case 7: self = .channel
        case 8: self = .role
        case 9: self = .mentionable
        case 10: self = .number
        case 11: self = .attachment
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .subCommand: 1
        case .subCommandGroup: 2
        case .string: 3
        case .integer: 4
        case .boolean: 5
        case .user: 6
        case .channel: 7
        case .role: 8
        case .mentionable: 9
        case .number: 10
        case .attachment: 11
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ApplicationCommandOptionType] = [.subCommand, .subCommandGroup, .string, .integer, .boolean, .user, .channel, .role, .mentionable, .number, .attachment]
}
