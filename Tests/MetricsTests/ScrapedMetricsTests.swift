import AsyncHTTPClient
import Bot
import BotHarness
import Clocks
import DiscordGateway
import DiscordREST
import DiscordSandbox
import Economy
import Foundation
import Gacha
import Logging
import NIOCore
import SQLiteStorage
import ServiceLifecycle
import Storage
import Talk
import Testing
import WebServer

/// The bot run in this process against the loopback Discord, recording into the HTTP server's
/// registry, and `/metrics` scraped over a real socket: every group has samples that moved with
/// what the member did, the exposition passes `promtool check metrics`, the Grafana dashboard
/// reads only metrics that exist, and no label carries an id, a token or a made-up name.
@Suite(.timeLimit(.minutes(2)))
struct ScrapedMetricsTests {
    static let character = "pell-ashgrove"
    static let epoch = Timestamp(millisecondsSinceEpoch: 1_735_732_800_000)

    /// One scrape after a scripted session (see `scrape`), shared by the checks below.
    struct Scrape {
        var text: String
        var exposition: PrometheusExposition
        var guildID: UInt64
        var memberID: UInt64
        var interactionTokens: [String]
    }

    /// One session, scraped once, checked three ways: (a) every group moved with what the member
    /// did, (b) the dashboard reads only exported metrics and shows each, (c) labels stay bounded.
    @Test func everyGroupMovesAndTheDashboardAndLabelsMatchTheScrape() async throws {
        let scrape = try await Self.scrape()
        checkGroups(scrape.exposition)
        try checkDashboard(against: scrape.exposition)
        checkLabels(scrape)
    }

