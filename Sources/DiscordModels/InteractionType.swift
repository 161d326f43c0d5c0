/// What kind of interaction it is; it chooses the shape of `data`.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type
public enum InteractionType: DiscordEnum {
    case ping
    case applicationCommand
    case messageComponent
    /// `APPLICATION_COMMAND_AUTOCOMPLETE`
    case autocomplete
    case modalSubmit
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .ping
        case 2: self = .applicationCommand
        case 3: self = .messageComponent
        case 4: self = .autocomplete
        case 5: self = .modalSubmit
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .ping: 1
        case .applicationCommand: 2
        case .messageComponent: 3
        case .autocomplete: 4
        case .modalSubmit: 5
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [InteractionType] = [.ping, .applicationCommand, .messageComponent, .autocomplete, .modalSubmit]
}
