import Clocks
import Foundation
import StripeAPI
import StripeSandbox
import Testing

@Suite struct StripeClientTests {
    static func checkout(trial: ProCheckout.Trial? = nil, customer: String? = nil) -> ProCheckout {
        ProCheckout(
            priceID: "price_pro_monthly", discordUserID: "80351110224678912", discordGuildID: "41771983423143937",
            priceVariant: "B", successURL: "https://gachabot.test/thanks?session={CHECKOUT_SESSION_ID}",
            cancelURL: "https://gachabot.test/cancel", customerID: customer, trial: trial)
    }

    @Test func aProCheckoutSessionIsCreatedWithEveryParameterStripeAccepts() async throws {
        try await withSandbox { sandbox, client in
            let session = try await client.createCheckoutSession(Self.checkout(), idempotencyKey: nil)
            #expect(session.id.hasPrefix("cs_test_"))
            #expect(session.mode == "subscription")
            #expect(session.url?.contains(session.id) == true)
            #expect(session.clientReferenceID == "80351110224678912")
            #expect(session.metadata == ["discord_user_id": "80351110224678912", "discord_guild_id": "41771983423143937", "price_variant": "B"])
            let request = try #require(sandbox.requests.last)
            #expect(request.status == 200)
            #expect(request.path == "/v1/checkout/sessions")
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.stripeVersion == StripeClient.pinnedAPIVersion)
            #expect(request.idempotencyKey?.isEmpty == false)
            #expect(request.value("subscription_data[metadata][discord_user_id]") == "80351110224678912")
            #expect(request.value("success_url") == "https://gachabot.test/thanks?session={CHECKOUT_SESSION_ID}")
            #expect(request.value("payment_method_collection") == nil)
        }
    }

    @Test func aTrialCheckoutAsksForNoCardUpFront() async throws {
        try await withSandbox { sandbox, client in
            _ = try await client.createCheckoutSession(Self.checkout(trial: .init(days: 7)), idempotencyKey: "trial-1")
            let request = try #require(sandbox.requests.last)
            #expect(request.status == 200)
            #expect(request.idempotencyKey == "trial-1")
            #expect(request.value("payment_method_collection") == "if_required")
            #expect(request.value("subscription_data[trial_period_days]") == "7")
            #expect(request.value("subscription_data[trial_settings][end_behavior][missing_payment_method]") == "cancel")
        }
    }

    @Test func everyPostCarriesItsOwnIdempotencyKeyAndAReplayIsMarked() async throws {
        try await withSandbox { sandbox, client in
            _ = try await client.createCustomer(email: "a@example.test", name: nil, metadata: [:], idempotencyKey: nil)
            _ = try await client.createCustomer(email: "b@example.test", name: nil, metadata: [:], idempotencyKey: nil)
            let keys = sandbox.requests.compactMap(\.idempotencyKey)
            #expect(keys.count == 2)
            #expect(Set(keys).count == 2)
            let first = try await client.createCustomer(email: "c@example.test", name: "C", metadata: ["discord_user_id": "9"], idempotencyKey: "same")
            let again = try await client.createCustomer(email: "c@example.test", name: "C", metadata: ["discord_user_id": "9"], idempotencyKey: "same")
            #expect(first == again)
            let listed = try await client.listCustomers(email: "c@example.test", limit: 10)
            #expect(listed.data.map(\.id) == [first.id])
            #expect(listed.data.first?.metadata == ["discord_user_id": "9"])
            await #expect(throws: StripeAPIError.self) {
                _ = try await client.createCustomer(email: "other@example.test", name: nil, metadata: [:], idempotencyKey: "same")
            }
        }
    }

    @Test func anUnknownParameterIsRefusedAsStripeWould() async throws {
        try await withSandbox { sandbox, client in
            do {
                let _: CheckoutSession = try await client.post(
                    "/v1/checkout/sessions",
                    form: [StripeFormField("mode", "subscription"), StripeFormField("subscription_data", .object([StripeFormField("trial_days", 7)]))])
                Issue.record("the sandbox accepted subscription_data[trial_days]")
            } catch let error as StripeAPIError {
                guard case .api(let status, let type, let code, let parameter, let message, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(status == 400)
                #expect(type == "invalid_request_error")
                #expect(code == "parameter_unknown")
                #expect(parameter == "subscription_data[trial_days]")
                #expect(message == "Received unknown parameter: subscription_data[trial_days]")
            }
            #expect(sandbox.requests.count == 1)
            do {
                let _: CheckoutSession = try await client.post("/v1/checkout/sessions", form: [StripeFormField("mode", "subscriptions")])
                Issue.record("an invalid mode was accepted")
            } catch let error as StripeAPIError {
                #expect(error.description.contains("must be one of payment, setup, subscription"))
            }
        }
    }

    @Test func aBillingPortalSessionNeedsAnExistingCustomer() async throws {
        try await withSandbox { _, client in
            let customer = try await client.createCustomer(email: "p@example.test", name: nil, metadata: [:], idempotencyKey: nil)
            let portal = try await client.createBillingPortalSession(
                customerID: customer.id, returnURL: "https://gachabot.test/back", idempotencyKey: nil)
            #expect(portal.customer == customer.id)
            #expect(portal.url.contains(portal.id))
            #expect(portal.returnURL == "https://gachabot.test/back")
            do {
                _ = try await client.createBillingPortalSession(customerID: "cus_missing", returnURL: "https://x.test", idempotencyKey: nil)
                Issue.record("a portal session for an unknown customer was created")
            } catch let error as StripeAPIError {
                #expect(error.status == 400)
                #expect(error.description.contains("No such customer: 'cus_missing'"))
            }
        }
    }

    @Test func aSubscriptionReadsItsPeriodEndFromItsItems() async throws {
        try await withSandbox { sandbox, client in
            let session = try await client.createCheckoutSession(Self.checkout(), idempotencyKey: nil)
            try sandbox.completeCheckout(session.id)
            let id = try #require(sandbox.subscriptionID(forCheckoutSession: session.id))
            let subscription = try await client.retrieveSubscription(id)
            #expect(subscription.status == "active")
            #expect(subscription.currentPeriodEnd == nil)
            #expect(subscription.periodEnd == sandbox.now + 30 * 86_400)
            #expect(subscription.metadata["price_variant"] == "B")
            do {
                _ = try await client.retrieveSubscription("sub_missing")
                Issue.record("an unknown subscription was found")
            } catch let error as StripeAPIError {
                #expect(error.status == 404)
            }
        }
    }

    @Test func anOlderAPIVersionsTopLevelPeriodEndIsTheFallback() throws {
        let json = #"{"id":"sub_1","status":"active","customer":"cus_1","cancel_at_period_end":false,"metadata":{},"current_period_end":1767225600,"items":{"data":[{"id":"si_1"}],"has_more":false}}"#
        let subscription = try JSONDecoder().decode(Subscription.self, from: Data(json.utf8))
        #expect(subscription.periodEnd == 1_767_225_600)
    }
}
