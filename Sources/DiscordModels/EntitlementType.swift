/// How an entitlement was obtained.
/// https://discord.com/developers/docs/resources/entitlement#entitlement-object-entitlement-types
public enum EntitlementType: DiscordEnum {
    case purchase
    case premiumSubscription
    case developerGift
    case testModePurchase
    case freePurchase
    case userGift
    case premiumPurchase
    case applicationSubscription
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .purchase
        case 2: self = .premiumSubscription
        case 3: self = .developerGift
        case 4: self = .testModePurchase
        case 5: self = .freePurchase
        case 6: self = .userGift
        case 7: self = .premiumPurchase
        case 8: self = .applicationSubscription
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .purchase: 1
        case .premiumSubscription: 2
        case .developerGift: 3
        case .testModePurchase: 4
        case .freePurchase: 5
        case .userGift: 6
        case .premiumPurchase: 7
        case .applicationSubscription: 8
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [EntitlementType] = [.purchase, .premiumSubscription, .developerGift, .testModePurchase, .freePurchase, .userGift, .premiumPurchase, .applicationSubscription]
}
