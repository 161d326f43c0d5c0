/// Padding of a separator.
/// https://discord.com/developers/docs/components/reference#separator
public enum SeparatorSpacing: DiscordEnum {
    case small
    case large
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .small
        case 2: self = .large
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .small: 1
        case .large: 2
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [SeparatorSpacing] = [.small, .large]
}
