import Bot
import BotHarness
import Clocks
import DiscordGateway
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Storage

/// `gacha-e2e`: 10-pull purchases (or, with `--operation roll`, `/roll`s) end to end through the
/// loopback Discord and the real bot
/// (in-process, `SandboxBot`: wss with TLS, zstd-stream, https REST, a SQLite file or a PostgreSQL
/// database). Purchases start
/// at a fixed rate, each by a different member who holds exactly the price:
/// press "Buy 10 Characters" → the bot charges, rolls and answers with the animation → the reveal is
/// edited in → press Apply → the bot commits and answers. Latency: from injecting the Buy press
/// to receiving Apply's callback. A `/roll` is one command, measured from injecting it to its
/// callback. `--packs N` enables N packs of 40 characters in the guild. Afterwards the database is
/// audited: every member owns exactly the 10 characters of their pull (the one character of their
/// roll), has a balance of 0, and every ledger matches its balance.
enum GachaEndToEndBenchmark {
    struct Result: Codable {
        var benchmark = "gacha-e2e"
        var database: String
        var operation: String
        var packs: Int
        var tls: Bool
        var offeredRate: Double
        var purchases: Int
        var warmupPurchases: Int
        var completed: Int
        var failed: Int
        var throughputPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var applyP50Milliseconds: Double
        var applyP99Milliseconds: Double
        /// Buy press injected → the animation callback received.
        var buyP50Milliseconds: Double
        var buyP99Milliseconds: Double
        /// Animation callback received → the reveal edit received.
        var revealP50Milliseconds: Double
        var revealP99Milliseconds: Double
        var audit: String
        var auditPassed: Bool
    }

    struct Sample: Sendable {
        var total: Duration
        var buy: Duration
        var reveal: Duration
        var apply: Duration
        var startedAt: ContinuousClock.Instant
        var end: ContinuousClock.Instant
    }

    static let guildID: UInt64 = SandboxConfiguration().guilds[0].id
    static let firstMember: UInt64 = 1_400_000_000_000_000_000

    /// `samplesPath`: also writes one line per completed purchase (start offset, total, buy,
    /// reveal and apply in ms, in start order) to see when the slow ones happened.
    /// `warmup` purchases by other members run first at the same rate (TLS connections opened,
    /// caches filled); they are audited but not measured.
    static func run(
        database: BenchmarkDatabase, rate: Double, seconds: Double, tls: Bool, warmup: Int = 100, samplesPath: String? = nil,
        operation: GachaStoreBenchmark.Operation = .pull, packs: Int = 0
    ) async throws -> Result {
        try await database.withStore { store in
            try await run(
                store: store, database: database.name, rate: rate, seconds: seconds, tls: tls, warmup: warmup,
                samplesPath: samplesPath, operation: operation, packs: packs)
        }
    }

    static func run(
        store: any BotStore, database: String, rate: Double, seconds: Double, tls: Bool, warmup: Int, samplesPath: String?,
        operation: GachaStoreBenchmark.Operation, packs: Int
    ) async throws -> Result {
        let count = Int(rate * seconds)
        let assets = try ResourceLocator().locate(.assets)
        let warmupMembers = (0..<warmup).map { firstMember + UInt64($0) }
        let members = (warmup..<(warmup + count)).map { firstMember + UInt64($0) }
        try await seed(members: warmupMembers + members, store: store, assets: assets, operation: operation)

        var options = SandboxBot.Options(
            tls: tls, compression: .zstdStream, game: GameCommandSettings(revealDelay: .zero),
            dispatcher: .init(maxConcurrentHandlers: 64), random: SeededRandomSource(seed: 11),
            logLevel: .error, store: store)
        // The sandbox shares this process and its 2 cores with the bot: its OpenAPI check of every
        // request (a third of the process's CPU) is the tests' business, not the bot's cost.
        options.validateOpenAPI = false
        let pool = try BenchmarkPacks(count: packs)
        options.packPools = pool
        options.packDirectory = pool
        let (warmupCompleted, (samples, failures, span)) = try await SandboxBot.run(options) { bot in
            let warmed = try await purchases(bot: bot, members: warmupMembers, rate: rate, operation: operation).0.count
            return (warmed, try await purchases(bot: bot, members: members, rate: rate, operation: operation))
        }
        if let samplesPath {
            let first = samples.map(\.startedAt).min()
            let lines = samples.sorted { $0.startedAt < $1.startedAt }.map { sample in
                [first.map { $0.duration(to: sample.startedAt) } ?? .zero, sample.total, sample.buy, sample.reveal, sample.apply]
                    .map { String(format: "%.3f", $0.milliseconds) }.joined(separator: " ")
            }
            try ("start_ms total_ms buy_ms reveal_ms apply_ms\n" + lines.joined(separator: "\n") + "\n")
                .write(toFile: samplesPath, atomically: true, encoding: .utf8)
        }
        let audit = try await audit(
            members: warmupMembers + members, completed: warmupCompleted + samples.count, store: store, operation: operation)
        let totals = Percentiles(samples.map(\.total.milliseconds))
        let applies = Percentiles(samples.map(\.apply.milliseconds))
        let buys = Percentiles(samples.map(\.buy.milliseconds))
        let reveals = Percentiles(samples.map(\.reveal.milliseconds))
        return Result(
            database: database, operation: operation.rawValue, packs: packs, tls: tls, offeredRate: rate, purchases: count, warmupPurchases: warmup, completed: samples.count, failed: failures,
            throughputPerSecond: span > 0 ? Double(samples.count) / span : 0, p50Milliseconds: totals.p50,
            p99Milliseconds: totals.p99, maxMilliseconds: totals.max, applyP50Milliseconds: applies.p50,
            applyP99Milliseconds: applies.p99, buyP50Milliseconds: buys.p50, buyP99Milliseconds: buys.p99,
            revealP50Milliseconds: reveals.p50, revealP99Milliseconds: reveals.p99, audit: audit.text, auditPassed: audit.passed)
    }

