import Clocks
import CoreMetrics
import DiscordGateway
import DiscordModels
import DiscordREST
import Economy
import Foundation
import Gacha
import Logging
import OwnerAlerts
import Packs
import Premium
import ServiceLifecycle
import Storage
import Talk

/// The composition root of one bot process: REST client, shards, store, game, router, dispatcher.
///
/// `run()` owns every task it starts. A graceful shutdown (SIGINT/SIGTERM through
/// ServiceLifecycle, or `stop()`) stops taking new interactions, lets those in flight finish,
/// saves the gateway sessions and closes with a resumable code, then returns.
public final class BotRuntime: Service, Sendable {
    public let configuration: BotConfiguration
    public let status: BotStatus
    private let stopSignal = OneShot()

    public init(configuration: BotConfiguration, version: String) {
        self.configuration = configuration
        self.status = BotStatus(version: version, clock: configuration.clock)
    }

    /// Asks a running `run()` to shut down gracefully.
    public func stop() { stopSignal.fire() }

    /// The configured metrics factory, or swift-metrics' no-op one.
    private var metrics: any MetricsFactory { configuration.metrics ?? NOOPMetricsHandler.instance }

    public func run() async throws {
        let logger = configuration.logger
        let rest = DiscordRESTClient(
            token: configuration.token, baseURL: configuration.apiBaseURL,
            tls: try DiscordRESTClient.tlsConfiguration(trustRootsPEM: configuration.trustRootsPEM),
            clock: configuration.clock, random: configuration.random, version: status.version,
            metrics: DiscordRESTMetrics(factory: metrics), logger: Self.logger(configuration.logger, component: "rest"))

        let store = configuration.store
        let catalogue = try Catalogue.load(from: configuration.assetsDirectory.appendingPathComponent("catalogue.json"))
        let time = configuration.gameTime ?? .live()
        // Premium first: pack access asks it who is Pro (a Pro member, or a Pro server).
        let premium = try PremiumParts(
            store: store, settings: configuration.premium, assets: configuration.assetsDirectory, time: time,
            logger: Self.logger(configuration.logger, component: "premium"))
        let entitlements = premium.entitlements
        let isPro: ProStatus = { player, at in try await entitlements.isPro(user: player.member, guild: player.guild, at: at) }
        // The store's packs: each server rolls the packs it enabled, and owned pack characters are named.
        let pools = PackPoolProvider(store: store)
        let game = try GachaGame(
            store: store, catalogue: catalogue, configuration: configuration.gacha, random: configuration.random,
            time: time, pools: configuration.packPools ?? pools, packDirectory: configuration.packDirectory ?? pools,
            packAccess: PackAccessRules(isPro: isPro), metrics: GameMetrics(factory: metrics))
        logger.info("catalogue loaded", metadata: ["characters": "\(catalogue.characters.count)"])
        guard let blobs = configuration.packBlobs ?? (store as? any PackBlobStore) else {
            throw BotStartError.noPackBlobStore
        }
        var packs = PackService(
            store: store, blobs: blobs, configuration: configuration.packs, random: configuration.random, time: time)
        packs.proStatus = isPro
        // Both databases serve pack access; a store that did not would leave every pack free.
        let packAccess = try (store as? any PackAccessStore).map { accessStore in
            PackAccessService(
                store: accessStore, game: game,
                configuration: try configuration.packAccess
                    ?? PackAccessConfiguration.load(from: configuration.assetsDirectory.appendingPathComponent("pack-access.json")),
                isPro: isPro, time: time)
        }
        let attachments = try AttachmentDownloader(configuration: configuration.attachments)
        do {
            try await serve(rest: rest, game: game, packs: packs, packAccess: packAccess, premium: premium, attachments: attachments)
        } catch {
            try? await attachments.shutdown()
            throw error
        }
        try await attachments.shutdown()
        // The store belongs to whoever opened it: the executable closes it after `run` returns.
        logger.info("stopped")
    }

