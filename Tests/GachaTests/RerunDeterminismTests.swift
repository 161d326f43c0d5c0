import Clocks
import Foundation
import Gacha
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// A store that runs every write body twice: the first run is rolled back (as PostgreSQL does
/// after a serialization failure), the second commits. Both runs' results are kept.
final class RerunningStore: GachaStore {
    struct RolledBack: Error { let result: String }

    let base: SQLiteStore
    let runs = Mutex<[(first: String, second: String)]>([])

    init(base: SQLiteStore) { self.base = base }

    func writeGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaTransaction) async throws -> T) async throws -> T {
        var first = "no result"
        do {
            try await base.writeGacha { tx in throw RolledBack(result: String(describing: try await body(tx))) }
        } catch let rolledBack as RolledBack {
            first = rolledBack.result
        } catch {
            first = "error: \(error)"
        }
        do {
            let result = try await base.writeGacha(body)
            runs.withLock { $0.append((first, String(describing: result))) }
            return result
        } catch {
            runs.withLock { $0.append((first, "error: \(error)")) }
            throw error
        }
    }

    func readGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaReader) async throws -> T) async throws -> T {
        try await base.readGacha(body)
    }
}

/// Operations draw their randomness, new ids and time before the transaction, so a body run
/// again after a conflict does exactly what the first run did.
@Suite struct RerunDeterminismTests {
    @Test func aRerunRollsTheSameCharactersAndCommitsOnce() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try SQLiteStore(path: directory.appendingPathComponent("rerun.sqlite").path)
        defer { try? base.close() }
        let store = RerunningStore(base: base)
        let clock = ManualClock()
        let game = try GachaGame(
            store: store, catalogue: try Catalogue.load(from: catalogueURL), random: SeededRandomSource(seed: 9),
            time: GameTime(clock: clock, epoch: testEpoch))
        try await game.points.grant(alice, points: 5_000, reason: "test_grant", idempotencyKey: "grant")
        for index in 0..<5 { _ = try await game.rolls.roll(alice, idempotencyKey: IdempotencyKey("roll-\(index)")) }
        let pull = try await game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: "buy")
        _ = try await game.pulls.applyPull(pull.id, by: alice, keep: pull.items.prefix(4).map(\.character.id))

        let runs = store.runs.withLock { $0 }
        #expect(runs.count == 8)
        for run in runs { #expect(run.first == run.second) }
        // Committed once: one charge, four characters kept, five rolled (duplicates became points).
        let ledger = try await base.read { try await $0.recentLedgerEntries(alice, limit: 100) }
        #expect(ledger.filter { $0.amount == -1_000 }.count == 1)
        #expect(try await base.read { try await $0.ledgerDiscrepancies() }.isEmpty)
        let events = try await base.read { try await $0.analyticsEvents(player: alice, name: .firstSeen, limit: 10) }
        #expect(events.count == 1)
    }
}
