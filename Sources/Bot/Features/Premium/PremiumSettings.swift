/// How the bot sells Pro: the Discord SKUs, and the card links (Stripe) beside them.
public struct PremiumSettings: Sendable {
    public var skus: DiscordSKUs
    public var links: any PremiumLinks

    public init(skus: DiscordSKUs = DiscordSKUs(), links: any PremiumLinks = NoStripeLinks()) {
        self.skus = skus
        self.links = links
    }
}
