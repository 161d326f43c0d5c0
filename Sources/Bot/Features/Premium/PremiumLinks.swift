import DiscordModels

/// Where an upgrade prompt and `/premium` send a member to pay by card: a Stripe Checkout
/// Session and the Billing Portal. The Stripe client plugs in here; the bot knows no Stripe.
/// Either answer may be nil (Stripe not configured): the prompt then shows the premium button only.
public protocol PremiumLinks: Sendable {
    /// A Checkout Session URL for a Pro subscription of `user` (for `guild`, when in a server).
    func checkoutURL(user: UserID, guild: GuildID?) async throws -> String?
    /// A Billing Portal session URL for the Stripe customer who pays for `user`'s Pro.
    func billingPortalURL(user: UserID, customerID: String) async throws -> String?
}

/// No Stripe: no card links, only Discord's premium button.
public struct NoStripeLinks: PremiumLinks {
    public init() {}
    public func checkoutURL(user: UserID, guild: GuildID?) async throws -> String? { nil }
    public func billingPortalURL(user: UserID, customerID: String) async throws -> String? { nil }
}

/// Links built by closures (the Stripe client's calls, or a test's).
public struct ClosurePremiumLinks: PremiumLinks {
    let checkout: @Sendable (UserID, GuildID?) async throws -> String?
    let portal: @Sendable (UserID, String) async throws -> String?

    public init(
        checkout: @escaping @Sendable (UserID, GuildID?) async throws -> String?,
        portal: @escaping @Sendable (UserID, String) async throws -> String? = { _, _ in nil }
    ) {
        self.checkout = checkout
        self.portal = portal
    }

    public func checkoutURL(user: UserID, guild: GuildID?) async throws -> String? { try await checkout(user, guild) }
    public func billingPortalURL(user: UserID, customerID: String) async throws -> String? { try await portal(user, customerID) }
}
