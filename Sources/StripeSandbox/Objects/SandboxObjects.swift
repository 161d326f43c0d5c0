/// The sandbox's own records of Stripe objects; `StripeRendering` turns them into Stripe's JSON.

public struct SandboxPrice: Sendable, Hashable {
    public var id: String
    public var unitAmount: Int64
    public var currency: String
    /// `month` or `year`.
    public var interval: String

    public init(id: String, unitAmount: Int64, currency: String = "usd", interval: String = "month") {
        self.id = id
        self.unitAmount = unitAmount
        self.currency = currency
        self.interval = interval
    }

    var periodSeconds: Int64 { interval == "year" ? 365 * 86_400 : 30 * 86_400 }
}

struct SandboxCustomer: Sendable {
    var id: String
    var email: String?
    var name: String?
    var metadata: [String: String]
    var created: Int64
}

struct SandboxCheckoutSession: Sendable {
    var id: String
    var url: String
    var mode: String
    var customer: String?
    var customerEmail: String?
    var clientReferenceID: String?
    var metadata: [String: String]
    var subscriptionMetadata: [String: String]
    var price: SandboxPrice
    var trialDays: Int?
    var trialEndBehavior: String
    var paymentMethodCollection: String
    var successURL: String?
    var cancelURL: String?
    var status: String
    var subscription: String?
    var created: Int64
}

struct SandboxSubscription: Sendable {
    var id: String
    var customer: String
    var status: String
    var price: SandboxPrice
    var itemID: String
    var metadata: [String: String]
    var created: Int64
    var currentPeriodStart: Int64
    var currentPeriodEnd: Int64
    var trialStart: Int64?
    var trialEnd: Int64?
    var trialEndBehavior: String
    var hasPaymentMethod: Bool
    var trialWillEndSent = false
    var cancelAtPeriodEnd = false
    var canceledAt: Int64?
    var latestInvoice: String?
}

struct SandboxInvoice: Sendable {
    var id: String
    var customer: String
    var subscription: String
    var subscriptionMetadata: [String: String]
    var status: String
    var amountDue: Int64
    var amountPaid: Int64
    var currency: String
    var billingReason: String
    var periodStart: Int64
    var periodEnd: Int64
    var priceID: String
    var created: Int64
}

/// An event the sandbox emitted: its id and type, and the exact bytes it delivers and signs.
public struct SandboxEvent: Sendable, Hashable {
    public var id: String
    public var type: String
    public var created: Int64
    public var body: JSONValue
    public var payload: [UInt8]
}
