import ArgumentParser
import Bot
import Foundation
import Logging
import Premium
import ServiceLifecycle
import WebServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run only the HTTP server (health, readiness, metrics, Stripe and Discord webhooks) until SIGINT/SIGTERM.",
        discussion: """
            For running webhook receivers apart from the shard processes; `gachabot run` runs the same server beside \
            the bot. Routes: GET /healthz, GET /readyz (database reachable, migrations applied), GET /metrics \
            (Prometheus text), POST /webhooks/stripe, POST /webhooks/discord. Secrets come from files or the \
            environment and are never printed: GACHABOT_STRIPE_WEBHOOK_SECRET[_FILE] (whsec_…), \
            GACHABOT_STRIPE_SECRET_KEY[_FILE] (sk_…), GACHABOT_DISCORD_PUBLIC_KEY[_FILE] (hex). A webhook route \
            whose secret is missing answers 503. On SIGINT/SIGTERM the server stops accepting connections, \
            finishes the requests in flight and exits 0.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions

    func run() async throws {
        LogSetup.bootstrap(secrets: { TokenSource.secrets + PremiumSecrets.redacted })
        let logger = Logger(label: "gachabot")
        let environment = ProcessInfo.processInfo.environment
        do {
            let configuration = try http.configuration(environment: environment)
            let secrets = try PremiumSecrets.load(environment: environment)
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            let location = try database.location()
            logger.info("opening the database", metadata: ["database": "\(location)"])
            let metrics = WebMetrics(help: BotMetricsHelp.all)
            try await StoreOpener.withStore(location, logger: logger, metrics: metrics.factory) { store in
                let server = try await WebServerAssembly.make(
                    configuration: configuration, store: store, secrets: secrets, logger: logger, metrics: metrics)
                let flags = FlagRefresherService(
                    refresher: FlagRefresher(
                        flags: FeatureFlags(), store: store, clock: ContinuousClock(),
                        failure: { error in logger.warning("could not read the feature flags; the last ones read stay in effect: \(error)") }))
                var services: [any Service] = [server, flags]
                if let revenue = WebServerAssembly.revenueGauges(store: store, metrics: metrics, logger: logger) { services.append(revenue) }
                let group = ServiceGroup(
                    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("gachabot serve: " + TokenSource.redact(RunCommand.explain(error)))
            throw ExitCode(1)
        }
    }
}
