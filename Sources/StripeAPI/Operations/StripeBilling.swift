/// The Stripe calls the bot makes. `StripeClient` is the real one; tests point it at the loopback
/// Stripe (`StripeSandbox`), and features can take this protocol to swap in a recorder.
public protocol StripeBilling: Sendable {
    func createCheckoutSession(_ checkout: ProCheckout, idempotencyKey: String?) async throws -> CheckoutSession
    func createBillingPortalSession(customerID: String, returnURL: String, idempotencyKey: String?) async throws
        -> BillingPortalSession
    func retrieveSubscription(_ id: String) async throws -> Subscription
    func listCustomers(email: String, limit: Int) async throws -> StripeList<Customer>
    func createCustomer(email: String?, name: String?, metadata: [String: String], idempotencyKey: String?) async throws
        -> Customer
}

extension StripeClient: StripeBilling {
    public func createCheckoutSession(_ checkout: ProCheckout, idempotencyKey: String? = nil) async throws -> CheckoutSession {
        try await post("/v1/checkout/sessions", form: checkout.form, idempotencyKey: idempotencyKey)
    }

    public func createBillingPortalSession(customerID: String, returnURL: String, idempotencyKey: String? = nil) async throws
        -> BillingPortalSession
    {
        try await post(
            "/v1/billing_portal/sessions",
            form: [StripeFormField("customer", .string(customerID)), StripeFormField("return_url", .string(returnURL))],
            idempotencyKey: idempotencyKey)
    }

    public func retrieveSubscription(_ id: String) async throws -> Subscription {
        try await get("/v1/subscriptions/\(Self.pathComponent(id))")
    }

    public func listCustomers(email: String, limit: Int = 10) async throws -> StripeList<Customer> {
        try await get(
            "/v1/customers",
            query: [StripeFormField("email", .string(email)), StripeFormField("limit", .integer(Int64(max(1, min(limit, 100)))))])
    }

    public func createCustomer(email: String?, name: String?, metadata: [String: String], idempotencyKey: String? = nil)
        async throws -> Customer
    {
        let sorted = metadata.sorted { $0.key < $1.key }.map { StripeFormField($0.key, .string($0.value)) }
        return try await post(
            "/v1/customers",
            form: [
                StripeFormField("email", email.map(StripeFormValue.string)),
                StripeFormField("name", name.map(StripeFormValue.string)),
                StripeFormField("metadata", sorted.isEmpty ? nil : .object(sorted)),
            ], idempotencyKey: idempotencyKey)
    }

    /// An object id as one path segment (ids are `[A-Za-z0-9_]`; anything else is escaped).
    static func pathComponent(_ id: String) -> String {
        StripeForm.escape(id).replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
    }
}
