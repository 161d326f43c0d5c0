/// What each REST call does to the sandbox's records.
extension StripeSandbox {
    func createCheckoutSession(_ form: FormPairs) -> Answer {
        guard let mode = form.first("mode") else { return Self.missing("mode") }
        guard mode == "subscription" else {
            return Answer(status: 400, body: StripeRendering.error(
                type: "invalid_request_error", code: "parameter_invalid_string", parameter: "mode",
                message: "The loopback Stripe sells subscriptions only; mode must be subscription."))
        }
        guard let priceID = form.first("line_items[0][price]") else {
            return Self.missing("line_items", "In `subscription` mode, line_items with a recurring price are required.")
        }
        guard let price = configuration.prices.first(where: { $0.id == priceID }) else {
            return Self.noSuch("price", priceID, parameter: "line_items[0][price]")
        }
        guard let successURL = form.first("success_url") else {
            return Self.missing("success_url", "You must provide a success_url for hosted Checkout.")
        }
        let trialDays = form.first("subscription_data[trial_period_days]").flatMap(Int.init)
        if let text = form.first("subscription_data[trial_period_days]"), !(trialDays.map { (1...730).contains($0) } ?? false) {
            return Answer(status: 400, body: StripeRendering.error(
                type: "invalid_request_error", code: "parameter_invalid_integer", parameter: "subscription_data[trial_period_days]",
                message: "Invalid integer: \(text); trial_period_days must be between 1 and 730."))
        }
        return state.withLock { state in
            if let customer = form.first("customer"), state.customers[customer] == nil {
                return Self.noSuch("customer", customer, parameter: "customer")
            }
            let id = Self.makeID("cs", &state)
            let session = SandboxCheckoutSession(
                id: id, url: "http://\(configuration.host):\(state.port ?? 0)/c/pay/\(id)", mode: mode,
                customer: form.first("customer"), customerEmail: form.first("customer_email"),
                clientReferenceID: form.first("client_reference_id"), metadata: form.nested("metadata"),
                subscriptionMetadata: form.nested("subscription_data[metadata]"), price: price, trialDays: trialDays,
                trialEndBehavior: form.first("subscription_data[trial_settings][end_behavior][missing_payment_method]") ?? "create_invoice",
                paymentMethodCollection: form.first("payment_method_collection") ?? "always", successURL: successURL,
                cancelURL: form.first("cancel_url"), status: "open", subscription: nil, created: state.now)
            state.sessions[id] = session
            return Answer(status: 200, body: StripeRendering.checkoutSession(session))
        }
    }

    func createBillingPortalSession(_ form: FormPairs) -> Answer {
        guard let customer = form.first("customer") else { return Self.missing("customer") }
        return state.withLock { state in
            guard state.customers[customer] != nil else { return Self.noSuch("customer", customer, parameter: "customer") }
            let id = Self.makeID("bps", &state)
            return Answer(status: 200, body: StripeRendering.billingPortalSession(
                id: id, customer: customer, returnURL: form.first("return_url"),
                url: "http://\(configuration.host):\(state.port ?? 0)/p/session/\(id)", created: state.now))
        }
    }

    func createCustomer(_ form: FormPairs) -> Answer {
        state.withLock { state in
            let customer = Self.insertCustomer(
                email: form.first("email"), name: form.first("name"), metadata: form.nested("metadata"), &state)
            return Answer(status: 200, body: StripeRendering.customer(customer))
        }
    }

    static func insertCustomer(email: String?, name: String?, metadata: [String: String], _ state: inout State) -> SandboxCustomer {
        let customer = SandboxCustomer(id: makeID("cus", &state), email: email, name: name, metadata: metadata, created: state.now)
        state.customers[customer.id] = customer
        state.customerOrder.append(customer.id)
        return customer
    }

    func listCustomers(_ query: FormPairs) -> Answer {
        let limit = query.first("limit").flatMap(Int.init) ?? 10
        guard (1...100).contains(limit) else {
            return Answer(status: 400, body: StripeRendering.error(
                type: "invalid_request_error", code: "parameter_invalid_integer", parameter: "limit",
                message: "This value must be between 1 and 100."))
        }
        let email = query.first("email")
        return state.withLock { state in
            // Newest first, as Stripe lists.
            let matching = state.customerOrder.reversed().compactMap { state.customers[$0] }.filter { email == nil || $0.email == email }
            return Answer(status: 200, body: [
                "object": "list", "data": .array(matching.prefix(limit).map(StripeRendering.customer)),
                "has_more": .bool(matching.count > limit), "url": "/v1/customers",
            ])
        }
    }

    func retrieveSubscription(_ id: String) -> Answer {
        state.withLock { state in
            guard let subscription = state.subscriptions[id] else { return Self.noSuch("subscription", id, parameter: nil) }
            return Answer(status: 200, body: StripeRendering.subscription(subscription))
        }
    }
}