    /// Routes interactions to the features until a graceful stop.
    private func serve(
        rest: DiscordRESTClient, game: GachaGame, packs: PackService, packAccess: PackAccessService?, premium: PremiumParts,
        attachments: AttachmentDownloader
    ) async throws {
        let logger = configuration.logger
        let store = configuration.store
        let time = configuration.gameTime ?? .live()
        let entitlementSync = DiscordEntitlementSync(
            entitlements: premium.entitlements, store: store, game: game, skus: configuration.premium.skus, rest: rest,
            now: { time.now() }, logger: Self.logger(configuration.logger, component: "premium"))
        configuration.premium.webhookEvents?.attach { event in await entitlementSync.apply(event) }

        // Filled from GUILD_CREATE as the shards connect; `/owner` checks callers against it.
        let guildOwners = GuildOwners()
        var talk: TalkService?
        if let settings = configuration.talk {
            let clock: any Clock<Duration> = settings.clock ?? configuration.clock
            talk = TalkService(
                store: store, game: game, model: settings.model, settings: settings.settings, prices: settings.prices,
                modelName: settings.modelName, clock: clock, time: time, metrics: TalkMetrics(factory: metrics))
        }
        let referrals: ReferralService? = ReferralService(
            store: store, configuration: configuration.economy, random: configuration.random, now: { time.now() })
        // Refuses, naming both, two features that claim one command path or overlapping custom-id prefixes.
        let router = try InteractionRouter(
            features: BotFeatures.standard(
                status: status, game: game, settings: configuration.game, assets: configuration.assetsDirectory,
                clock: configuration.clock, packs: packs, attachments: attachments, premium: premium, talk: talk,
                talkEditInterval: configuration.talk?.editInterval ?? .seconds(1), talkClock: configuration.talk?.clock,
                owner: OwnerParts(store: store, owners: guildOwners, configuration: configuration.owner, now: { time.now() }), logger: logger,
                packAccess: packAccess, creatorStore: store, creators: configuration.creators, time: time,
                referrals: referrals, referralWindowDays: configuration.economy.referralWindowDays))
        // Each interaction is claimed in the database before its handler runs: answered once even
        // when replayed to another process or to this one after a restart.
        // Only in a cluster for now: the loopback harness reuses interaction ids after a restart,
        // which a claim would (rightly) drop; see docs/scale-out.md.
        var claim: (@Sendable (InteractionID) async throws -> Bool)?
        if configuration.cluster != nil, let claims = store as? any InteractionClaimStore {
            claim = { @Sendable id in try await claims.claimInteraction(id.rawValue, at: time.now()) }
        }
        let dispatcher = InteractionDispatcher(
            router: router, rest: rest, configuration: configuration.dispatcher, clock: configuration.clock,
            logger: Self.logger(configuration.logger, component: "interactions"),
            observer: { interaction in await entitlementSync.observe(interaction) },
            metrics: metrics, claim: claim)

        let gatewayBot = try await fetchGatewayBot(rest: rest)
        let selection = configuration.shards ?? .init(ids: 0...(max(gatewayBot.shards, 1) - 1), count: max(gatewayBot.shards, 1))
        var gateway = GatewayConfiguration(
            token: configuration.token, intents: BotConfiguration.intents, gatewayURL: gatewayBot.url,
            compression: configuration.compression, subscribedEvents: BotConfiguration.subscribedEvents,
            trustRootsPEM: configuration.trustRootsPEM.map { [$0] }, clock: configuration.clock,
            random: configuration.random, logger: Self.logger(configuration.logger, component: "gateway"))
        gateway.helloTimeout = .seconds(30)
        gateway.metrics = GatewayMetrics(factory: metrics)
        let sessions: any SessionStore =
            configuration.cluster?.sessions
            ?? configuration.sessionFile.map { JSONFileSessionStore(fileURL: URL(fileURLWithPath: $0)) } ?? InMemorySessionStore()
        let identifyQueue = try await configuration.cluster?.identifyQueue(gatewayBot)
        let runner = ShardRunner(
            configuration: gateway, shardIDs: selection.ids, shardCount: selection.count, gatewayBot: gatewayBot,
            identifyQueue: identifyQueue, sessionStore: sessions)
        status.attach(runner)
        logger.info("starting shards \(selection.ids.lowerBound)...\(selection.ids.upperBound) of \(selection.count)")

        let interactions = InteractionEvents(
            events: runner.events, logger: logger, entitlements: { event in await entitlementSync.apply(event) }, guildOwners: guildOwners)
        let expiry = PullExpirySweeper(
            game: game, interval: configuration.game.expirySweepInterval, clock: configuration.clock, logger: logger)
        let scores = PackScoreRefresher(
            packs: packs, interval: configuration.packScoreRefreshInterval, clock: configuration.clock, logger: logger)
        let flagRefresher = FlagRefresher(
            flags: premium.flags, store: store, interval: configuration.premium.flagPollInterval, clock: configuration.clock,
            failure: { error in logger.warning("could not read the feature flags; the last ones read stay in effect: \(error)") })
        let guardrail = FlagGuardrailJob(
            guardrail: FlagGuardrail(store: store, configuration: configuration.premium.guardrail, now: { time.now() }),
            interval: configuration.premium.guardrailInterval, clock: configuration.clock,
            logger: Self.logger(configuration.logger, component: "flags"))
        let renewals = packAccess.map { access in
            PackSubscriptionSweeper(
                access: access, interval: configuration.packSubscriptionSweepInterval, clock: configuration.clock,
                logger: Self.logger(configuration.logger, component: "pack-subscriptions"))
        }
        let ownerAlerts = OwnerAlertJob(
            analytics: store,
            service: AlertService(
                store: store, operatorWebhook: configuration.owner.alerts.operatorWebhook, retry: configuration.owner.alerts.retry,
                now: { time.now() }),
            sender: DiscordAlertSender(rest: rest), settings: configuration.owner.alerts, clock: configuration.clock, now: { time.now() },
            logger: Self.logger(configuration.logger, component: "alerts"))
        let reminderDM = TrialReminderDM(rest: rest)
        let trials = TrialSweeper(
            lifecycle: TrialLifecycle(store: store, entitlements: premium.entitlements), send: { try await reminderDM.send($0) },
            interval: configuration.premium.trialSweepInterval, clock: configuration.clock, now: { time.now() },
            logger: Self.logger(configuration.logger, component: "trials"))

        let creatorDM = CreatorNotificationDM(rest: rest)
        let creatorNotifications = CreatorNotificationService(
            notifier: CreatorNotifier(store: store, policy: configuration.creators.retry), send: { try await creatorDM.send($0) },
            interval: configuration.creators.notificationInterval, clock: configuration.clock, now: { time.now() },
            logger: Self.logger(configuration.logger, component: "creators"))

        try await withThrowingTaskGroup(of: Void.self) { handlers in
            // Drains: ends when the runner's event stream ends and every handler in flight finished.
            // Events are read and handled on the first shard's event loop, so an interaction's
            // path from frame to callback wakes no other thread.
            handlers.addTask { await dispatcher.run(interactions, readingOn: runner.eventsExecutor) }
            try await withThrowingTaskGroup(of: Void.self) { helpers in
                // Cluster-wide duties run in one process of a cluster at a time, under a lease.
                let cluster = configuration.cluster
                let duty: @Sendable (String, @escaping @Sendable () async -> Void) async -> Void = { @Sendable name, run in
                    if let cluster { await cluster.duty(name, run) } else { await run() }
                }
                helpers.addTask { await duty("pull-expiry") { await expiry.run() } }
                helpers.addTask { await scores.run() }
                helpers.addTask { await flagRefresher.run() }
                helpers.addTask { await duty("flag-guardrail") { await guardrail.run() } }
                helpers.addTask { await duty("trial-sweeper") { await trials.run() } }
                if let renewals { helpers.addTask { await duty("pack-subscriptions") { await renewals.run() } } }
                helpers.addTask { await duty("owner-alerts") { await ownerAlerts.run() } }
                if configuration.creators.notificationsEnabled {
                    helpers.addTask { await duty("creator-notifications") { await creatorNotifications.run() } }
                }
                if cluster != nil, let claims = store as? any InteractionClaimStore {
                    let pruner = InteractionClaimPruner(claims: claims, clock: configuration.clock, now: { time.now() }, logger: logger)
                    helpers.addTask { await duty("interaction-claims-prune") { await pruner.run() } }
                }
                if configuration.premium.skus.sellsPro {
                    helpers.addTask { await Self.reconcileEntitlements(rest: rest, sync: entitlementSync, logger: logger) }
                }
                helpers.addTask {
                    // Graceful shutdown from a signal (ServiceLifecycle) or from stop().
                    await self.waitForShutdownRequest()
                    logger.info("shutting down: no new interactions; finishing those in flight")
                    await runner.stop()
                }
                defer { helpers.cancelAll() }
                try await runner.run()  // returns once stopped (sessions saved), throws on a fatal close
            }
            try await handlers.waitForAll()
        }
    }

