import ArgumentParser
import Bot
import DiscordGateway
import DiscordREST
import Economy
import Foundation
import Logging
import ModelAPI
import NIOCore
import OwnerCharts
import Packs
import Premium
import ServiceLifecycle
import Storage
import StripeAPI
import Talk
import WebServer

/// Options shared by commands that talk to Discord.
struct DiscordOptions: ParsableArguments {
    @Option(help: "Read the bot token from this file instead of $DISCORD_TOKEN.")
    var tokenFile: String?

    @Option(help: "REST base URL (default: $DISCORD_API_BASE or https://discord.com/api/v10).")
    var apiBase: String?

    @Option(help: "PEM file of an extra trusted root certificate (for a Discord stand-in with its own certificate).")
    var trustRoot: String?

    var resolvedAPIBase: String {
        apiBase ?? ProcessInfo.processInfo.environment["DISCORD_API_BASE"] ?? DiscordRESTClient.defaultBaseURL
    }

    func trustRootPEM() throws -> String? {
        try trustRoot.map { try String(contentsOfFile: $0, encoding: .utf8) }
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Connect to Discord and serve the bot until SIGINT/SIGTERM.",
        discussion: """
            Needs DISCORD_TOKEN (or --token-file). On SIGINT/SIGTERM the bot stops taking new interactions, \
            finishes those in flight, saves the gateway sessions (so a restart within a few minutes resumes), \
            closes with a resumable code and exits 0. A rejected token (4004) or a privileged intent that is not \
            enabled (4014) ends with one message naming the fix and a non-zero exit.
            """
    )

    @OptionGroup var discord: DiscordOptions
    @OptionGroup var home: HomeOptions

    @Option(help: "Gateway URL (default: $DISCORD_GATEWAY_URL or what GET /gateway/bot says).")
    var gatewayURL: String?

    @Option(help: "Shards this process runs, as FIRST-LAST (e.g. 0-3); needs --shard-count.")
    var shards: String?

    @Option(help: "Total number of shards of the bot.")
    var shardCount: Int?

    @Option(help: "Transport compression: zstd-stream, zlib-stream or none.")
    var compression: String = "zstd-stream"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions

    @Flag(help: "Do not start the HTTP server (health, metrics, webhooks) beside the bot.")
    var noHTTP = false

    @Option(
        help: """
            Event-loop threads for the gateway and REST connections (default: $GACHABOT_EVENT_LOOPS or 1). \
            Interactions are handled on the loop of the shard that delivered them; one loop carries about \
            10,000 interactions a second here. Add loops for a process that runs many busy shards.
            """)
    var eventLoops: Int?

    /// `--event-loops`, else `$GACHABOT_EVENT_LOOPS`, else 1.
    static func eventLoopCount(option: Int?, environment: [String: String]) throws -> Int {
        if let option {
            guard option >= 1 else { throw ValidationError("--event-loops must be at least 1") }
            return option
        }
        guard let text = environment["GACHABOT_EVENT_LOOPS"] else { return 1 }
        guard let value = Int(text), value >= 1 else { throw ValidationError("GACHABOT_EVENT_LOOPS must be a whole number, at least 1") }
        return value
    }

    /// Resolves the loop count once, before `run`: a bad value is a usage error.
    mutating func validate() throws {
        eventLoops = try Self.eventLoopCount(option: eventLoops, environment: ProcessInfo.processInfo.environment)
    }

