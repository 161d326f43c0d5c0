import DiscordModels
import Premium
import Storage
import StripeAPI

/// The card links of the upgrade prompts and `/premium`, from Stripe: a Checkout Session for Pro
/// (the Discord user, the server and the price variant in its metadata, which the webhook
/// processor reads back) and a Billing Portal session for a subscriber. With a price experiment,
/// a member in its flag's rollout pays their (sticky) variant's price, and the variant's name is
/// the metadata's `price_variant`; everyone else pays `proPriceID` under `priceVariant`.
public struct StripePremiumLinks: PremiumLinks {
    /// What the links need besides the API key: the Pro price and where Stripe sends the member back.
    public struct Settings: Sendable, Hashable {
        public var proPriceID: String
        public var priceVariant: String
        public var successURL: String
        public var cancelURL: String
        public var portalReturnURL: String

        public init(
            proPriceID: String, priceVariant: String = "default", successURL: String = Self.discordURL,
            cancelURL: String = Self.discordURL, portalReturnURL: String = Self.discordURL
        ) {
            self.proPriceID = proPriceID
            self.priceVariant = priceVariant
            self.successURL = successURL
            self.cancelURL = cancelURL
            self.portalReturnURL = portalReturnURL
        }

        public static let discordURL = "https://discord.com/channels/@me"

        /// `GACHABOT_STRIPE_PRO_PRICE` (required: nil without it), `GACHABOT_STRIPE_PRICE_VARIANT`,
        /// `GACHABOT_STRIPE_SUCCESS_URL`, `GACHABOT_STRIPE_CANCEL_URL`, `GACHABOT_STRIPE_PORTAL_RETURN_URL`.
        public static func from(environment: [String: String]) -> Settings? {
            guard let price = environment["GACHABOT_STRIPE_PRO_PRICE"], !price.isEmpty else { return nil }
            return Settings(
                proPriceID: price, priceVariant: environment["GACHABOT_STRIPE_PRICE_VARIANT"] ?? "default",
                successURL: environment["GACHABOT_STRIPE_SUCCESS_URL"] ?? discordURL,
                cancelURL: environment["GACHABOT_STRIPE_CANCEL_URL"] ?? discordURL,
                portalReturnURL: environment["GACHABOT_STRIPE_PORTAL_RETURN_URL"] ?? discordURL)
        }
    }

    let billing: any StripeBilling
    let settings: Settings
    let experiment: PriceExperimentService?

    public init(billing: any StripeBilling, settings: Settings, experiment: PriceExperimentService? = nil) {
        self.billing = billing
        self.settings = settings
        self.experiment = experiment
    }

    public func checkoutURL(user: UserID, guild: DiscordModels.GuildID?) async throws -> String? {
        var price = (id: settings.proPriceID, variant: settings.priceVariant)
        if let experiment,
            let variant = try await experiment.variant(for: MemberID(user.rawValue), guild: guild.map { Storage.GuildID($0.rawValue) })
        {
            price = (variant.stripePrice, variant.name)
        }
        let checkout = ProCheckout(
            priceID: price.id, discordUserID: user.description, discordGuildID: guild?.description,
            priceVariant: price.variant, successURL: settings.successURL, cancelURL: settings.cancelURL)
        return try await billing.createCheckoutSession(checkout, idempotencyKey: nil).url
    }

    public func billingPortalURL(user: UserID, customerID: String) async throws -> String? {
        try await billing.createBillingPortalSession(customerID: customerID, returnURL: settings.portalReturnURL, idempotencyKey: nil).url
    }
}
