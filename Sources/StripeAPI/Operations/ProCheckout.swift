/// What a Pro Checkout Session is made of. The Discord user, guild and price variant ride in both
/// the session's `metadata` (seen by `checkout.session.completed`) and the subscription's
/// (`subscription_data[metadata]`, seen by every `customer.subscription.*` and carried to
/// invoices), so each event can be tied to the member without a lookup.
public struct ProCheckout: Sendable, Hashable {
    /// What Stripe does when a trial ends without a payment method
    /// (`subscription_data[trial_settings][end_behavior][missing_payment_method]`).
    public enum TrialEndBehavior: String, Sendable, Hashable {
        case cancel
        case pause
        case createInvoice = "create_invoice"
    }

    public struct Trial: Sendable, Hashable {
        public var days: Int
        public var endBehavior: TrialEndBehavior

        public init(days: Int, endBehavior: TrialEndBehavior = .cancel) {
            self.days = days
            self.endBehavior = endBehavior
        }
    }

    public var priceID: String
    public var discordUserID: String
    public var discordGuildID: String?
    public var priceVariant: String
    public var successURL: String
    public var cancelURL: String
    /// An existing Stripe customer; nil lets Checkout create one.
    public var customerID: String?
    /// A trial asks for no card up front (`payment_method_collection=if_required`).
    public var trial: Trial?

    public init(
        priceID: String, discordUserID: String, discordGuildID: String?, priceVariant: String, successURL: String,
        cancelURL: String, customerID: String? = nil, trial: Trial? = nil
    ) {
        self.priceID = priceID
        self.discordUserID = discordUserID
        self.discordGuildID = discordGuildID
        self.priceVariant = priceVariant
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.customerID = customerID
        self.trial = trial
    }

    /// Metadata keys the event processor reads back.
    public static let userKey = "discord_user_id"
    public static let guildKey = "discord_guild_id"
    public static let variantKey = "price_variant"

    var metadata: StripeFormValue {
        .object([
            StripeFormField(Self.userKey, .string(discordUserID)),
            StripeFormField(Self.guildKey, discordGuildID.map(StripeFormValue.string)),
            StripeFormField(Self.variantKey, .string(priceVariant)),
        ])
    }

    /// The form Stripe receives for `POST /v1/checkout/sessions`.
    public var form: [StripeFormField] {
        var subscriptionData: [StripeFormField] = [StripeFormField("metadata", metadata)]
        if let trial {
            subscriptionData.append(StripeFormField("trial_period_days", .integer(Int64(trial.days))))
            subscriptionData.append(
                StripeFormField(
                    "trial_settings",
                    .object([
                        StripeFormField(
                            "end_behavior",
                            .object([StripeFormField("missing_payment_method", .string(trial.endBehavior.rawValue))]))
                    ])))
        }
        return [
            StripeFormField("mode", "subscription"),
            StripeFormField(
                "line_items", .array([.object([StripeFormField("price", .string(priceID)), StripeFormField("quantity", 1)])])),
            StripeFormField("client_reference_id", .string(discordUserID)),
            StripeFormField("customer", customerID.map(StripeFormValue.string)),
            StripeFormField("success_url", .string(successURL)),
            StripeFormField("cancel_url", .string(cancelURL)),
            StripeFormField("metadata", metadata),
            StripeFormField("subscription_data", .object(subscriptionData)),
            StripeFormField("payment_method_collection", trial == nil ? nil : "if_required"),
        ]
    }
}
