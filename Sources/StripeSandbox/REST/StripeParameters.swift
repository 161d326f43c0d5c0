/// The form parameters Stripe accepts on the endpoints the bot calls, as a tree. Taken from
/// Stripe's OpenAPI description (github.com/stripe/openapi, `openapi/spec3.json`, the
/// `application/x-www-form-urlencoded` request schemas of these operations) and kept to what
/// the loopback needs: every top-level name, and the nested names under the objects the bot
/// fills in (`line_items`, `subscription_data`, `metadata`). A nested object the bot never fills
/// accepts any keys below it (`.anything`), so the list stays small and still catches a typo at
/// the level the bot writes.
public indirect enum StripeParameter: Sendable {
    /// A single value; `allowed` lists an enum's values.
    case value(allowed: [String]? = nil)
    /// An object with these keys.
    case object([String: StripeParameter], required: Set<String> = [])
    /// `metadata`: any key, string values (at most 50 keys, keys ≤ 40 and values ≤ 500 characters).
    case metadata
    /// An array of this element, indexed `name[0]`, `name[1]`….
    case array(StripeParameter)
    /// Not modelled further: any keys below are accepted.
    case anything
}

public enum StripeEndpointParameters {
    static let expand: StripeParameter = .array(.value())

    /// POST /v1/checkout/sessions
    public static let createCheckoutSession: StripeParameter = .object(
        [
            "adaptive_pricing": .anything, "after_expiration": .anything, "allow_promotion_codes": .value(allowed: ["true", "false"]),
            "automatic_tax": .anything, "billing_address_collection": .value(allowed: ["auto", "required"]),
            "branding_settings": .anything, "cancel_url": .value(), "client_reference_id": .value(),
            "consent_collection": .anything, "currency": .value(), "custom_fields": .anything, "custom_text": .anything,
            "customer": .value(), "customer_creation": .value(allowed: ["always", "if_required"]), "customer_email": .value(),
            "customer_update": .anything, "discounts": .anything, "excluded_payment_method_types": .anything,
            "expand": expand, "expires_at": .value(), "invoice_creation": .anything,
            "line_items": .array(
                .object([
                    "adjustable_quantity": .anything, "dynamic_tax_rates": .anything, "metadata": .metadata,
                    "price": .value(), "price_data": .anything, "quantity": .value(), "tax_rates": .anything,
                ])),
            "locale": .value(), "metadata": .metadata, "mode": .value(allowed: ["payment", "setup", "subscription"]),
            "name_collection": .anything, "optional_items": .anything, "origin_context": .anything,
            "payment_intent_data": .anything,
            "payment_method_collection": .value(allowed: ["always", "if_required"]),
            "payment_method_configuration": .value(), "payment_method_data": .anything, "payment_method_options": .anything,
            "payment_method_types": .anything, "permissions": .anything, "phone_number_collection": .anything,
            "redirect_on_completion": .value(allowed: ["always", "if_required", "never"]), "return_url": .value(),
            "saved_payment_method_options": .anything, "setup_intent_data": .anything,
            "shipping_address_collection": .anything, "shipping_options": .anything,
            "submit_type": .value(allowed: ["auto", "book", "donate", "pay", "subscribe"]),
            "subscription_data": .object([
                "application_fee_percent": .value(), "billing_cycle_anchor": .value(), "billing_mode": .anything,
                "default_tax_rates": .anything, "description": .value(), "invoice_settings": .anything,
                "metadata": .metadata, "on_behalf_of": .value(),
                "proration_behavior": .value(allowed: ["create_prorations", "none"]), "transfer_data": .anything,
                "trial_end": .value(), "trial_period_days": .value(),
                "trial_settings": .object(
                    [
                        "end_behavior": .object(
                            ["missing_payment_method": .value(allowed: ["cancel", "create_invoice", "pause"])],
                            required: ["missing_payment_method"])
                    ], required: ["end_behavior"]),
            ]),
            "success_url": .value(), "tax_id_collection": .anything,
            "ui_mode": .value(allowed: ["custom", "embedded", "hosted"]), "wallet_options": .anything,
        ])

    /// POST /v1/billing_portal/sessions
    public static let createBillingPortalSession: StripeParameter = .object(
        [
            "configuration": .value(), "customer": .value(), "customer_account": .value(), "expand": expand,
            "flow_data": .anything, "locale": .value(), "on_behalf_of": .value(), "return_url": .value(),
        ], required: ["customer"])

    /// POST /v1/customers
    public static let createCustomer: StripeParameter = .object([
        "address": .anything, "balance": .value(), "business_name": .value(), "cash_balance": .anything,
        "description": .value(), "email": .value(), "expand": expand, "individual_name": .value(),
        "invoice_prefix": .value(), "invoice_settings": .anything, "metadata": .metadata, "name": .value(),
        "next_invoice_sequence": .value(), "payment_method": .value(), "phone": .value(), "preferred_locales": .anything,
        "shipping": .anything, "source": .value(), "tax": .anything, "tax_exempt": .value(allowed: ["exempt", "none", "reverse"]),
        "tax_id_data": .anything, "test_clock": .value(), "validate": .value(allowed: ["true", "false"]),
    ])

    /// GET /v1/customers (query)
    public static let listCustomers: StripeParameter = .object([
        "created": .anything, "email": .value(), "ending_before": .value(), "expand": expand, "limit": .value(),
        "starting_after": .value(), "test_clock": .value(),
    ])

    /// GET /v1/subscriptions/{subscription_exposed_id} (query)
    public static let retrieveSubscription: StripeParameter = .object(["expand": expand])
}
