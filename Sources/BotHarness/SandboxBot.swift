import Bot
import Clocks
import CoreMetrics
import DiscordGateway
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Logging
import Packs
import SQLiteStorage
import Storage

/// The real bot process, in-process, against the loopback Discord over real sockets (wss with a
/// generated certificate, zstd-stream), on the store it is given or a SQLite file in a fresh
/// folder. `run` starts both,
/// waits until the bot's shard is READY, runs `body`, then stops the bot gracefully and shuts
/// the sandbox down, whatever `body` did.
public struct SandboxBot: Sendable {
    public struct Options: Sendable {
        public var tls: Bool
        public var compression: GatewayCompression
        public var gacha: GachaConfiguration
        /// The packs enabled in the sandbox guild, and their directory (nil: the store's packs).
        public var packPools: (any GuildPoolProvider)?
        public var packDirectory: (any PackCharacterDirectory)?
        public var game: GameCommandSettings
        public var dispatcher: InteractionDispatcher.Configuration
        /// Points granted to the default member before the bot starts.
        public var startingPoints: Int64
        /// Where the SQLite database and the saved sessions live; nil: a new temporary folder
        /// (removed afterwards).
        public var dataDirectory: URL?
        /// The store the bot plays on (a PostgreSQL one, say); nil: SQLite in `dataDirectory`. The
        /// caller opens and closes a store it passes.
        public var store: (any BotStore)?
        public var clock: any Clock<Duration>
        public var gameTime: GameTime?
        public var random: any RandomSource
        public var logLevel: Logger.Level
        /// The bot token the sandbox accepts and the bot presents.
        public var token: String
        /// The sandbox's own settings (faults such as disallowed intents); nil: defaults.
        public var disallowedIntents: UInt64
        /// Where the bot logs; nil: a logger at `logLevel` on the process's handler.
        public var logger: Logger?
        /// The token the bot presents, when it should differ from the sandbox's (a rejected token).
        public var botToken: BotToken?
        /// Whether the sandbox checks every REST request against Discord's OpenAPI document (on for
        /// tests; benchmarks turn it off, as it runs in the bot's process and on its CPU).
        public var validateOpenAPI = true
        /// Creator packs' settings (limits, report threshold, page size).
        public var packs = PackServiceConfiguration()
        /// The largest file a member may attach to a `/packs` command.
        public var attachmentLimit = 8 * 1024 * 1024
        /// How long one attachment download may take.
        public var attachmentTimeout: Duration = .seconds(10)
        /// Pro: the Discord SKUs and card links the bot offers.
        public var premium = PremiumSettings()
        /// Talking with characters (the loopback model, in tests and the demo); nil: not set up.
        public var talk: TalkConfiguration?
        /// Where the bot's metrics go (nil: nowhere).
        public var metrics: (any MetricsFactory)?
        /// `/owner`: chart rendering and alerts (operator webhook, thresholds, how often the job looks).
        public var owner = OwnerConfiguration()
        /// `/creator` and creator DMs. The DM sweeper is off by default here: scenarios count the
        /// requests the bot makes, and its own tests drive it on a manual clock.
        public var creators = CreatorSettings(notificationsEnabled: false)

        public init(
            tls: Bool = true, compression: GatewayCompression = .zstdStream, gacha: GachaConfiguration = .standard,
            game: GameCommandSettings = GameCommandSettings(revealDelay: .zero),
            dispatcher: InteractionDispatcher.Configuration = .init(), startingPoints: Int64 = 0,
            dataDirectory: URL? = nil, clock: any Clock<Duration> = ContinuousClock(), gameTime: GameTime? = nil,
            random: any RandomSource = SeededRandomSource(seed: 42), logLevel: Logger.Level = .warning,
            token: String = "sandbox-token", disallowedIntents: UInt64 = 0, logger: Logger? = nil,
            store: (any BotStore)? = nil
        ) {
            self.store = store
            self.token = token
            self.disallowedIntents = disallowedIntents
            self.logger = logger
            self.botToken = nil
            self.tls = tls
            self.compression = compression
            self.gacha = gacha
            self.game = game
            self.dispatcher = dispatcher
            self.startingPoints = startingPoints
            self.dataDirectory = dataDirectory
            self.clock = clock
            self.gameTime = gameTime
            self.random = random
            self.logLevel = logLevel
        }
    }

    public let sandbox: DiscordSandbox
    public let runtime: BotRuntime
    /// The store the bot plays on: tests read the game's state from it.
    public let store: any BotStore
    /// The guild every member of the harness plays in.
    public var guildID: UInt64 { sandbox.configuration.guilds[0].id }

