import Bot
import Foundation
import Logging
import PostgresStorage
import SQLiteStorage
import Storage
import WebServer

/// Builds the HTTP server for `run` and `serve` from the open store and the secrets.
///
/// Integration point: the Stripe event processor (premium's `StripeEventProcessing`) and the
/// Discord entitlement handler plug in as `stripeEvents` and `discordEvents`; until they do, a
/// verified event is answered 503 and Stripe keeps retrying it.
enum WebServerAssembly {
    static func make(
        configuration: WebServerConfiguration, store: any BotStore, secrets: PremiumSecrets, logger: Logger
    ) async throws -> WebServer {
        let migrations = try await appliedMigrations(store)
        let handlers = WebServerHandlers(
            stripeSecret: secrets.stripeWebhookSecret, stripeEvents: nil, discordSignature: secrets.discordSignature,
            discordEvents: nil,
            readiness: {
                [await databaseCheck(store), ReadinessCheck(name: "migrations", isReady: true, detail: "\(migrations) applied")]
            })
        var serverLogger = logger
        serverLogger[metadataKey: "component"] = "http"
        return WebServer(configuration: configuration, handlers: handlers, logger: serverLogger)
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
}
