/// The parts of Stripe's objects the bot reads. Field names are Stripe's
/// (https://docs.stripe.com/api); unknown fields are ignored, so a newer API version decodes.

/// https://docs.stripe.com/api/checkout/sessions/object
public struct CheckoutSession: Sendable, Hashable, Decodable {
    public var id: String
    public var url: String?
    public var mode: String
    public var status: String?
    public var customer: String?
    public var clientReferenceID: String?
    public var subscription: String?
    public var metadata: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, url, mode, status, customer, subscription, metadata
        case clientReferenceID = "client_reference_id"
    }
}

/// https://docs.stripe.com/api/customer_portal/sessions/object
public struct BillingPortalSession: Sendable, Hashable, Decodable {
    public var id: String
    public var url: String
    public var customer: String
    public var returnURL: String?

    enum CodingKeys: String, CodingKey {
        case id, url, customer
        case returnURL = "return_url"
    }
}

/// https://docs.stripe.com/api/customers/object
public struct Customer: Sendable, Hashable, Decodable {
    public var id: String
    public var email: String?
    public var name: String?
    public var metadata: [String: String]
}

/// https://docs.stripe.com/api/subscriptions/object
public struct Subscription: Sendable, Hashable, Decodable {
    public var id: String
    public var status: String
    public var customer: String
    public var cancelAtPeriodEnd: Bool
    public var trialEnd: Int64?
    public var metadata: [String: String]
    public var items: StripeList<SubscriptionItem>
    /// Only in API versions before 2025-03-31.basil; newer ones put it on each item.
    public var currentPeriodEnd: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status, customer, metadata, items
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case trialEnd = "trial_end"
        case currentPeriodEnd = "current_period_end"
    }

    /// When the paid period ends: the latest item's `current_period_end`, else the top-level
    /// field of older API versions.
    public var periodEnd: Int64? {
        items.data.compactMap(\.currentPeriodEnd).max() ?? currentPeriodEnd
    }
}

/// https://docs.stripe.com/api/subscription_items/object
public struct SubscriptionItem: Sendable, Hashable, Decodable {
    public var id: String
    public var currentPeriodEnd: Int64?
    public var price: Price?

    enum CodingKeys: String, CodingKey {
        case id, price
        case currentPeriodEnd = "current_period_end"
    }

    public struct Price: Sendable, Hashable, Decodable {
        public var id: String
    }
}

/// https://docs.stripe.com/api/pagination
public struct StripeList<Element: Sendable & Hashable & Decodable>: Sendable, Hashable, Decodable {
    public var data: [Element]
    public var hasMore: Bool

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}
