import Bot
import BotHarness
import DiscordModels
import Foundation
import Gacha
import Logging
import Premium
import ServiceLifecycle
import StripeAPI
import StripeSandbox
import WebServer

/// The demo's Stripe scene, on a loopback Stripe: the upgrade link is a real Checkout Session, the
/// member pays, Stripe's webhooks reach the bot's HTTP server twice each and out of order (and
/// change the state once), then a cancellation at the period's end takes Pro away.
struct DemoStripe: Sendable {
    let sandbox: StripeSandbox
    let base: String
    /// What the demo's HTTP server applies reaches the bot's Pro cache through this.
    let changes = EntitlementChanges()
    static let price = "price_pro_monthly"

    /// Runs a loopback Stripe around `body`.
    static func run<T: Sendable>(logger: Logger, _ body: (DemoStripe) async throws -> T) async throws -> T {
        let sandbox = StripeSandbox(configuration: StripeSandboxConfiguration(), logger: logger)
        let group = ServiceGroup(services: [sandbox], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            guard let base = await sandbox.baseURL() else { throw HarnessError.unexpectedReply("the loopback Stripe did not start") }
            let result = try await body(DemoStripe(sandbox: sandbox, base: base))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    /// The card links the bot's prompts carry: Checkout and Billing Portal sessions on the loopback Stripe.
    var links: any PremiumLinks {
        let client = StripeClient(key: StripeSecretKey(StripeSandboxConfiguration().apiKey), configuration: .init(baseURL: base))
        return StripePremiumLinks(billing: client, settings: .init(proPriceID: Self.price))
    }
}

extension DemoScript {
    func playStripe(_ stripe: DemoStripe) async throws {
        print("— Pro by card, through a loopback Stripe —\n")
        let member = bot.member(Self.cardMemberID, name: "Cy").withoutEntitlements()
        let premium = try await member.command("premium")
        try await show("/premium (Cy)", premium)
        let session = try Self.checkoutSession(in: premium)

        // The bot's HTTP server, with the premium area's processor on the bot's own store.
        let time = GameTime.live()
        let changes = stripe.changes
        let processor = StripeWebhookProcessor(store: bot.store, now: { time.now() }, onEntitlementChange: { changes.notify($0) })
        try await Self.withWebhookServer(processor) { webhooks in
            let paid = try stripe.sandbox.completeCheckout(session)
            print("… Cy pays on the Checkout page (\(session)). Stripe sends \(paid.map(\.type).joined(separator: ", ")),")
            print("  here each twice and shuffled:")
            let attempts = await stripe.sandbox.deliverPending(to: webhooks, script: DeliveryScript(copies: 2, order: .shuffled(seed: 7)))
            for attempt in attempts { print("  POST /webhooks/stripe \(attempt.type) → \(attempt.status.map(String.init) ?? "no answer")") }
            print("")
            try await show("/premium (Cy)", try await member.command("premium"))

            guard let created = paid.first(where: { $0.type == "customer.subscription.created" }),
                let subscription = Self.objectID(created.payload)
            else { throw HarnessError.unexpectedReply("no subscription in the checkout's events") }
            let cancel = try stripe.sandbox.cancelAtPeriodEnd(subscription)
            let ended = stripe.sandbox.advanceClock(by: 32 * 86_400)
            print(
                "… Cy cancels in the Billing Portal, at the period's end (\(cancel.type)); a month later Stripe sends "
                    + "\(ended.map(\.type).joined(separator: ", ")). Here they arrive in reverse order:")
            let later = await stripe.sandbox.deliverPending(to: webhooks, script: DeliveryScript(order: .reversed))
            for attempt in later { print("  POST /webhooks/stripe \(attempt.type) → \(attempt.status.map(String.init) ?? "no answer")") }
            print("")
            try await show("/premium (Cy)", try await member.command("premium"))
        }
    }

    static let cardMemberID: UInt64 = 1_100_000_000_000_000_778

    static func objectID(_ payload: [UInt8]) -> String? {
        let event = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        return ((event?["data"] as? [String: Any])?["object"] as? [String: Any])?["id"] as? String
    }
}

extension DemoScript {
    /// The Checkout session of the card link in a `/premium` reply.
    static func checkoutSession(in premium: BotAnswer) throws -> String {
        guard let link = MessageText.linkURLs(premium.message?.components ?? []).first(where: { $0.contains("/c/pay/") }),
            let session = link.split(separator: "/").last.map(String.init)
        else { throw HarnessError.unexpectedReply("no Checkout link in: \(premium.text)") }
        return session
    }

    /// The bot's HTTP server on a free port with `processor` behind `/webhooks/stripe`, for the
    /// length of `body`, which gets the webhook URL.
    static func withWebhookServer(
        _ processor: StripeWebhookProcessor, _ body: (String) async throws -> Void
    ) async throws {
        var logger = Logger(label: "demo.http")
        logger.logLevel = .error
        let server = WebServer(
            configuration: .init(port: 0),
            handlers: WebServerHandlers(
                stripeSecret: StripeSandboxConfiguration().webhookSecret,
                stripeEvents: { body in try await WebServerAssembly.stripeOutcome(processor, body) }),
            logger: logger)
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            guard let port = await server.port() else { throw HarnessError.unexpectedReply("the HTTP server did not start") }
            try await body("http://127.0.0.1:\(port)/webhooks/stripe")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
