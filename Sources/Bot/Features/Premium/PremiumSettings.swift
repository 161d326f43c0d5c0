import Premium

/// How the bot sells Pro and what Pro allows: the Discord SKUs, the card (Stripe) links beside
/// them, the usage limits per tier, and the premium rules (trial length, grace periods).
public struct PremiumSettings: Sendable {
    public var skus: DiscordSKUs
    public var links: any PremiumLinks
    /// Tiers and their limits; nil: `Assets/usage-limits.json` (no limits when it is absent).
    public var limits: UsageLimits?
    public var configuration: PremiumConfiguration
    /// Entitlement changes made elsewhere in this process (the HTTP server's Stripe processor):
    /// the bot drops its cached Pro answer for that user at once.
    public var changes: EntitlementChanges?
    /// Discord's webhook events received by the HTTP server in this process (entitlements).
    public var webhookEvents: DiscordWebhookEvents?
    /// How often the runtime polls the flags' change marker: a flag change made anywhere is in
    /// effect in this process within one interval.
    public var flagPollInterval: Duration = FlagRefresher.defaultInterval
    /// The process's feature flags, kept current by the runtime; shared with what the executable
    /// builds outside the runtime (the Checkout links' price experiment).
    public var flags = FeatureFlags()
    /// When the daily guardrail check rolls a flag back, and how often it runs.
    public var guardrail = GuardrailConfiguration()
    public var guardrailInterval: Duration = .seconds(86_400)
    /// How often the trial sweeper queues and sends reminder DMs and ends local trials.
    public var trialSweepInterval: Duration = .seconds(600)

    public init(
        skus: DiscordSKUs = DiscordSKUs(), links: any PremiumLinks = NoStripeLinks(), limits: UsageLimits? = nil,
        configuration: PremiumConfiguration = PremiumConfiguration(), changes: EntitlementChanges? = nil
    ) {
        self.changes = changes
        self.skus = skus
        self.links = links
        self.limits = limits
        self.configuration = configuration
    }
}
