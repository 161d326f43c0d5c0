/// Why a pack access operation was refused, worded for the member who asked (user text in it is
/// neutralised and short).
public enum PackAccessError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Enabling (or subscribing to) a Pro-only pack without Pro here.
    case proRequired(packName: String)
    /// `/packs subscribe` to a pack that is not a subscription pack.
    case notASubscriptionPack(packName: String)
    /// `/packs subscribe` needs the pack enabled in this server (access is per server).
    case notEnabledHere(packName: String)
    case ownPack
    case notSubscribed(packName: String)
    case priceOutOfRange(price: Int64, minimum: Int64, maximum: Int64)
    case priceWithoutSubscription
    case missingPrice

    public var description: String {
        switch self {
        case .proRequired(let name):
            "🔒 **\(name)** is a Pro-only pack: enabling it and rolling from it need Gachabot Pro (yours, or this server's)."
        case .notASubscriptionPack(let name):
            "**\(name)** is not a subscription pack: there is nothing to subscribe to."
        case .notEnabledHere(let name):
            "**\(name)** is not enabled in this server. A server manager can add it with `/packs enable`."
        case .ownPack:
            "That's your own pack: you always roll it for free."
        case .notSubscribed(let name):
            "You have no running subscription to **\(name)**. `/packs subscriptions` lists yours."
        case .priceOutOfRange(let price, let minimum, let maximum):
            "A subscription costs \(minimum) to \(maximum) points per 30 days, not \(price)."
        case .priceWithoutSubscription:
            "A price only applies to `mode: subscription`; leave it out for free and Pro-only packs."
        case .missingPrice:
            "A subscription pack needs a `price:` in points per 30 days."
        }
    }
}