    public static func run<T: Sendable>(
        _ options: Options = Options(), _ body: @escaping @Sendable (SandboxBot) async throws -> T
    ) async throws -> T {
        let folder = options.dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("gachabot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if options.dataDirectory == nil { try? FileManager.default.removeItem(at: folder) } }
        var sandboxLogger = Logger(label: "sandbox")
        sandboxLogger.logLevel = options.logLevel
        let sandbox = DiscordSandbox(
            configuration: SandboxConfiguration(
                token: options.token, tls: options.tls, disallowedIntents: options.disallowedIntents,
                validateOpenAPI: options.validateOpenAPI, logger: sandboxLogger))
        try await sandbox.start()
        do {
            let result = try await run(sandbox: sandbox, folder: folder, options: options, body)
            try await sandbox.shutdown()
            return result
        } catch {
            try? await sandbox.shutdown()
            throw error
        }
    }

    private static func run<T: Sendable>(
        sandbox: DiscordSandbox, folder: URL, options: Options, _ body: @escaping @Sendable (SandboxBot) async throws -> T
    ) async throws -> T {
        // Each run has a new sandbox, which knows no earlier gateway session: a saved one (from a
        // previous run on the same data directory) could only fail to resume and delay READY.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("sessions.json"))
        let assets = try ResourceLocator().locate(.assets)
        if let store = options.store {
            return try await run(sandbox: sandbox, folder: folder, store: store, assets: assets, options: options, body)
        }
        let store = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
        defer { try? store.close() }
        return try await run(sandbox: sandbox, folder: folder, store: store, assets: assets, options: options, body)
    }

    private static func run<T: Sendable>(
        sandbox: DiscordSandbox, folder: URL, store: any BotStore, assets: URL, options: Options,
        _ body: @escaping @Sendable (SandboxBot) async throws -> T
    ) async throws -> T {
        if options.startingPoints > 0 {
            try await seedPoints(options.startingPoints, store: store, assets: assets, sandbox: sandbox)
        }
        var logger = options.logger ?? Logger(label: "gachabot")
        if options.logger == nil { logger.logLevel = options.logLevel }
        // Attachments come from the loopback Discord's own "CDN", over its certificate.
        var attachments = AttachmentDownloader.Configuration(
            maximumBytes: options.attachmentLimit, timeout: options.attachmentTimeout, allowedHosts: [],
            trustRootsPEM: sandbox.certificatePEM)
        attachments.allow(baseURL: sandbox.restBaseURL)
        // Pack images: the store's own blobs when it keeps them (PostgreSQL), else files beside the SQLite file.
        let blobs: any PackBlobStore = (store as? any PackBlobStore) ?? FileBlobStore(directory: folder.appendingPathComponent("blobs"))
        let configuration = BotConfiguration(
            token: options.botToken ?? sandbox.configuration.token, apiBaseURL: sandbox.restBaseURL, gatewayURL: sandbox.gatewayURL,
            compression: options.compression, trustRootsPEM: sandbox.certificatePEM, store: store,
            sessionFile: folder.appendingPathComponent("sessions.json").path, assetsDirectory: assets,
            dispatcher: options.dispatcher, game: options.game, gacha: options.gacha, packPools: options.packPools,
            packDirectory: options.packDirectory, packs: options.packs, packBlobs: blobs, attachments: attachments, clock: options.clock,
            gameTime: options.gameTime, random: options.random, logger: logger, premium: options.premium, talk: options.talk)
        var configured = configuration
        configured.metrics = options.metrics
        configured.owner = options.owner
        configured.creators = options.creators
        let runtime = BotRuntime(configuration: configured, version: "test")
        let bot = SandboxBot(sandbox: sandbox, runtime: runtime, store: store)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await runtime.run()
                return nil
            }
            group.addTask {
                do {
                    try await sandbox.waitForReady()
                    let result = try await body(bot)
                    runtime.stop()
                    return result
                } catch {
                    runtime.stop()
                    throw error
                }
            }
            var result: T?
            while let next = try await group.next() {
                if let next { result = next }
            }
            guard let result else { throw HarnessError.botStoppedEarly }
            return result
        }
    }

    /// Grants points to the default member through the real game service, before the bot runs.
    static func seedPoints(_ points: Int64, store: any BotStore, assets: URL, sandbox: DiscordSandbox) async throws {
        let game = try GachaGame(
            store: store, catalogue: try Catalogue.load(from: assets.appendingPathComponent("catalogue.json")),
            random: SeededRandomSource(seed: 1), time: .live())
        let player = PlayerID(
            guild: Storage.GuildID(sandbox.configuration.guilds[0].id), member: MemberID(DiscordSandbox.defaultMemberID))
        try await game.points.grant(player, points: points, reason: "starting_grant", idempotencyKey: "seed")
    }

    /// A member of the sandbox guild, to play through real interactions.
    /// `permissions`: the member's permission bits (nil: the sandbox's default, without Manage Guild).
    public func member(_ userID: UInt64 = DiscordSandbox.defaultMemberID, name: String = "member", permissions: UInt64? = nil)
        -> SandboxMember
    {
        SandboxMember(sandbox: sandbox, userID: userID, name: name, permissions: permissions)
    }
}

public enum HarnessError: Error, CustomStringConvertible {
    case botStoppedEarly
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .botStoppedEarly: "the bot stopped before the scenario finished"
        case .unexpectedReply(let text): "unexpected reply: \(text)"
        }
    }
}
