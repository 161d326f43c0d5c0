import Foundation

/// Renders Stripe events in Stripe's own JSON shapes (the fields the bot reads, as in Stripe's
/// OpenAPI fixtures), for tests, the loopback Stripe and the demo.
///
/// `apiVersion` picks the shape where Stripe changed it: from `2025-03-31.basil` a subscription's
/// period lives on its items and an invoice names its subscription under
/// `parent.subscription_details`; before, both were top-level fields.
public enum StripeEventBuilder {
    public static let currentAPIVersion = "2025-08-27.basil"
    public static let legacyAPIVersion = "2024-06-20"

    static func isLegacy(_ apiVersion: String) -> Bool { apiVersion < "2025-03-31" }

    /// The event envelope around `object`, as JSON bytes.
    public static func event(
        id: String, type: String, created: Int64, apiVersion: String = currentAPIVersion, object: [String: Any],
        previousAttributes: [String: Any]? = nil
    ) -> Data {
        var data: [String: Any] = ["object": object]
        if let previousAttributes { data["previous_attributes"] = previousAttributes }
        let envelope: [String: Any] = [
            "id": id, "object": "event", "api_version": apiVersion, "created": created, "data": data, "livemode": false,
            "pending_webhooks": 1, "request": ["id": NSNull(), "idempotency_key": NSNull()], "type": type,
        ]
        // Sorted keys: the same event renders to the same bytes.
        return (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])) ?? Data()
    }

    /// The Discord user and guild as the bot's checkout writes them into metadata.
    public static func discordMetadata(user: UInt64, guild: UInt64?, priceVariant: String? = nil) -> [String: String] {
        var metadata = [StripeMetadata.discordUser: String(user)]
        if let guild { metadata[StripeMetadata.discordGuild] = String(guild) }
        if let priceVariant { metadata[StripeMetadata.priceVariant] = priceVariant }
        return metadata
    }

    public static func subscription(
        id: String, customer: String, status: String, periodStart: Int64, periodEnd: Int64, metadata: [String: String],
        priceID: String = "price_pro_monthly", unitAmount: Int64 = 499, currency: String = "usd", created: Int64? = nil,
        trialEnd: Int64? = nil, endedAt: Int64? = nil, cancelAtPeriodEnd: Bool = false, apiVersion: String = currentAPIVersion
    ) -> [String: Any] {
        var item: [String: Any] = [
            "id": "si_\(id.dropFirst(4))", "object": "subscription_item", "quantity": 1, "subscription": id, "metadata": [String: String](),
            "price": [
                "id": priceID, "object": "price", "currency": currency, "unit_amount": unitAmount, "type": "recurring",
                "recurring": ["interval": "month", "interval_count": 1, "usage_type": "licensed"],
            ] as [String: Any],
        ]
        var object: [String: Any] = [
            "id": id, "object": "subscription", "customer": customer, "status": status, "currency": currency, "metadata": metadata,
            "created": created ?? periodStart, "start_date": created ?? periodStart, "cancel_at_period_end": cancelAtPeriodEnd,
            "collection_method": "charge_automatically", "livemode": false,
            "trial_end": trialEnd.map { $0 as Any } ?? NSNull(), "ended_at": endedAt.map { $0 as Any } ?? NSNull(),
            "canceled_at": endedAt.map { $0 as Any } ?? NSNull(),
        ]
        if isLegacy(apiVersion) {
            object["current_period_start"] = periodStart
            object["current_period_end"] = periodEnd
        } else {
            item["current_period_start"] = periodStart
            item["current_period_end"] = periodEnd
        }
        object["items"] = [
            "object": "list", "data": [item], "has_more": false, "url": "/v1/subscription_items?subscription=\(id)",
        ] as [String: Any]
        return object
    }

    public static func invoice(
        id: String, customer: String, subscription: String?, metadata: [String: String], amountPaid: Int64, amountDue: Int64,
        currency: String = "usd", billingReason: String, status: String = "paid", periodStart: Int64, periodEnd: Int64,
        attemptCount: Int64 = 1, apiVersion: String = currentAPIVersion
    ) -> [String: Any] {
        var object: [String: Any] = [
            "id": id, "object": "invoice", "customer": customer, "amount_paid": amountPaid, "amount_due": amountDue,
            "amount_remaining": amountDue - amountPaid, "currency": currency, "billing_reason": billingReason, "status": status,
            "attempt_count": attemptCount, "livemode": false, "metadata": [String: String](),
            "lines": [
                "object": "list", "has_more": false, "url": "/v1/invoices/\(id)/lines",
                "data": [
                    [
                        "id": "il_\(id.dropFirst(3))", "object": "line_item", "amount": amountDue, "currency": currency,
                        "period": ["start": periodStart, "end": periodEnd], "metadata": metadata,
                    ] as [String: Any]
                ],
            ] as [String: Any],
        ]
        if isLegacy(apiVersion) {
            object["subscription"] = subscription.map { $0 as Any } ?? NSNull()
            object["subscription_details"] = ["metadata": metadata]
        } else if let subscription {
            object["parent"] = [
                "type": "subscription_details", "quote_details": NSNull(),
                "subscription_details": ["metadata": metadata, "subscription": subscription] as [String: Any],
            ] as [String: Any]
        } else {
            object["parent"] = NSNull()
        }
        return object
    }

    /// A `charge` as `charge.refunded` carries it (the shape of Stripe's OpenAPI fixture):
    /// `amount_refunded` is the running total of its refunds; the invoice link is gone since
    /// 2025-03-31, so refunds are tied to the charge.
    public static func charge(
        id: String, customer: String?, amount: Int64, amountRefunded: Int64, currency: String = "usd", paymentIntent: String,
        created: Int64, metadata: [String: String] = [:], invoice: String? = nil
    ) -> [String: Any] {
        var object: [String: Any] = [
            "id": id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": amountRefunded,
            "balance_transaction": "txn_\(id.dropFirst(3))", "captured": true, "created": created, "currency": currency,
            "customer": customer.map { $0 as Any } ?? NSNull(), "description": NSNull(), "disputed": false, "livemode": false,
            "metadata": metadata, "paid": true, "payment_intent": paymentIntent, "refunded": amountRefunded >= amount,
            "status": "succeeded",
            "refunds": ["object": "list", "data": [] as [Any], "has_more": false, "url": "/v1/charges/\(id)/refunds"] as [String: Any],
        ]
        // Charges named their invoice before API 2025-03-31.
        if let invoice { object["invoice"] = invoice }
        return object
    }

    public static func checkoutSession(
        id: String, customer: String, subscription: String, user: UInt64, guild: UInt64?, amountTotal: Int64, currency: String = "usd",
        paymentStatus: String = "paid", priceVariant: String? = nil
    ) -> [String: Any] {
        [
            "id": id, "object": "checkout.session", "mode": "subscription", "status": "complete", "payment_status": paymentStatus,
            "customer": customer, "subscription": subscription, "client_reference_id": String(user),
            "metadata": discordMetadata(user: user, guild: guild, priceVariant: priceVariant), "amount_total": amountTotal,
            "currency": currency, "livemode": false,
        ]
    }
}
