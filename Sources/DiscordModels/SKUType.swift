/// The kind of SKU.
/// https://discord.com/developers/docs/resources/sku#sku-object-sku-types
public enum SKUType: DiscordEnum {
    case durable
    case consumable
    case subscription
    case subscriptionGroup
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 2: self = .durable
        case 3: self = .consumable
        case 5: self = .subscription
        case 6: self = .subscriptionGroup
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .durable: 2
        case .consumable: 3
        case .subscription: 5
        case .subscriptionGroup: 6
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [SKUType] = [.durable, .consumable, .subscription, .subscriptionGroup]
}
