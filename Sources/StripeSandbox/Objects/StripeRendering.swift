/// Stripe's JSON for the sandbox's records, in the shapes of API version 2025-03-31.basil:
/// `current_period_start`/`_end` on subscription items, an invoice's subscription under
/// `parent.subscription_details`. Only the fields a client or the event processor reads, plus
/// the ones every object carries (`id`, `object`, `livemode`, `created`).
enum StripeRendering {
    static func customer(_ customer: SandboxCustomer) -> JSONValue {
        [
            "id": .string(customer.id), "object": "customer", "created": .integer(customer.created),
            "email": .optional(customer.email), "livemode": false, "metadata": .map(customer.metadata),
            "name": .optional(customer.name),
        ]
    }

    static func checkoutSession(_ session: SandboxCheckoutSession) -> JSONValue {
        [
            "id": .string(session.id), "object": "checkout.session",
            "amount_total": .integer(session.trialDays == nil ? session.price.unitAmount : 0),
            "cancel_url": .optional(session.cancelURL), "client_reference_id": .optional(session.clientReferenceID),
            "created": .integer(session.created), "currency": .string(session.price.currency),
            "customer": .optional(session.customer), "customer_email": .optional(session.customerEmail),
            "livemode": false, "metadata": .map(session.metadata), "mode": .string(session.mode),
            "payment_method_collection": .string(session.paymentMethodCollection),
            "payment_status": session.status == "complete" ? (session.trialDays == nil ? "paid" : "no_payment_required") : "unpaid",
            "status": .string(session.status), "subscription": .optional(session.subscription),
            "success_url": .optional(session.successURL), "url": session.status == "open" ? .string(session.url) : .null,
        ]
    }

    static func billingPortalSession(id: String, customer: String, returnURL: String?, url: String, created: Int64) -> JSONValue {
        [
            "id": .string(id), "object": "billing_portal.session", "created": .integer(created), "customer": .string(customer),
            "livemode": false, "return_url": .optional(returnURL), "url": .string(url),
        ]
    }

    static func subscription(_ subscription: SandboxSubscription) -> JSONValue {
        let item: JSONValue = [
            "id": .string(subscription.itemID), "object": "subscription_item", "created": .integer(subscription.created),
            "current_period_end": .integer(subscription.currentPeriodEnd),
            "current_period_start": .integer(subscription.currentPeriodStart), "metadata": [:],
            "price": price(subscription.price), "quantity": 1, "subscription": .string(subscription.id),
        ]
        return [
            "id": .string(subscription.id), "object": "subscription",
            "cancel_at": subscription.cancelAtPeriodEnd ? .integer(subscription.currentPeriodEnd) : .null,
            "cancel_at_period_end": .bool(subscription.cancelAtPeriodEnd), "canceled_at": .optional(subscription.canceledAt),
            "created": .integer(subscription.created), "currency": .string(subscription.price.currency),
            "customer": .string(subscription.customer),
            "items": [
                "object": "list", "data": [item], "has_more": false,
                "url": .string("/v1/subscription_items?subscription=\(subscription.id)"),
            ],
            "latest_invoice": .optional(subscription.latestInvoice), "livemode": false,
            "metadata": .map(subscription.metadata), "status": .string(subscription.status),
            "trial_end": .optional(subscription.trialEnd),
            "trial_settings": ["end_behavior": ["missing_payment_method": .string(subscription.trialEndBehavior)]],
            "trial_start": .optional(subscription.trialStart),
        ]
    }

    static func price(_ price: SandboxPrice) -> JSONValue {
        [
            "id": .string(price.id), "object": "price", "active": true, "currency": .string(price.currency),
            "livemode": false, "recurring": ["interval": .string(price.interval), "interval_count": 1],
            "type": "recurring", "unit_amount": .integer(price.unitAmount),
        ]
    }

    static func invoice(_ invoice: SandboxInvoice) -> JSONValue {
        let line: JSONValue = [
            "id": .string("il_\(invoice.id.dropFirst(3))"), "object": "line_item", "amount": .integer(invoice.amountDue),
            "currency": .string(invoice.currency),
            "period": ["end": .integer(invoice.periodEnd), "start": .integer(invoice.periodStart)],
            "pricing": ["price_details": ["price": .string(invoice.priceID)], "type": "price_details"],
        ]
        return [
            "id": .string(invoice.id), "object": "invoice", "amount_due": .integer(invoice.amountDue),
            "amount_paid": .integer(invoice.amountPaid), "amount_remaining": .integer(invoice.amountDue - invoice.amountPaid),
            "billing_reason": .string(invoice.billingReason), "created": .integer(invoice.created),
            "currency": .string(invoice.currency), "customer": .string(invoice.customer),
            "lines": ["object": "list", "data": [line], "has_more": false], "livemode": false,
            "parent": [
                "type": "subscription_details",
                "subscription_details": [
                    "metadata": .map(invoice.subscriptionMetadata), "subscription": .string(invoice.subscription),
                ],
            ],
            "period_end": .integer(invoice.periodEnd), "period_start": .integer(invoice.periodStart),
            "status": .string(invoice.status),
        ]
    }

    /// https://docs.stripe.com/api/events/object
    static func event(
        id: String, type: String, created: Int64, apiVersion: String, object: JSONValue, previousAttributes: JSONValue?
    ) -> JSONValue {
        var data: [(String, JSONValue)] = [("object", object)]
        if let previousAttributes { data.append(("previous_attributes", previousAttributes)) }
        return [
            "id": .string(id), "object": "event", "api_version": .string(apiVersion), "created": .integer(created),
            "data": .object(data), "livemode": false, "pending_webhooks": 1,
            "request": ["id": .null, "idempotency_key": .null], "type": .string(type),
        ]
    }

    /// https://docs.stripe.com/api/errors
    static func error(type: String, code: String?, parameter: String?, message: String) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let code { fields.append(("code", .string(code))) }
        fields.append(("message", .string(message)))
        if let parameter { fields.append(("param", .string(parameter))) }
        fields.append(("type", .string(type)))
        return ["error": .object(fields)]
    }
}
