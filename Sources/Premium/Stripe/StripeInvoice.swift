/// The fields of a Stripe invoice the grant and the analytics need, from any API version.
struct StripeInvoice: Sendable {
    let id: String
    let customerID: String?
    /// Since API 2025-03-31 at `parent.subscription_details.subscription`; before, top-level `subscription`.
    let subscriptionID: String?
    /// The subscription's metadata as the invoice carries it (`parent.subscription_details.metadata`,
    /// before that `subscription_details.metadata`).
    let metadata: [String: String]
    let amountPaid: Int64
    let amountDue: Int64
    let currency: String
    let billingReason: String?
    let attemptCount: Int64?

    static func parse(_ object: StripeFields) throws -> StripeInvoice {
        let parentDetails = object.child("parent").child("subscription_details")
        let legacyDetails = object.child("subscription_details")
        var metadata = try legacyDetails.metadata()
        for (key, value) in try parentDetails.metadata() { metadata[key] = value }
        return StripeInvoice(
            id: try object.string("id"), customerID: try object.optionalID("customer"),
            subscriptionID: try parentDetails.optionalID("subscription") ?? object.optionalID("subscription"),
            metadata: metadata, amountPaid: try object.optionalInt("amount_paid") ?? 0, amountDue: try object.optionalInt("amount_due") ?? 0,
            currency: try object.string("currency"), billingReason: try object.optionalString("billing_reason"),
            attemptCount: try object.optionalInt("attempt_count"))
    }
}
