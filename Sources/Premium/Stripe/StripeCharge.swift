/// The fields of a Stripe charge a refund needs (`charge.refunded`).
struct StripeCharge: Sendable {
    let id: String
    let customerID: String?
    /// The running total refunded, in the minor unit.
    let amountRefunded: Int64
    let currency: String
    let metadata: [String: String]
    /// The invoice it paid: present before API 2025-03-31, absent since.
    var invoiceID: String? = nil

    static func parse(_ object: StripeFields) throws -> StripeCharge {
        StripeCharge(
            id: try object.string("id"), customerID: try object.optionalID("customer"), amountRefunded: try object.int("amount_refunded"),
            currency: try object.string("currency"), metadata: try object.metadata(), invoiceID: try object.optionalID("invoice"))
    }
}
