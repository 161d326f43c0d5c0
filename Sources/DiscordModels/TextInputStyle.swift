/// Single-line or multi-line text input.
/// https://discord.com/developers/docs/components/reference#text-input-text-input-styles
public enum TextInputStyle: DiscordEnum {
    case short
    case paragraph
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .short
        case 2: self = .paragraph
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .short: 1
        case .paragraph: 2
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [TextInputStyle] = [.short, .paragraph]
}
