import Clocks
import Foundation
import Gacha
import Storage

/// `gacha-store`: store-only gacha transactions on SQLite or PostgreSQL, through `GachaGame` directly (no
/// Discord), by many members, from `workers` concurrent callers for a fixed time. `--operation pull`
/// (default): `pulls.purchasePull` (charge + roll 10 + store the pending pull, one transaction) then
/// `pulls.applyPull` keeping everything (one transaction); `--operation roll`: one `rolls.roll`
/// (one transaction). `--packs N` enables N packs of 40 characters in the guild. Afterwards every
/// member's inventory rows and balance are checked against what the calls returned, and the ledger
/// audit must come back empty.
enum GachaStoreBenchmark {
    struct Result: Codable {
        var benchmark = "gacha-store"
        var database: String
        var operation: String
        var packs: Int
        var workers: Int
        var members: Int
        /// Operations completed: multi-pulls (purchase + apply) or rolls.
        var operations: Int
        var operationsPerSecond: Double
        /// The same figures under their first names, for `--operation pull` only (older reports read them).
        var multiPulls: Int?
        var multiPullsPerSecond: Double?
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var audit: String
        var auditPassed: Bool
    }

    struct Tally: Sendable {
        var latencies: [Double] = []
        var spent: [Int: Int64] = [:]
        var earned: [Int: Int64] = [:]
        var kept: [Int: Int] = [:]
    }

    static let grant: Int64 = 100_000_000

    enum Operation: String, Sendable {
        case pull, roll
    }

    static func run(
        database: BenchmarkDatabase, seconds: Double, workers: Int, members: Int, operation: Operation = .pull, packs: Int = 0,
        assets: URL
    ) async throws -> Result {
        try await database.withStore { store in
            try await run(
                store: store, database: database.name, seconds: seconds, workers: workers, members: members, operation: operation,
                packs: packs, assets: assets)
        }
    }

    static func run(
        store: any GachaStore, database: String, seconds: Double, workers: Int, members: Int, operation: Operation, packs: Int,
        assets: URL
    ) async throws -> Result {
        let catalogue = try Catalogue.load(from: assets.appendingPathComponent("catalogue.json"))
        let pool = try BenchmarkPacks(count: packs)
        // A cap above the pool's size: repeated pulls by one member never overflow. Rolls never run out.
        let configuration = GachaConfiguration(
            rolls: RollAllowanceRules(maxStored: 100_000_000, regenInterval: .seconds(360)),
            inventoryCap: catalogue.characters.count + pool.pool.characterCount + 10)
        let game = try GachaGame(
            store: store, catalogue: catalogue, configuration: configuration, random: SeededRandomSource(seed: 5), time: .live(),
            pools: pool, packDirectory: pool)
        let players = (0..<members).map { PlayerID(guild: GuildID(1_200_000_000_000_000_001), member: MemberID(1_500_000_000_000_000_000 + UInt64($0))) }
        for player in players {
            try await game.points.grant(player, points: grant, reason: "benchmark_grant", idempotencyKey: "seed")
        }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .nanoseconds(Int64(seconds * 1e9)))
        let start = clock.now
        let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var tally = Tally()
                    var n = 0
                    while clock.now < deadline {
                        let index = (worker + n * workers) % members
                        let player = players[index]
                        let t0 = clock.now
                        let key = IdempotencyKey("w\(worker)-\(n)")
                        switch operation {
                        case .pull:
                            let pull = try await game.pulls.purchasePull(player, itemID: "pull_10", idempotencyKey: key)
                            let resolution = try await game.pulls.applyPull(pull.id, by: player, keep: pull.items.map(\.character.id))
                            tally.latencies.append(t0.duration(to: clock.now).milliseconds)
                            tally.spent[index, default: 0] += 1_000
                            tally.earned[index, default: 0] += resolution.pointsEarned
                            tally.kept[index, default: 0] += resolution.kept.count
                        case .roll:
                            let roll = try await game.rolls.roll(player, idempotencyKey: key)
                            tally.latencies.append(t0.duration(to: clock.now).milliseconds)
                            switch roll.outcome {
                            case .added: tally.kept[index, default: 0] += 1
                            case .duplicate(let points), .inventoryFull(let points): tally.earned[index, default: 0] += points
                            }
                        }
                        n += 1
                    }
                    return tally
                }
            }
            var all = Tally()
            for try await tally in group {
                all.latencies += tally.latencies
                all.spent.merge(tally.spent, uniquingKeysWith: +)
                all.earned.merge(tally.earned, uniquingKeysWith: +)
                all.kept.merge(tally.kept, uniquingKeysWith: +)
            }
            return all
        }
        let elapsed = start.duration(to: clock.now).seconds

        let (mismatches, rows, discrepancies) = try await store.readGacha { reader in
            var mismatches = 0
            var rows = 0
            for (index, player) in players.enumerated() {
                let count = try await reader.inventoryCount(player)
                rows += count
                let expectedBalance = grant - tallies.spent[index, default: 0] + tallies.earned[index, default: 0]
                let balance = try await reader.balance(player)
                if count != tallies.kept[index, default: 0] || balance != expectedBalance { mismatches += 1 }
            }
            return (mismatches, rows, try await reader.ledgerDiscrepancies().count)
        }
        let expectedRows = tallies.kept.values.reduce(0, +)
        let percentiles = Percentiles(tallies.latencies)
        return Result(
            database: database, operation: operation.rawValue, packs: packs, workers: workers, members: members,
            operations: tallies.latencies.count, operationsPerSecond: Double(tallies.latencies.count) / elapsed,
            multiPulls: operation == .pull ? tallies.latencies.count : nil,
            multiPullsPerSecond: operation == .pull ? Double(tallies.latencies.count) / elapsed : nil, p50Milliseconds: percentiles.p50,
            p99Milliseconds: percentiles.p99, maxMilliseconds: percentiles.max,
            audit: "inventory rows \(rows) (expected \(expectedRows)), members whose rows or balance differ from the calls' results: \(mismatches), ledger discrepancies \(discrepancies)",
            auditPassed: mismatches == 0 && discrepancies == 0 && rows == expectedRows)
    }
}
