/// A subscription's life on the sandbox's test clock, emitting the events Stripe would, with the
/// objects in their real shapes. Events queue until a test delivers them.
extension StripeSandbox {
    public enum LifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
        case noSuchCheckoutSession(String)
        case checkoutSessionNotOpen(String)
        case noSuchSubscription(String)

        public var description: String {
            switch self {
            case .noSuchCheckoutSession(let id): "no checkout session \(id) in the loopback Stripe"
            case .checkoutSessionNotOpen(let id): "checkout session \(id) is already completed"
            case .noSuchSubscription(let id): "no subscription \(id) in the loopback Stripe"
            }
        }
    }

    static let trialWillEndLead: Int64 = 3 * 86_400

    /// The member pays (or starts the trial) on the Checkout page: a customer if the session had
    /// none, a subscription (trialing or active), its first invoice, and the events
    /// `customer.subscription.created`, `invoice.paid`, `checkout.session.completed`.
    /// `paymentMethod`: whether a card was given (a trial with `if_required` may have none).
    @discardableResult
    public func completeCheckout(_ sessionID: String, paymentMethod: Bool = true, email: String? = nil) throws(LifecycleError)
        -> [SandboxEvent]
    {
        let result: Result<[SandboxEvent], LifecycleError> = state.withLock { state in
            guard var session = state.sessions[sessionID] else { return .failure(.noSuchCheckoutSession(sessionID)) }
            guard session.status == "open" else { return .failure(.checkoutSessionNotOpen(sessionID)) }
            let customer = session.customer
                ?? Self.insertCustomer(email: email ?? session.customerEmail, name: nil, metadata: [:], &state).id
            let now = state.now
            let trialEnd = session.trialDays.map { now + Int64($0) * 86_400 }
            var subscription = SandboxSubscription(
                id: Self.makeID("sub", &state), customer: customer, status: trialEnd == nil ? "active" : "trialing",
                price: session.price, itemID: Self.makeID("si", &state), metadata: session.subscriptionMetadata, created: now,
                currentPeriodStart: now, currentPeriodEnd: trialEnd ?? now + session.price.periodSeconds,
                trialStart: trialEnd == nil ? nil : now, trialEnd: trialEnd, trialEndBehavior: session.trialEndBehavior,
                hasPaymentMethod: paymentMethod || session.paymentMethodCollection == "always")
            let invoice = Self.makeInvoice(
                subscription, amount: trialEnd == nil ? session.price.unitAmount : 0, paid: true, reason: "subscription_create",
                &state)
            subscription.latestInvoice = invoice.id
            state.subscriptions[subscription.id] = subscription
            session.status = "complete"
            session.customer = customer
            session.subscription = subscription.id
            state.sessions[sessionID] = session
            return .success([
                Self.emit("customer.subscription.created", StripeRendering.subscription(subscription), nil, &state),
                Self.emit("invoice.paid", StripeRendering.invoice(invoice), nil, &state),
                Self.emit("checkout.session.completed", StripeRendering.checkoutSession(session), nil, &state),
            ])
        }
        return try result.get()
    }

    /// Moves the test clock forward and plays what comes due, in time order per subscription:
    /// `customer.subscription.trial_will_end` three days before a trial ends; at its end the
    /// subscription turns active with a paid invoice, or, with no payment method, follows its
    /// end behaviour (cancel → deleted, pause → paused, create_invoice → past_due with a failed
    /// invoice); a period's end renews (paid or failed) or, if set to cancel, deletes it.
    @discardableResult
    public func advanceClock(by seconds: Int64) -> [SandboxEvent] {
        state.withLock { state in
            state.now += max(0, seconds)
            var emitted: [SandboxEvent] = []
            for id in state.subscriptions.keys.sorted() {
                while let events = Self.step(id, &state), !events.isEmpty { emitted += events }
            }
            return emitted
        }
    }

    /// One due change of subscription `id`, or nil when nothing is due.
    private static func step(_ id: String, _ state: inout State) -> [SandboxEvent]? {
        guard var subscription = state.subscriptions[id] else { return nil }
        let now = state.now
        let rendered = StripeRendering.subscription(subscription)
        switch subscription.status {
        case "trialing":
            guard let trialEnd = subscription.trialEnd else { return nil }
            if !subscription.trialWillEndSent && now >= trialEnd - trialWillEndLead {
                subscription.trialWillEndSent = true
                state.subscriptions[id] = subscription
                return [emit("customer.subscription.trial_will_end", rendered, nil, &state)]
            }
            guard now >= trialEnd else { return nil }
            if subscription.hasPaymentMethod {
                return renew(&subscription, from: "trialing", &state)
            }
            switch subscription.trialEndBehavior {
            case "cancel":
                subscription.status = "canceled"
                subscription.canceledAt = trialEnd
                state.subscriptions[id] = subscription
                return [emit("customer.subscription.deleted", StripeRendering.subscription(subscription), nil, &state)]
            case "pause":
                subscription.status = "paused"
                state.subscriptions[id] = subscription
                let after = StripeRendering.subscription(subscription)
                return [
                    emit("customer.subscription.updated", after, ["status": "trialing"], &state),
                    emit("customer.subscription.paused", after, nil, &state),
                ]
            default:
                return fail(&subscription, from: "trialing", &state)
            }
        case "active":
            guard now >= subscription.currentPeriodEnd else { return nil }
            if subscription.cancelAtPeriodEnd {
                subscription.status = "canceled"
                subscription.canceledAt = subscription.currentPeriodEnd
                state.subscriptions[id] = subscription
                return [emit("customer.subscription.deleted", StripeRendering.subscription(subscription), nil, &state)]
            }
            return subscription.hasPaymentMethod ? renew(&subscription, from: "active", &state) : fail(&subscription, from: "active", &state)
        default:
            return nil
        }
    }

    private static func renew(_ subscription: inout SandboxSubscription, from status: String, _ state: inout State) -> [SandboxEvent] {
        let previous: JSONValue = [
            "status": .string(status), "latest_invoice": .optional(subscription.latestInvoice),
        ]
        let start = subscription.currentPeriodEnd
        subscription.status = "active"
        subscription.currentPeriodStart = start
        subscription.currentPeriodEnd = start + subscription.price.periodSeconds
        let invoice = makeInvoice(subscription, amount: subscription.price.unitAmount, paid: true, reason: "subscription_cycle", &state)
        subscription.latestInvoice = invoice.id
        state.subscriptions[subscription.id] = subscription
        return [
            emit("customer.subscription.updated", StripeRendering.subscription(subscription), previous, &state),
            emit("invoice.paid", StripeRendering.invoice(invoice), nil, &state),
        ]
    }

    private static func fail(_ subscription: inout SandboxSubscription, from status: String, _ state: inout State) -> [SandboxEvent] {
        let start = subscription.currentPeriodEnd
        subscription.status = "past_due"
        subscription.currentPeriodStart = start
        subscription.currentPeriodEnd = start + subscription.price.periodSeconds
        let invoice = makeInvoice(subscription, amount: subscription.price.unitAmount, paid: false, reason: "subscription_cycle", &state)
        subscription.latestInvoice = invoice.id
        state.subscriptions[subscription.id] = subscription
        return [
            emit("customer.subscription.updated", StripeRendering.subscription(subscription), ["status": .string(status)], &state),
            emit("invoice.payment_failed", StripeRendering.invoice(invoice), nil, &state),
        ]
    }

    /// The member asks to cancel at the period's end (the billing portal's default):
    /// `customer.subscription.updated` with `cancel_at_period_end` true.
    @discardableResult
    public func cancelAtPeriodEnd(_ subscriptionID: String) throws(LifecycleError) -> SandboxEvent {
        let result: Result<SandboxEvent, LifecycleError> = state.withLock { state in
            guard var subscription = state.subscriptions[subscriptionID] else { return .failure(.noSuchSubscription(subscriptionID)) }
            subscription.cancelAtPeriodEnd = true
            state.subscriptions[subscriptionID] = subscription
            return .success(Self.emit(
                "customer.subscription.updated", StripeRendering.subscription(subscription),
                ["cancel_at_period_end": false, "cancel_at": .null], &state))
        }
        return try result.get()
    }

    /// Gives or takes away the subscription's payment method (a later renewal then fails).
    public func setPaymentMethod(_ subscriptionID: String, present: Bool) throws(LifecycleError) {
        let found = state.withLock { state -> Bool in
            guard state.subscriptions[subscriptionID] != nil else { return false }
            state.subscriptions[subscriptionID]?.hasPaymentMethod = present
            return true
        }
        guard found else { throw .noSuchSubscription(subscriptionID) }
    }

    /// The subscription a completed checkout session created.
    public func subscriptionID(forCheckoutSession id: String) -> String? {
        state.withLock { $0.sessions[id]?.subscription }
    }

    private static func makeInvoice(
        _ subscription: SandboxSubscription, amount: Int64, paid: Bool, reason: String, _ state: inout State
    ) -> SandboxInvoice {
        let invoice = SandboxInvoice(
            id: makeID("in", &state), customer: subscription.customer, subscription: subscription.id,
            subscriptionMetadata: subscription.metadata, status: paid ? "paid" : "open", amountDue: amount,
            amountPaid: paid ? amount : 0, currency: subscription.price.currency, billingReason: reason,
            periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd,
            priceID: subscription.price.id, created: state.now)
        state.invoices[invoice.id] = invoice
        return invoice
    }

    static func emit(_ type: String, _ object: JSONValue, _ previous: JSONValue?, _ state: inout State) -> SandboxEvent {
        let id = makeID("evt", &state)
        let body = StripeRendering.event(
            id: id, type: type, created: state.now, apiVersion: state.apiVersion, object: object, previousAttributes: previous)
        let event = SandboxEvent(id: id, type: type, created: state.now, body: body, payload: Array(body.data))
        state.events.append(event)
        state.undelivered.append(event)
        return event
    }
}
