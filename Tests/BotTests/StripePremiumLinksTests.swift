import Bot
import DiscordModels
import Foundation
import Logging
import ServiceLifecycle
import StripeAPI
import StripeSandbox
import Testing

/// The upgrade prompt's card link and `/premium`'s portal link, made by the Stripe client against
/// the loopback Stripe over real HTTP: the Checkout Session carries the Discord user, the server
/// and the price variant in both metadata blocks (what the webhook processor reads back), and every
/// body passes the sandbox's check of Stripe's parameters.
@Suite(.timeLimit(.minutes(1))) struct StripePremiumLinksTests {
    @Test func checkoutAndPortalLinksComeFromStripe() async throws {
        var logger = Logger(label: "test.stripe-links")
        logger.logLevel = .error
        let configuration = StripeSandboxConfiguration()
        let sandbox = StripeSandbox(configuration: configuration, logger: logger)
        let group = ServiceGroup(services: [sandbox], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let base = try #require(await sandbox.baseURL())
            let client = StripeClient(key: StripeSecretKey(configuration.apiKey), configuration: .init(baseURL: base), logger: logger)
            let settings = try #require(
                StripePremiumLinks.Settings.from(environment: [
                    "GACHABOT_STRIPE_PRO_PRICE": "price_pro_monthly", "GACHABOT_STRIPE_PRICE_VARIANT": "B",
                    "GACHABOT_STRIPE_SUCCESS_URL": "https://example.com/thanks",
                ]))
            #expect(StripePremiumLinks.Settings.from(environment: [:]) == nil, "no price: no card links")
            let links = StripePremiumLinks(billing: client, settings: settings)

            let checkout = try #require(try await links.checkoutURL(user: UserID(4242), guild: GuildID(77)))
            #expect(checkout.hasPrefix("http"))
            let request = try #require(sandbox.requests.last { $0.path == "/v1/checkout/sessions" })
            let form = Dictionary(request.form.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            #expect(form["metadata[discord_user_id]"] == "4242" && form["subscription_data[metadata][discord_user_id]"] == "4242")
            #expect(form["metadata[discord_guild_id]"] == "77" && form["metadata[price_variant]"] == "B")
            #expect(form["line_items[0][price]"] == "price_pro_monthly" && form["success_url"] == "https://example.com/thanks")
            #expect(request.idempotencyKey?.isEmpty == false)

            let customer = try await client.createCustomer(email: nil, name: nil, metadata: ["discord_user_id": "4242"])
            let portal = try await links.billingPortalURL(user: UserID(4242), customerID: customer.id)
            #expect(portal?.hasPrefix("http") == true)
            #expect(sandbox.requests.allSatisfy { $0.status < 400 }, "\(sandbox.requests.map { "\($0.path) \($0.status)" })")
            await group.triggerGracefulShutdown()
        }
    }
}