    func run() async throws {
        // Before anything touches NIO's shared group: it is created with this many loops on first use.
        // One loop by default, because a bot's connections are few and mostly idle, and on one loop
        // a shard's frames, the handlers and their REST requests never wake another thread.
        NIOSingletons.groupLoopCountSuggestion = eventLoops ?? 1
        LogSetup.bootstrap(secrets: { TokenSource.secrets + PremiumSecrets.redacted })
        let logger = Logger(label: "gachabot")
        do {
            let environment = ProcessInfo.processInfo.environment
            let httpConfiguration = noHTTP ? nil : try http.configuration(environment: environment)
            let secrets = try PremiumSecrets.load(environment: environment)
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            let location = try database.location()
            logger.info("opening the database", metadata: ["database": "\(location)"])
            // One registry for the process, shown by the HTTP server's /metrics (none without it).
            let metrics = WebMetrics(help: BotMetricsHelp.all)
            let factory = httpConfiguration == nil ? nil : metrics.factory
            try await StoreOpener.withStore(location, logger: logger, metrics: factory) { store in
                // A Stripe payment the HTTP server applies drops the bot's cached Pro answer at once.
                let changes = EntitlementChanges()
                var configuration = try makeConfiguration(store: store, secrets: secrets, logger: logger)
                configuration.premium.changes = changes
                configuration.metrics = factory
                // The economy's file (the referral window and commissions), where the other assets are.
                let economyFile = configuration.assetsDirectory.appendingPathComponent("economy.json").path
                if FileManager.default.fileExists(atPath: economyFile) {
                    configuration.economy = try EconomyConfiguration.load(path: economyFile)
                }
                // Talk: the chat model the environment names (GACHABOT_MODEL_*); none, and /talk says it is not set up.
                let chatModel = try Self.chatModel(environment: environment, logger: logger)
                if let chatModel {
                    let prices = try ModelPriceTable.load(from: configuration.assetsDirectory.appendingPathComponent("model-prices.json"))
                    configuration.talk = TalkConfiguration(model: chatModel, modelName: chatModel.configuration.model, prices: prices)
                }
                // Discord's webhook events (entitlements) go to the bot's entitlement handling too.
                let discordEvents = DiscordWebhookEvents()
                configuration.premium.webhookEvents = discordEvents
                // PostgreSQL: identifies, sessions and duties shared with the other processes.
                let cluster = ClusterAssembly.make(location, changes: changes, logger: logger)
                configuration.cluster = cluster?.settings
                let runtime = BotRuntime(configuration: configuration, version: GachabotVersion.current)
                var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                    .init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup)
                ]
                // First in the group, so it stops last (the bot saves its sessions through it).
                if let cluster {
                    services.insert(.init(service: cluster.pool), at: 0)
                    services.append(.init(service: cluster.listener))
                }
                if let httpConfiguration {
                    // The bot keeps running if the HTTP server cannot start (its port taken, say): the
                    // failure is logged, and the bot's own behaviour is what it was without it.
                    let server = try await WebServerAssembly.make(
                        configuration: httpConfiguration, store: store, secrets: secrets, logger: logger,
                        onEntitlementChange: { changes.notify($0) }, discordEvents: discordEvents, metrics: metrics, economy: configuration.economy)
                    services.append(.init(service: server, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
                    if let revenue = WebServerAssembly.revenueGauges(store: store, metrics: metrics, logger: logger) {
                        services.append(.init(service: revenue, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
                    }
                }
                let group = ServiceGroup(
                    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                do {
                    try await group.run()
                } catch {
                    try? await chatModel?.shutdown()
                    throw error
                }
                try? await chatModel?.shutdown()
            }
        } catch {
            printError("gachabot: " + TokenSource.redact(Self.explain(error)))
            throw ExitCode(1)
        }
    }

    /// The OpenAI-compatible model configured in the environment, or nil (logged) when none is.
    static func chatModel(environment: [String: String], logger: Logger) throws -> OpenAIChatModel? {
        guard let provider = try ModelProviderConfiguration.load(environment: environment) else {
            logger.notice("talk is off: no chat model configured (set GACHABOT_MODEL_URL and/or GACHABOT_MODEL_API_KEY)")
            return nil
        }
        // The description shows whether a key is set, never the key.
        logger.info("talk: chat model configured", metadata: ["model": "\(provider)"])
        return OpenAIChatModel(configuration: provider, logger: Logger(label: "gachabot.model"))
    }

    static func explain(_ error: any Error) -> String {
        if let serviceError = error as? ServiceGroupError {
            return String(describing: serviceError)
        }
        return String(describing: error)
    }

    func makeConfiguration(store: any BotStore, secrets: PremiumSecrets, logger: Logger) throws -> BotConfiguration {
        let token = try TokenSource.load(tokenFile: discord.tokenFile)
        guard let compression = GatewayCompression(rawValue: compression) else {
            throw ValidationError("--compression must be zstd-stream, zlib-stream or none")
        }
        var selection: BotConfiguration.ShardSelection?
        if let shards {
            let bounds = shards.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2 || bounds.count == 1, let count = shardCount, let first = bounds.first,
                let last = bounds.last, first >= 0, first <= last, last < count
            else {
                throw ValidationError("--shards takes FIRST-LAST within 0..<--shard-count, e.g. --shards 0-3 --shard-count 8")
            }
            selection = .init(ids: first...last, count: count)
        }
        let dataDirectory = database.dataDirectory
        // Pack images: PostgreSQL keeps them in the database; with SQLite, files under DATA/blobs.
        let blobs: (any PackBlobStore)? =
            store is any PackBlobStore ? nil : FileBlobStore(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("blobs"))
        // Files attached to `/packs` commands come from Discord's CDN, or from the API's host when
        // it is not Discord's (a loopback Discord serves them itself, over the same trusted roots).
        let trustRoots = try discord.trustRootPEM()
        var attachments = AttachmentDownloader.Configuration(trustRootsPEM: trustRoots)
        if discord.resolvedAPIBase != DiscordRESTClient.defaultBaseURL { attachments.allow(baseURL: discord.resolvedAPIBase) }
        // One set of flags for the runtime (which keeps it current) and the Checkout links.
        let flags = FeatureFlags()
        var premium = PremiumSettings(
            skus: try DiscordSKUs(environment: ProcessInfo.processInfo.environment),
            links: try Self.stripeLinks(secrets: secrets, store: store, flags: flags))
        premium.flags = flags
        if let guardrail = try Self.guardrail(environment: ProcessInfo.processInfo.environment) { premium.guardrail = guardrail }
        let assets = try home.locator().locate(.assets)
        var configuration = BotConfiguration(
            token: token, apiBaseURL: discord.resolvedAPIBase,
            gatewayURL: gatewayURL ?? ProcessInfo.processInfo.environment["DISCORD_GATEWAY_URL"],
            shards: selection, compression: compression, trustRootsPEM: trustRoots,
            store: store, sessionFile: dataDirectory + "/sessions.json",
            assetsDirectory: assets, packBlobs: blobs, attachments: attachments, logger: logger,
            premium: premium)
        // /owner's alerts: the operator's webhook and thresholds (GACHABOT_ALERT_*); charts need
        // rsvg-convert (Debian librsvg2-bin), and without it /owner replies with numbers only.
        do {
            configuration.owner.alerts = try OwnerAlertSettings.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
        if case .failure(let reason) = configuration.owner.rasterizer.availability {
            logger.warning("/owner will reply without charts: \(reason)")
        }
        // `/creator`'s payout minimum and hold are the economy's own (`Assets/economy.json`).
        let economy = assets.appendingPathComponent("economy.json").path
        if FileManager.default.fileExists(atPath: economy) { configuration.creators.economy = try EconomyConfiguration.load(path: economy) }
        return configuration
    }

    /// Card links through Stripe when a secret key and a Pro price are configured; otherwise the
    /// prompts show Discord's premium button only.
    /// A price experiment (`GACHABOT_PRICE_EXPERIMENT_FILE`) is read and checked first, so a
    /// variant priced below the Discord SKU stops the start-up with its name, Stripe or not.
    static func stripeLinks(secrets: PremiumSecrets, store: any PremiumStore, flags: FeatureFlags) throws -> any PremiumLinks {
        let environment = ProcessInfo.processInfo.environment
        let experiment = try priceExperiment(environment: environment).map { configuration in
            PriceExperimentService(
                store: store, configuration: configuration, flags: flags,
                now: { Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded())) })
        }
        guard let key = secrets.stripeSecretKey, let settings = StripePremiumLinks.Settings.from(environment: environment) else {
            return NoStripeLinks()
        }
        let base = environment["GACHABOT_STRIPE_API_BASE"] ?? StripeClient.defaultBaseURL
        return StripePremiumLinks(
            billing: StripeClient(key: key, configuration: .init(baseURL: base)), settings: settings, experiment: experiment)
    }

    /// The daily guardrail check's settings from the file named by `GACHABOT_GUARDRAIL_FILE`,
    /// validated; nil when unset (the defaults apply).
    static func guardrail(environment: [String: String]) throws -> GuardrailConfiguration? {
        guard let path = environment["GACHABOT_GUARDRAIL_FILE"], !path.isEmpty else { return nil }
        return try GuardrailConfiguration.read(path: path, source: "GACHABOT_GUARDRAIL_FILE")
    }

    /// The price experiment file named by `GACHABOT_PRICE_EXPERIMENT_FILE`, validated; nil when unset.
    static func priceExperiment(environment: [String: String]) throws -> PriceExperimentConfiguration? {
        guard let path = environment["GACHABOT_PRICE_EXPERIMENT_FILE"], !path.isEmpty else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("GACHABOT_PRICE_EXPERIMENT_FILE: cannot read \(path)")
        }
        do { return try PriceExperimentConfiguration.decode(data) } catch { throw ValidationError("\(path): \(error)") }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the database (SQLite or PostgreSQL), then exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        LogSetup.bootstrap(secrets: { [] })
        do {
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            let location = try database.location()
            let applied = try await StoreOpener.migrate(location, logger: Logger(label: "gachabot"))
            print("\(location) is at: \(applied.joined(separator: ", "))")
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}