    /// Every part logs through the configured logger (one handler, one redaction policy),
    /// tagged with its component.
    static func logger(_ base: Logger, component: String) -> Logger {
        var logger = base
        logger[metadataKey: "component"] = "\(component)"
        return logger
    }

    /// Records every Discord entitlement of the application, so a purchase or refund made while
    /// the bot was down is applied. A failure is logged: the gateway events and interactions go on.
    static func reconcileEntitlements(rest: DiscordRESTClient, sync: DiscordEntitlementSync, logger: Logger) async {
        do {
            let application = try await rest.getCurrentApplication()
            guard let id = application["id"]?.stringValue.flatMap({ UInt64($0) }) else {
                logger.warning("GET /applications/@me named no application id: entitlements not reconciled")
                return
            }
            let recorded = try await sync.reconcile(applicationID: ApplicationID(id))
            logger.info("Discord entitlements reconciled", metadata: ["pro": "\(recorded)"])
        } catch {
            logger.warning("could not reconcile Discord entitlements: \(error)")
        }
    }

    private func waitForShutdownRequest() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.stopSignal.wait() }
            group.addTask {
                // Returns when ServiceLifecycle asks for a graceful shutdown (or the task is cancelled).
                try? await gracefulShutdown()
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func fetchGatewayBot(rest: DiscordRESTClient) async throws -> GatewayBotInfo {
        GatewayBotInfo(try await rest.getGatewayBot(), url: configuration.gatewayURL)
    }

    /// Decodes INTERACTION_CREATE; everything else is logged at the level it deserves.
    static func interaction(from event: ShardEvent, logger: Logger) -> (Interaction, Int)? {
        switch event {
        case .dispatch(let dispatch) where dispatch.name == "INTERACTION_CREATE":
            // The shard already decoded subscribed events; decode here only if it could not.
            if case .interactionCreate(let interaction)? = dispatch.event { return (interaction, dispatch.shardID) }
            do {
                return (try JSONDecoder().decode(Interaction.self, from: Data(dispatch.data)), dispatch.shardID)
            } catch {
                logger.warning("skipped an INTERACTION_CREATE that did not decode: \(error)")
                return nil
            }
        case .ready(let shard, _):
            logger.info("shard \(shard) is ready")
        case .resumed(let shard):
            logger.info("shard \(shard) resumed")
        case .disconnected(let shard, let code, let willReconnect):
            logger.notice("shard \(shard) disconnected (code \(code.map(String.init) ?? "none")); reconnecting: \(willReconnect)")
        case .rateLimited(let shard, let limit):
            logger.warning("shard \(shard) was rate limited for opcode \(limit.opcode), retry after \(limit.retryAfter) s")
        case .failed(let error):
            logger.critical("\(error)")
        case .dispatch:
            break
        }
        return nil
    }
}
