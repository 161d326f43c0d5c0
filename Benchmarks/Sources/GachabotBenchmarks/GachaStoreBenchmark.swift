import Clocks
import Foundation
import Gacha
import Storage

/// `gacha-store`: store-only multi-pull transactions on SQLite or PostgreSQL, through `GachaGame` directly (no
/// Discord): `pulls.purchasePull` (charge + roll 10 + store the pending pull, one transaction) then
/// `pulls.applyPull` keeping everything (one transaction), by many members, from `workers`
/// concurrent callers for a fixed time. Afterwards every member's inventory rows and balance are
/// checked against what the calls returned, and the ledger audit must come back empty.
enum GachaStoreBenchmark {
    struct Result: Codable {
        var benchmark = "gacha-store"
        var database: String
        var workers: Int
        var members: Int
        var multiPulls: Int
        var multiPullsPerSecond: Double
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

    static func run(database: BenchmarkDatabase, seconds: Double, workers: Int, members: Int, assets: URL) async throws -> Result {
        try await database.withStore { store in
            try await run(store: store, database: database.name, seconds: seconds, workers: workers, members: members, assets: assets)
        }
    }

    static func run(
        store: any GachaStore, database: String, seconds: Double, workers: Int, members: Int, assets: URL
    ) async throws -> Result {
        let catalogue = try Catalogue.load(from: assets.appendingPathComponent("catalogue.json"))
        // A cap above the catalogue's size: repeated pulls by one member never overflow.
        let game = try GachaGame(
            store: store, catalogue: catalogue, configuration: GachaConfiguration(inventoryCap: catalogue.characters.count + 10),
            random: SeededRandomSource(seed: 5), time: .live())
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
                        let pull = try await game.pulls.purchasePull(
                            player, itemID: "pull_10", idempotencyKey: IdempotencyKey("w\(worker)-\(n)"))
                        let resolution = try await game.pulls.applyPull(pull.id, by: player, keep: pull.items.map(\.character.id))
                        tally.latencies.append(t0.duration(to: clock.now).milliseconds)
                        tally.spent[index, default: 0] += 1_000
                        tally.earned[index, default: 0] += resolution.pointsEarned
                        tally.kept[index, default: 0] += resolution.kept.count
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
            database: database, workers: workers, members: members, multiPulls: tallies.latencies.count,
            multiPullsPerSecond: Double(tallies.latencies.count) / elapsed, p50Milliseconds: percentiles.p50,
            p99Milliseconds: percentiles.p99, maxMilliseconds: percentiles.max,
            audit: "inventory rows \(rows) (expected \(expectedRows)), members whose rows or balance differ from the calls' results: \(mismatches), ledger discrepancies \(discrepancies)",
            auditPassed: mismatches == 0 && discrepancies == 0 && rows == expectedRows)
    }
}
