import Storage

/// The fields of a Stripe subscription the entitlement needs, from any API version.
struct StripeSubscription: Sendable {
    let id: String
    let customerID: String
    let status: EntitlementStatus
    /// Seconds. Since API 2025-03-31 these live on the items (`items.data[].current_period_*`);
    /// older versions render them at the top level.
    let periodStart: Int64
    let periodEnd: Int64
    let trialEnd: Int64?
    let endedAt: Int64?
    let metadata: [String: String]
    let priceIDs: [String]
    /// Unit amount × quantity summed over the items, and the currency: the MRR the subscription stands for.
    let amount: Int64
    let currency: String?

    static func parse(_ object: StripeFields) throws -> StripeSubscription {
        let id = try object.string("id")
        let statusText = try object.string("status")
        guard let status = EntitlementStatus(rawValue: statusText), status != .revoked else {
            throw StripeEventError.invalidField(event: object.event, path: object.child("status").path, expected: "a Stripe subscription status")
        }
        var start: Int64?
        var end: Int64?
        var prices: [String] = []
        var amount: Int64 = 0
        for item in try object.object("items").list("data") {
            if let itemEnd = try item.optionalInt("current_period_end"), itemEnd > (end ?? .min) {
                end = itemEnd
                start = try item.optionalInt("current_period_start")
            }
            let price = item.child("price")
            if let priceID = try price.optionalString("id") { prices.append(priceID) }
            let quantity = try item.optionalInt("quantity") ?? 1
            amount += (try price.optionalInt("unit_amount") ?? 0) * quantity
        }
        let periodEnd: Int64
        if let end {
            periodEnd = end
        } else if let topLevel = try object.optionalInt("current_period_end") {
            periodEnd = topLevel
        } else {
            throw StripeEventError.missingField(event: object.event, path: object.child("items.data[].current_period_end").path)
        }
        var periodStart = periodEnd
        if let start {
            periodStart = start
        } else if let topLevel = try object.optionalInt("current_period_start") {
            periodStart = topLevel
        }
        guard let customer = try object.optionalID("customer") else {
            throw StripeEventError.missingField(event: object.event, path: object.child("customer").path)
        }
        return StripeSubscription(
            id: id, customerID: customer,
            status: status, periodStart: periodStart, periodEnd: periodEnd, trialEnd: try object.optionalInt("trial_end"),
            endedAt: try object.optionalInt("ended_at"), metadata: try object.metadata(), priceIDs: prices, amount: amount,
            currency: try object.optionalString("currency"))
    }
}