    /// Each member gets exactly the price of one 10-pull (a roll costs nothing: no points).
    static func seed(members: [UInt64], store: any BotStore, assets: URL, operation: GachaStoreBenchmark.Operation) async throws {
        guard operation == .pull else { return }
        let game = try GachaGame(
            store: store, catalogue: try Catalogue.load(from: assets.appendingPathComponent("catalogue.json")),
            random: SeededRandomSource(seed: 1), time: .live())
        for member in members {
            try await game.points.grant(
                player(member), points: 1_000, reason: "benchmark_grant", idempotencyKey: IdempotencyKey("seed-\(member)"))
        }
    }

    static func player(_ member: UInt64) -> PlayerID {
        PlayerID(guild: Storage.GuildID(guildID), member: MemberID(member))
    }

    static func purchases(bot: SandboxBot, members: [UInt64], rate: Double, operation: GachaStoreBenchmark.Operation) async throws
        -> ([Sample], Int, Double)
    {
        let clock = ContinuousClock()
        let start = clock.now
        return try await withThrowingTaskGroup(of: Sample?.self) { group in
            for (i, member) in members.enumerated() {
                let due = start.advanced(by: .nanoseconds(Int64(Double(i) / rate * 1e9)))
                if due > clock.now { try await clock.sleep(until: due) }
                group.addTask {
                    do {
                        let player = bot.member(member, name: "member\(i)")
                        return try await operation == .pull ? purchase(player) : roll(player)
                    } catch {
                        return nil
                    }
                }
            }
            var samples: [Sample] = []
            var failures = 0
            for try await sample in group {
                if let sample { samples.append(sample) } else { failures += 1 }
            }
            let end = samples.map(\.end).max() ?? start
            return (samples, failures, start.duration(to: end).seconds)
        }
    }

    static func purchase(_ member: SandboxMember) async throws -> Sample {
        let clock = ContinuousClock()
        let start = clock.now
        let buy = try await member.press("shop:buy:pull_10")
        let answered = clock.now
        let reveal = try await member.nextEdit(of: buy)
        guard let keep = MessageText.customIDs(reveal.components ?? []).first(where: { $0.hasPrefix("pull:keep:") }) else {
            throw BenchmarkError.check("no reveal: \(MessageText.render(reveal))")
        }
        let applyStart = clock.now
        let applied = try await member.press("pull:apply:" + keep.dropFirst("pull:keep:".count))
        guard applied.response.type.rawValue == 7 || applied.response.type.rawValue == 4 else {
            throw BenchmarkError.check("apply answered \(applied.text)")
        }
        let end = clock.now
        return Sample(
            total: start.duration(to: end), buy: start.duration(to: answered), reveal: answered.duration(to: applyStart),
            apply: applyStart.duration(to: end), startedAt: start, end: end)
    }

    /// One `/roll` by a member who owns nothing: the character always joins the inventory.
    static func roll(_ member: SandboxMember) async throws -> Sample {
        let clock = ContinuousClock()
        let start = clock.now
        let answer = try await member.command("roll")
        guard answer.response.type.rawValue == 4, answer.message?.embeds?.first?.title?.contains("You rolled") == true else {
            throw BenchmarkError.check("roll answered \(answer.text)")
        }
        let end = clock.now
        return Sample(
            total: start.duration(to: end), buy: start.duration(to: end), reveal: .zero, apply: .zero, startedAt: start, end: end)
    }

    /// Inventory rows and ledger sums after the run.
    static func audit(members: [UInt64], completed: Int, store: any BotStore, operation: GachaStoreBenchmark.Operation) async throws
        -> (text: String, passed: Bool)
    {
        let players = members.map(player)
        let (rows, balances, open, discrepancies) = try await store.readGacha { reader in
            var rows = 0
            var balances: Int64 = 0
            var open = 0
            for player in players {
                rows += try await reader.inventoryCount(player)
                balances += try await reader.balance(player)
                open += try await reader.openPendingPulls(player).count
            }
            return (rows, balances, open, try await reader.ledgerDiscrepancies().count)
        }
        // A completed purchase: 10 characters kept, balance 1000 - 1000 = 0. A purchase that did not
        // complete leaves either 1000 points (never charged) or a pending pull.
        // A completed roll: 1 character, no points moved.
        let perOperation = operation == .pull ? 10 : 1
        let price: Int64 = operation == .pull ? 1_000 : 0
        let expectedRows = completed * perOperation
        let passed = rows == expectedRows && discrepancies == 0 && (completed < members.count || (balances == 0 && open == 0))
        let text =
            "inventory rows \(rows) (expected \(expectedRows)), balances sum \(balances) (expected \(Int64(members.count - completed) * price) or less), "
            + "open pulls \(open), ledger discrepancies \(discrepancies)"
        return (text, passed)
    }
}
