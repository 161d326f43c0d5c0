import Bot
import DiscordModels
import Foundation
import Logging
import Premium
import SQLiteStorage
import ServiceLifecycle
import Storage
import StripeAPI
import StripeSandbox
import Testing

/// Price experiments on the Checkout link, against the loopback Stripe over real HTTP.
@Suite(.timeLimit(.minutes(1))) struct PriceExperimentLinksTests {
    /// A member in the experiment's flag pays their variant's price, and the variant rides in both
    /// metadata blocks of the Checkout request the loopback Stripe recorded; a member outside the
    /// flag pays the default price under the default variant, and is not exposed.
    @Test func aPriceExperimentsVariantChoosesThePriceAndRidesInTheMetadata() async throws {
        var logger = Logger(label: "test.stripe-links")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        defer { try? store.close() }
        let at = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        try await store.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: "pro_price_test", rollout: 50, updatedAt: at)) }
        let flags = FeatureFlags()
        try await flags.refresh(from: store)
        let experiment = PriceExperiment(
            name: "pro_price_2026", flag: "pro_price_test",
            variants: [
                PriceVariant(name: "low", stripePrice: "price_low", price: Money(amount: 499, currency: "usd")),
                PriceVariant(name: "high", stripePrice: "price_high", price: Money(amount: 699, currency: "usd")),
            ])
        let service = PriceExperimentService(
            store: store, configuration: PriceExperimentConfiguration(discordSKUPrice: Money(amount: 499, currency: "usd"), experiment: experiment),
            flags: flags, now: { at })
        let ids = (1...500).map { UInt64($0) }
        let inside = try #require(ids.first { flags.isEnabled("pro_price_test", user: MemberID($0)) })
        let outside = try #require(ids.first { !flags.isEnabled("pro_price_test", user: MemberID($0)) })
        let expected = experiment.variant(for: MemberID(inside))

        let configuration = StripeSandboxConfiguration(prices: [
            SandboxPrice(id: "price_default", unitAmount: 499), SandboxPrice(id: "price_low", unitAmount: 499),
            SandboxPrice(id: "price_high", unitAmount: 699),
        ])
        let sandbox = StripeSandbox(configuration: configuration, logger: logger)
        let group = ServiceGroup(services: [sandbox], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let base = try #require(await sandbox.baseURL())
            let client = StripeClient(key: StripeSecretKey(configuration.apiKey), configuration: .init(baseURL: base), logger: logger)
            let links = StripePremiumLinks(billing: client, settings: .init(proPriceID: "price_default"), experiment: service)
            func lastForm() throws -> [String: String] {
                let request = try #require(sandbox.requests.last { $0.path == "/v1/checkout/sessions" })
                return Dictionary(request.form.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            }

            _ = try await links.checkoutURL(user: UserID(inside), guild: DiscordModels.GuildID(77))
            var form = try lastForm()
            #expect(form["line_items[0][price]"] == expected.stripePrice)
            #expect(form["metadata[price_variant]"] == expected.name)
            #expect(form["subscription_data[metadata][price_variant]"] == expected.name)
            // A second link: the same variant, and still one exposure.
            _ = try await links.checkoutURL(user: UserID(inside), guild: nil)
            #expect(try lastForm()["metadata[price_variant]"] == expected.name)

            _ = try await links.checkoutURL(user: UserID(outside), guild: nil)
            form = try lastForm()
            #expect(form["line_items[0][price]"] == "price_default" && form["metadata[price_variant]"] == "default")
            #expect(sandbox.requests.allSatisfy { $0.status < 400 }, "\(sandbox.requests.map { "\($0.path) \($0.status)" })")
            await group.triggerGracefulShutdown()
        }
        let exposures = try await store.read { try await $0.analyticsEvents(player: nil, name: .experimentExposure, limit: 10) }
        #expect(exposures.count == 1)
        #expect(exposures.first?.player.member == MemberID(inside))
        #expect(exposures.first?.properties["variant"] == expected.name)
        #expect(try await store.readPremium { try await $0.experimentAssignments("pro_price_2026") }.map(\.user) == [MemberID(inside)])
    }
}
