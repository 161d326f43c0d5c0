import Premium

/// How the bot sells Pro and what Pro allows: the Discord SKUs, the card (Stripe) links beside
/// them, the usage limits per tier, and the premium rules (trial length, grace periods).
public struct PremiumSettings: Sendable {
    public var skus: DiscordSKUs
    public var links: any PremiumLinks
    /// Tiers and their limits; nil: `Assets/usage-limits.json` (no limits when it is absent).
    public var limits: UsageLimits?
    public var configuration: PremiumConfiguration

    public init(
        skus: DiscordSKUs = DiscordSKUs(), links: any PremiumLinks = NoStripeLinks(), limits: UsageLimits? = nil,
        configuration: PremiumConfiguration = PremiumConfiguration()
    ) {
        self.skus = skus
        self.links = links
        self.limits = limits
        self.configuration = configuration
    }
}
