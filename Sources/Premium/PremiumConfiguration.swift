import Storage

/// The premium rules that are configuration, not code.
public struct PremiumConfiguration: Sendable, Hashable {
    /// Points credited for each paid Pro invoice (0: no grant).
    public var monthlyPointsGrant: Int64
    /// How long a `past_due` subscription keeps Pro, counted from the start of the unpaid period.
    public var pastDueGrace: Duration
    /// How long an active period keeps Pro past its end while the renewal's events are on their way.
    public var renewalLeeway: Duration
    /// A local (Discord path) trial's length.
    public var trialLength: Duration
    /// Stripe prices sold per guild: their entitlement holds only in the `discord_guild_id` of the
    /// subscription's metadata. Every other price is the user's, everywhere.
    public var guildScopedPrices: Set<String>

    public init(
        monthlyPointsGrant: Int64 = 1_000, pastDueGrace: Duration = .seconds(3 * 86_400), renewalLeeway: Duration = .seconds(2 * 3_600),
        trialLength: Duration = .seconds(7 * 86_400), guildScopedPrices: Set<String> = []
    ) {
        self.monthlyPointsGrant = monthlyPointsGrant
        self.pastDueGrace = pastDueGrace
        self.renewalLeeway = renewalLeeway
        self.trialLength = trialLength
        self.guildScopedPrices = guildScopedPrices
    }
}
