/// The kind of activity shown in a presence.
/// https://discord.com/developers/docs/events/gateway-events#activity-object-activity-types
public enum ActivityType: DiscordEnum {
    case playing
    case streaming
    case listening
    case watching
    case custom
    case competing
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .playing
        case 1: self = .streaming
        case 2: self = .listening
        case 3: self = .watching
        case 4: self = .custom
        case 5: self = .competing
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .playing: 0
        case .streaming: 1
        case .listening: 2
        case .watching: 3
        case .custom: 4
        case .competing: 5
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ActivityType] = [.playing, .streaming, .listening, .watching, .custom, .competing]
}
