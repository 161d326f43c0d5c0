import Bot
import Economy
import Foundation
import Gacha
import Logging
import PostgresStorage
import Premium
import SQLiteStorage
import Storage
import WebServer

/// Builds the HTTP server for `run` and `serve` from the open store and the secrets.
///
/// Verified Stripe events go to the premium area's `StripeWebhookProcessor` (exactly once, in
/// their own order); a malformed one is answered 400. `onEntitlementChange` is told each user
/// whose entitlement changed, so a bot in the same process drops its cached Pro answer.
/// Verified Discord webhook events go to the bot in the same process (`DiscordWebhookEvents`);
/// `serve` alone has no bot, and answers them 503 so Discord delivers them again.
enum WebServerAssembly {
    static func make(
        configuration: WebServerConfiguration, store: any BotStore, secrets: PremiumSecrets, logger: Logger,
        premium: PremiumConfiguration = PremiumConfiguration(), onEntitlementChange: @escaping @Sendable (MemberID) -> Void = { _ in },
        discordEvents: DiscordWebhookEvents? = nil, metrics: WebMetrics = WebMetrics(), economy: EconomyConfiguration? = nil
    ) async throws -> WebServer {
        let migrations = try await appliedMigrations(store)
        let time = GameTime.live()
        // Paid invoices and refunds are booked in the money ledger in the event's own transaction.
        let processor = StripeWebhookProcessor(
            store: store, configuration: premium, now: { time.now() }, onEntitlementChange: onEntitlementChange,
            money: EconomyRevenueRecorder(configuration: try economy ?? defaultEconomy()))
        let handlers = WebServerHandlers(
            stripeSecret: secrets.stripeWebhookSecret, stripeEvents: { body in try await stripeOutcome(processor, body) },
            discordSignature: secrets.discordSignature,
            discordEvents: discordEvents.map(discordHandler),
            readiness: {
                [await databaseCheck(store), ReadinessCheck(name: "migrations", isReady: true, detail: "\(migrations) applied")]
            })
        var serverLogger = logger
        serverLogger[metadataKey: "component"] = "http"
        return WebServer(configuration: configuration, handlers: handlers, metrics: metrics, logger: serverLogger)
    }

    /// The revenue gauges of `/metrics`, read from the economy's money ledger every minute.
    static func revenueGauges(store: any BotStore, metrics: WebMetrics, logger: Logger) -> RevenueGauges? {
        let economy: any EconomyStore = store
        let time = GameTime.live()
        var gaugeLogger = logger
        gaugeLogger[metadataKey: "component"] = "revenue"
        return RevenueGauges(factory: metrics.factory, logger: gaugeLogger) {
            let snapshot = try await RevenueSnapshot.read(from: economy, at: time.now())
            return RevenueGauges.Reading(payingProMembers: snapshot.payingProMembers, revenueByCurrency: snapshot.trailing30DayRevenue)
        }
    }

    /// Discord's events for the bot; a body that is no event is rejected (400).
    static func discordHandler(_ events: DiscordWebhookEvents) -> @Sendable (Data) async throws -> Void {
        { body in
            do {
                try await events.handle(body)
            } catch let malformed as DiscordWebhookEvents.Malformed {
                throw WebhookRejected(reason: malformed.description)
            }
        }
    }

    /// The processor's answer in the server's terms; a malformed event is rejected (400).
    static func stripeOutcome(_ processor: some StripeEventProcessing, _ body: Data) async throws -> WebhookOutcome {
        do {
            switch try await processor.process(body) {
            case .applied: return .applied
            case .duplicate: return .duplicate
            case .ignored: return .ignored
            }
        } catch let error as StripeEventError where error.isMalformed {
            throw WebhookRejected(reason: error.description)
        }
    }

    /// The store opened migrated (StoreOpener applies pending migrations first); this asks it
    /// again, which applies nothing and returns what is applied.
    static func appliedMigrations(_ store: any BotStore) async throws -> Int {
        if let sqlite = store as? SQLiteStore { return try sqlite.migrate().count }
        if let postgres = store as? PostgresStore { return try await postgres.migrate().count }
        return 0
    }

    /// A read transaction round trip: the database answers now.
    static func databaseCheck(_ store: any BotStore) async -> ReadinessCheck {
        let probe = PlayerID(guild: GuildID(0), member: MemberID(0))
        do {
            _ = try await store.readGacha { reader in try await reader.ledgerEntry(probe, idempotencyKey: "readyz") }
            return ReadinessCheck(name: "database", isReady: true, detail: "reachable")
        } catch {
            return ReadinessCheck(name: "database", isReady: false, detail: "unreachable")
        }
    }

    /// The economy's knobs (referral commissions) from `Assets/economy.json` beside the working
    /// directory, else the defaults; a file that is there but wrong stops the start naming the key.
    static func defaultEconomy() throws -> EconomyConfiguration {
        let path = "Assets/economy.json"
        guard FileManager.default.fileExists(atPath: path) else { return EconomyConfiguration() }
        return try EconomyConfiguration.load(path: path)
    }
}