    @Test(.enabled(if: Promtool.isInstalled || Promtool.isRequired, "promtool is not installed (Debian: prometheus; scripts/install-system-packages)"))
    func promtoolAcceptsTheExposition() async throws {
        try #require(
            Promtool.isInstalled,
            "promtool is missing at \(Promtool.path): CI must install Debian's prometheus (scripts/install-system-packages)")
        let scrape = try await Self.scrape()
        let verdict = try Promtool.checkMetrics(scrape.text)
        #expect(verdict.status == 0, "promtool check metrics: \(verdict.output)")
        #expect(verdict.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verdict.output)")
    }

    func checkGroups(_ metrics: PrometheusExposition) {
        // Gateway: the interactions arrived as dispatches; op 7 made the shard resume once.
        #expect((metrics.value(GatewayMetrics.eventsReceivedTotal, ["type": "INTERACTION_CREATE"]) ?? 0) >= 6)
        #expect((metrics.value(GatewayMetrics.eventsReceivedTotal, ["type": "READY"]) ?? 0) >= 1)
        #expect(metrics.value(GatewayMetrics.eventsReceivedTotal, ["type": "RESUMED"]) == 1)
        #expect((metrics.value(GatewayMetrics.dispatchLatency + "_count") ?? 0) >= 6)
        #expect(metrics.value(GatewayMetrics.reconnectsTotal, ["reason": "reconnect_requested", "mode": "resume"]) == 1)
        #expect(metrics.value(GatewayMetrics.reconnectsTotal) == 1)
        // Interactions, by kind and registered command; the unknown one as "other".
        #expect(metrics.value(InteractionMetrics.interactionsTotal, ["kind": "command", "command": "roll"]) == 1)
        #expect(metrics.value(InteractionMetrics.interactionsTotal, ["kind": "command", "command": "daily"]) == 1)
        #expect(metrics.value(InteractionMetrics.interactionsTotal, ["kind": "command", "command": "talk say"]) == 1)
        #expect(metrics.value(InteractionMetrics.interactionsTotal, ["kind": "command", "command": "other"]) == 1)
        #expect((metrics.value(InteractionMetrics.interactionDuration + "_count", ["kind": "command"]) ?? 0) >= 5, "five routed commands")
        #expect(metrics.value(InteractionMetrics.deferralsTotal) == 0, "the watchdog is 120 s away and every handler answers")
        // REST: callbacks answered 2xx, and the one 429 the loopback Discord sent.
        #expect(
            (metrics.value(DiscordRESTMetrics.requestsTotal, ["route": "interaction_callback", "method": "POST", "status_class": "2xx"]) ?? 0)
                >= 6)
        #expect(metrics.value(DiscordRESTMetrics.requestsTotal, ["status_class": "4xx"]) == 1)
        #expect(metrics.value(DiscordRESTMetrics.rateLimitedTotal, ["scope": "user"]) == 1)
        #expect(metrics.value(DiscordRESTMetrics.rateLimitedTotal) == 1)
        // Store: reads and writes timed on SQLite; no re-runs there.
        #expect((metrics.value(StoreMetrics.transactionDuration + "_count", ["kind": "write", "database": "sqlite"]) ?? 0) >= 3)
        #expect((metrics.value(StoreMetrics.transactionDuration + "_count", ["kind": "read", "database": "sqlite"]) ?? 0) >= 1)
        #expect(metrics.value(StoreMetrics.transactionRerunsTotal, ["database": "sqlite"]) == 0)
        // Game: one roll, one 5-pull bought for 500 points, the daily 100 points.
        #expect(metrics.value(GameMetrics.rollsTotal) == 1)
        #expect(metrics.value(GameMetrics.pullsTotal, ["size": "5"]) == 1)
        #expect(metrics.value(GameMetrics.pointsBurnedTotal, ["sink": "shop_purchase"]) == 500)
        #expect(metrics.value(GameMetrics.pointsMintedTotal, ["source": "daily"]) == 100)
        // Talk: one reply, its tokens and cost.
        #expect(metrics.value(TalkMetrics.modelCallsTotal, ["purpose": "reply", "outcome": "completed"]) == 1)
        #expect((metrics.value(TalkMetrics.tokensTotal, ["type": "prompt"]) ?? 0) > 0)
        #expect((metrics.value(TalkMetrics.tokensTotal, ["type": "completion"]) ?? 0) > 0)
        #expect((metrics.value(TalkMetrics.costMicrodollarsTotal) ?? 0) > 0)
        // Revenue: the one paying member and the 4.99 USD booked.
        #expect(metrics.value(RevenueGauges.payingProMembers) == 1)
        #expect(metrics.value(RevenueGauges.trailingRevenue, ["currency": "usd"]) == 499)
        // Every family has the prefix and a help text of its own.
        for sample in metrics.samples {
            #expect(sample.name.hasPrefix("gachabot_"), "\(sample.name) lacks the gachabot_ prefix")
            let family = metrics.family(of: sample.name)
            #expect(metrics.help[family].map { !$0.isEmpty && $0 != family } == true, "\(family) has no help text of its own")
        }
    }

    func checkDashboard(against exposition: PrometheusExposition) throws {
        let dashboard = try GrafanaDashboard()
        let exported = Set(exposition.types.keys)
        var queried: Set<String> = []
        for panel in dashboard.panels {
            #expect(!panel.expressions.isEmpty, "panel \(panel.title) has no query")
            for expression in panel.expressions {
                let names = GrafanaDashboard.metricNames(in: expression)
                #expect(!names.isEmpty, "panel \(panel.title): \(expression) reads no gachabot_ metric")
                for name in names {
                    let family = exposition.family(of: name)
                    #expect(exported.contains(family), "panel \(panel.title) reads \(name), which the bot does not export")
                    queried.insert(family)
                }
            }
        }
        #expect(exported.subtracting(queried).isEmpty, "no panel shows \(exported.subtracting(queried).sorted())")
    }

    func checkLabels(_ scrape: Scrape) {
        let values = scrape.exposition.samples.flatMap { $0.labels.values }
        for secretish in [String(scrape.guildID), String(scrape.memberID), "no-such-command"] + scrape.interactionTokens {
            #expect(!values.contains { $0.contains(secretish) }, "a label value holds \(secretish)")
        }
        #expect(!scrape.text.contains("sandbox-token"))
        // Each family keeps a small, fixed set of series.
        let byFamily = Dictionary(grouping: scrape.exposition.samples) { scrape.exposition.family(of: $0.name) }
        for (family, samples) in byFamily {
            let series = Set(samples.map { $0.labels.filter { $0.key != "le" } })
            #expect(series.count <= 120, "\(family) has \(series.count) series")
        }
    }

    // MARK: - The session

    /// Runs the bot with its HTTP server, plays a member through every group, books one Stripe
    /// payment, and scrapes `/metrics` once.
    static func scrape() async throws -> Scrape {
        let metrics = WebMetrics(help: BotMetricsHelp.all)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(
            path: folder.appendingPathComponent("gachabot.sqlite").path, metrics: StoreMetrics(factory: metrics.factory, database: .sqlite))
        defer { try? store.close() }
        var logger = Logger(label: "metrics-test")
        logger.logLevel = .warning
        let server = WebServer(configuration: .init(host: "127.0.0.1", port: 0), handlers: WebServerHandlers(), metrics: metrics, logger: logger)
        let group = ServiceGroup(services: [server], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let port = try #require(await server.port())
                let scrape = try await session(store: store, metrics: metrics, port: port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return scrape
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    private static func session(store: SQLiteStore, metrics: WebMetrics, port: Int) async throws -> Scrape {
        var options = SandboxBot.Options(
            dispatcher: .init(deferAfter: .seconds(120)), startingPoints: 1_000, gameTime: GameTime(clock: ManualClock(), epoch: epoch),
            store: store)
        options.metrics = metrics.factory
        options.talk = TalkConfiguration(
            model: EchoChatModel(), modelName: "echo-1",
            prices: ModelPriceTable(defaultPrice: ModelPrice(promptMicrosPerMillion: 150_000, completionMicrosPerMillion: 600_000)))
        let (guildID, memberID, tokens) = try await SandboxBot.run(options) { bot -> (UInt64, UInt64, [String]) in
            let player = PlayerID(guild: Storage.GuildID(bot.guildID), member: MemberID(DiscordSandbox.defaultMemberID))
            try await store.writeGacha { tx in
                if try await tx.inventoryRecord(player, characterID: character) == nil {
                    try await tx.insertInventory(InventoryRecord(player: player, characterID: character, acquiredAt: epoch))
                }
            }
            let member = bot.member()
            var answers = [
                try await member.command("roll"),
                try await member.command("daily"),
                try await member.command("buy", [.string("item", "pull_5")]),
            ]
            let talk = try await member.command(
                "talk", [.subcommand("say", [.string("character", character), .string("message", "Hello there")])])
            _ = try await bot.sandbox.nextRequest { request in
                request.method == "PATCH" && request.path.contains(talk.interaction.token) && request.path.hasSuffix("/messages/@original")
            }
            answers.append(talk)
            answers.append(try await member.command("no-such-command"))
            // One per-route 429 on the next callback: retried after its short wait.
            bot.sandbox.inject(.rateLimited(retryAfter: 0.01), target: .anyRoute, count: 1)
            answers.append(try await member.command("points"))
            // Op 7: the shard closes, reconnects and resumes.
            bot.sandbox.inject(.reconnect)
            try await bot.sandbox.waitForResumes(count: 1)
            return (bot.guildID, DiscordSandbox.defaultMemberID, answers.map(\.interaction.token))
        }
        // A Stripe payment, as the webhook books it, read by the revenue gauges at its moment.
        let paidAt = epoch.advanced(by: .seconds(3_600))
        try await store.writeEconomy { tx in
            _ = try await tx.postMoneyTransaction(
                MoneyTransaction(
                    idempotencyKey: "evt_metrics_paid", kind: .revenue, reference: "in_metrics", user: MemberID(memberID), at: paidAt,
                    entries: [
                        MoneyEntry(account: .stripeClearing, currency: "usd", amount: 499),
                        MoneyEntry(account: .platformRevenue, currency: "usd", amount: -499),
                    ]))
        }
        let revenue = RevenueGauges(factory: metrics.factory) {
            let snapshot = try await RevenueSnapshot.read(from: store, at: paidAt)
            return .init(payingProMembers: snapshot.payingProMembers, revenueByCurrency: snapshot.trailing30DayRevenue)
        }
        await revenue.refresh()

        // The server's own metrics: a health check, and a Stripe delivery while no secret is set (503).
        let base = "http://127.0.0.1:\(port)"
        #expect(try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(10)).status.code == 200)
        var webhook = HTTPClientRequest(url: base + "/webhooks/stripe")
        webhook.method = .POST
        webhook.body = .bytes(ByteBuffer(string: "{}"))
        #expect(try await HTTPClient.shared.execute(webhook, timeout: .seconds(10)).status.code == 503)
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/metrics"), timeout: .seconds(10))
        #expect(response.status.code == 200)
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        return Scrape(text: text, exposition: try PrometheusExposition(text), guildID: guildID, memberID: memberID, interactionTokens: tokens)
    }
}
