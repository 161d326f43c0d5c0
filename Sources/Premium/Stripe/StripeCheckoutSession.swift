/// The fields of a completed Checkout Session that link the Stripe customer to the Discord user.
struct StripeCheckoutSession: Sendable {
    let id: String
    let mode: String
    let customerID: String?
    let subscriptionID: String?
    /// `client_reference_id` is the Discord user id the bot put in the session.
    let clientReferenceID: String?
    let metadata: [String: String]
    let amountTotal: Int64
    let currency: String?
    let paymentStatus: String?

    static func parse(_ object: StripeFields) throws -> StripeCheckoutSession {
        StripeCheckoutSession(
            id: try object.string("id"), mode: try object.string("mode"), customerID: try object.optionalID("customer"),
            subscriptionID: try object.optionalID("subscription"), clientReferenceID: try object.optionalString("client_reference_id"),
            metadata: try object.metadata(), amountTotal: try object.optionalInt("amount_total") ?? 0,
            currency: try object.optionalString("currency"), paymentStatus: try object.optionalString("payment_status"))
    }
}
