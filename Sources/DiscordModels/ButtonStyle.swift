/// How a button looks and what it does.
/// https://discord.com/developers/docs/components/reference#button-button-styles
public enum ButtonStyle: DiscordEnum {
    case primary
    case secondary
    case success
    case danger
    /// Opens `url`; has no `custom_id`.
    case link
    /// Buys `sku_id`; has no `custom_id`, label or emoji.
    case premium
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .primary
        case 2: self = .secondary
        case 3: self = .success
        case 4: self = .danger
        case 5: self = .link
        case 6: self = .premium
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .primary: 1
        case .secondary: 2
        case .success: 3
        case .danger: 4
        case .link: 5
        case .premium: 6
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [ButtonStyle] = [.primary, .secondary, .success, .danger, .link, .premium]
}
