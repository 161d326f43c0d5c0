import Foundation
import SQLiteStorage
import Storage
import Testing

/// The store contract, as tests any implementation must pass. SQLite runs it below; the
/// PostgreSQL store will add one more `@Test` that hands its own factory to the same cases.
struct StoreConformance {
    let makeStore: () async throws -> any GameStore

    enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case members, largeIdentifiers, ledger, negativeBalanceRefused, duplicateLedgerKeyRefused, rollback,
            inventory, pendingPulls, idempotency, analytics, concurrentCredits, concurrentDebits
        var testDescription: String { rawValue }
    }

    func run(_ testCase: Case) async throws {
        let store = try await makeStore()
        switch testCase {
        case .members: try await members(store)
        case .largeIdentifiers: try await largeIdentifiers(store)
        case .ledger: try await ledger(store)
        case .negativeBalanceRefused: try await negativeBalanceRefused(store)
        case .duplicateLedgerKeyRefused: try await duplicateLedgerKeyRefused(store)
        case .rollback: try await rollback(store)
        case .inventory: try await inventory(store)
        case .pendingPulls: try await pendingPulls(store)
        case .idempotency: try await idempotency(store)
        case .analytics: try await analytics(store)
        case .concurrentCredits: try await concurrentCredits(store)
        case .concurrentDebits: try await concurrentDebits(store)
        }
        let discrepancies = try await store.read { try $0.ledgerDiscrepancies() }
        #expect(discrepancies.isEmpty)
    }

    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let p1 = PlayerID(guild: GuildID(7), member: MemberID(70))
    static let p2 = PlayerID(guild: GuildID(7), member: MemberID(71))

    static func newMember(_ player: PlayerID) -> MemberRecord {
        MemberRecord(player: player, firstSeen: t0, rolls: RollAllowanceState(stored: 10, asOf: t0))
    }

    static func entry(_ player: PlayerID, _ amount: Int64, _ key: String) -> LedgerEntry {
        LedgerEntry(player: player, amount: amount, reason: "test", idempotencyKey: key, at: t0)
    }

    func members(_ store: any GameStore) async throws {
        let p1 = Self.p1
        #expect(try await store.read { try $0.member(p1) } == nil)
        try await store.write { try $0.insertMember(Self.newMember(p1)) }
        var member = try #require(try await store.read { try $0.member(p1) })
        #expect(member == Self.newMember(p1))
        member.pity = PityCounters(rollsSinceLegendary: 42, rollsSinceEpicOrBetter: 7)
        member.rolls = RollAllowanceState(stored: 3, asOf: Self.t0.advanced(by: .seconds(60)), extra: 5)
        member.streak = DailyStreakState(length: 4, lastClaimDay: 19_999)
        let updated = member
        try await store.write { try $0.updateMember(updated) }
        #expect(try await store.read { try $0.member(p1) } == updated)
        await #expect(throws: StoreError.self) { try await store.write { try $0.insertMember(Self.newMember(p1)) } }
        await #expect(throws: StoreError.self) { try await store.write { try $0.updateMember(Self.newMember(Self.p2)) } }
        #expect(try await store.read { try $0.balance(p1) } == 0)
    }

    func largeIdentifiers(_ store: any GameStore) async throws {
        let big = PlayerID(guild: GuildID(UInt64.max), member: MemberID(UInt64.max - 1))
        try await store.write { tx in
            try tx.insertMember(Self.newMember(big))
            try tx.appendLedgerEntry(Self.entry(big, 5, "k"))
            try tx.insertInventory(InventoryRecord(player: big, characterID: "c", acquiredAt: Self.t0))
            try tx.appendAnalyticsEvent(AnalyticsEvent(name: "x", player: big, at: Self.t0))
        }
        #expect(try await store.read { try $0.member(big) }?.player == big)
        #expect(try await store.read { try $0.balance(big) } == 5)
        #expect(try await store.read { try $0.inventory(big) }.map(\.player) == [big])
        #expect(try await store.read { try $0.analyticsEvents(player: big, name: nil, limit: 10) }.map(\.player) == [big])
    }

    func ledger(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { try $0.insertMember(Self.newMember(p1)) }
        let first = try await store.write { try $0.appendLedgerEntry(Self.entry(p1, 100, "a")) }
        #expect(first.balanceAfter == 100)
        #expect(first.id != nil)
        let second = try await store.write { try $0.appendLedgerEntry(Self.entry(p1, -30, "b")) }
        #expect(second.balanceAfter == 70)
        #expect(try await store.read { try $0.balance(p1) } == 70)
        let recent = try await store.read { try $0.recentLedgerEntries(p1, limit: 10) }
        #expect(recent.map(\.idempotencyKey) == ["b", "a"])
        #expect(recent.map(\.amount) == [-30, 100])
        #expect(try await store.read { try $0.recentLedgerEntries(p1, limit: 1) }.count == 1)
        #expect(try await store.read { try $0.ledgerEntry(p1, idempotencyKey: "a") }?.amount == 100)
        #expect(try await store.read { try $0.ledgerEntry(p1, idempotencyKey: "zzz") } == nil)
        // An entry for a member that does not exist is refused.
        await #expect(throws: (any Error).self) { try await store.write { try $0.appendLedgerEntry(Self.entry(Self.p2, 1, "x")) } }
    }

    func negativeBalanceRefused(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { tx in
            try tx.insertMember(Self.newMember(p1))
            try tx.appendLedgerEntry(Self.entry(p1, 50, "a"))
        }
        await #expect(throws: StoreError.insufficientBalance(player: p1, balance: 50, amount: -51)) {
            try await store.write { try $0.appendLedgerEntry(Self.entry(p1, -51, "b")) }
        }
        #expect(try await store.read { try $0.balance(p1) } == 50)
        let spent = try await store.write { try $0.appendLedgerEntry(Self.entry(p1, -50, "c")) }
        #expect(spent.balanceAfter == 0)
    }

    func duplicateLedgerKeyRefused(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { tx in
            try tx.insertMember(Self.newMember(p1))
            try tx.insertMember(Self.newMember(Self.p2))
            try tx.appendLedgerEntry(Self.entry(p1, 10, "same"))
            // Keys are per player: another player may use the same key.
            try tx.appendLedgerEntry(Self.entry(Self.p2, 10, "same"))
        }
        await #expect(throws: StoreError.self) {
            try await store.write { try $0.appendLedgerEntry(Self.entry(p1, 10, "same")) }
        }
        #expect(try await store.read { try $0.balance(p1) } == 10)
    }

    struct Boom: Error {}

    func rollback(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { try $0.insertMember(Self.newMember(p1)) }
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                try tx.appendLedgerEntry(Self.entry(p1, 100, "a"))
                try tx.insertInventory(InventoryRecord(player: p1, characterID: "c", acquiredAt: Self.t0))
                try tx.appendAnalyticsEvent(AnalyticsEvent(name: "x", player: p1, at: Self.t0))
                throw Boom()
            }
        }
        #expect(try await store.read { try $0.balance(p1) } == 0)
        #expect(try await store.read { try $0.inventoryCount(p1) } == 0)
        #expect(try await store.read { try $0.analyticsEvents(player: nil, name: nil, limit: 10) }.isEmpty)
        #expect(try await store.read { try $0.ledgerEntry(p1, idempotencyKey: "a") } == nil)
    }

    func inventory(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { tx in
            try tx.insertMember(Self.newMember(p1))
            try tx.insertMember(Self.newMember(Self.p2))
            try tx.insertInventory(InventoryRecord(player: p1, characterID: "b", acquiredAt: Self.t0))
            try tx.insertInventory(
                InventoryRecord(player: p1, characterID: "a", acquiredAt: Self.t0.advanced(by: .seconds(1))))
            try tx.insertInventory(InventoryRecord(player: Self.p2, characterID: "a", acquiredAt: Self.t0))
        }
        #expect(try await store.read { try $0.inventory(p1) }.map(\.characterID) == ["b", "a"])
        #expect(try await store.read { try $0.inventoryCount(p1) } == 2)
        #expect(try await store.read { try $0.inventoryRecord(p1, characterID: "a") }?.acquiredAt == Self.t0.advanced(by: .seconds(1)))
        await #expect(throws: StoreError.self) {
            try await store.write { try $0.insertInventory(InventoryRecord(player: p1, characterID: "a", acquiredAt: Self.t0)) }
        }
        #expect(try await store.write { try $0.deleteInventory(p1, characterID: "a") })
        #expect(try await store.write { try $0.deleteInventory(p1, characterID: "a") } == false)
        #expect(try await store.read { try $0.inventoryCount(p1) } == 1)
        #expect(try await store.read { try $0.inventoryCount(Self.p2) } == 1)
    }

    func pendingPulls(_ store: any GameStore) async throws {
        let p1 = Self.p1
        let items = [PulledCharacter(characterID: "x", rarity: .epic), PulledCharacter(characterID: "y", rarity: .common)]
        let pull = PendingPullRecord(
            id: PullID("p-1"), player: p1, itemID: "pull_5", price: 500, items: items, createdAt: Self.t0,
            expiresAt: Self.t0.advanced(by: .seconds(900)))
        let later = PendingPullRecord(
            id: PullID("p-2"), player: p1, itemID: "pull_10", price: 1000, items: items,
            createdAt: Self.t0.advanced(by: .seconds(60)), expiresAt: Self.t0.advanced(by: .seconds(960)))
        try await store.write { tx in
            try tx.insertMember(Self.newMember(p1))
            try tx.insertPendingPull(pull)
            try tx.insertPendingPull(later)
        }
        #expect(try await store.read { try $0.pendingPull(PullID("p-1")) } == pull)
        #expect(try await store.read { try $0.pendingPull(PullID("nope")) } == nil)
        await #expect(throws: StoreError.self) { try await store.write { try $0.insertPendingPull(pull) } }
        #expect(try await store.read { try $0.openPendingPulls(p1) }.map(\.id.rawValue) == ["p-1", "p-2"])
        let at899 = Self.t0.advanced(by: .seconds(899))
        let at900 = Self.t0.advanced(by: .seconds(900))
        let at2000 = Self.t0.advanced(by: .seconds(2000))
        #expect(try await store.read { try $0.expiredPendingPulls(asOf: at899, limit: 10) }.isEmpty)
        #expect(try await store.read { try $0.expiredPendingPulls(asOf: at900, limit: 10) }.map(\.id.rawValue) == ["p-1"])
        #expect(try await store.read { try $0.expiredPendingPulls(asOf: at2000, limit: 1) }.count == 1)
        try await store.write { try $0.updatePendingPullStatus(PullID("p-1"), status: .applied, resolvedAt: at899) }
        let applied = try #require(try await store.read { try $0.pendingPull(PullID("p-1")) })
        #expect(applied.status == .applied)
        #expect(applied.resolvedAt == at899)
        #expect(try await store.read { try $0.expiredPendingPulls(asOf: at2000, limit: 10) }.map(\.id.rawValue) == ["p-2"])
        #expect(try await store.read { try $0.openPendingPulls(p1) }.map(\.id.rawValue) == ["p-2"])
        await #expect(throws: StoreError.self) {
            try await store.write { try $0.updatePendingPullStatus(PullID("nope"), status: .denied, resolvedAt: nil) }
        }
    }

    func idempotency(_ store: any GameStore) async throws {
        let p1 = Self.p1
        let record = IdempotencyRecord(player: p1, key: "k1", operation: "op", result: "{\"a\":1}", createdAt: Self.t0)
        try await store.write { try $0.insertIdempotencyRecord(record) }
        #expect(try await store.read { try $0.idempotencyRecord(p1, key: "k1") } == record)
        #expect(try await store.read { try $0.idempotencyRecord(Self.p2, key: "k1") } == nil)
        await #expect(throws: StoreError.self) { try await store.write { try $0.insertIdempotencyRecord(record) } }
    }

    func analytics(_ store: any GameStore) async throws {
        let p1 = Self.p1
        let stored = try await store.write { tx in
            try tx.appendAnalyticsEvent(
                AnalyticsEvent(name: "roll", player: p1, at: Self.t0, properties: ["character": "x", "quote": "\"hi\" é \\ \n\t\u{1} 🎉 /"]))
        }
        #expect(stored.id != nil)
        try await store.write { tx in
            try tx.appendAnalyticsEvent(AnalyticsEvent(name: "daily_claimed", player: p1, at: Self.t0))
            try tx.appendAnalyticsEvent(AnalyticsEvent(name: "roll", player: Self.p2, at: Self.t0))
        }
        let all = try await store.read { try $0.analyticsEvents(player: nil, name: nil, limit: 10) }
        #expect(all.map(\.name.rawValue) == ["roll", "daily_claimed", "roll"])
        #expect(all[0].properties == ["character": "x", "quote": "\"hi\" é \\ \n\t\u{1} 🎉 /"])
        #expect(try await store.read { try $0.analyticsEvents(player: p1, name: nil, limit: 10) }.count == 2)
        #expect(try await store.read { try $0.analyticsEvents(player: nil, name: "roll", limit: 10) }.count == 2)
        #expect(try await store.read { try $0.analyticsEvents(player: p1, name: "roll", limit: 10) }.count == 1)
    }

    func concurrentCredits(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { try $0.insertMember(Self.newMember(p1)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { _ = try await store.write { try $0.appendLedgerEntry(Self.entry(p1, 1, "c\(index)")) } }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { try $0.balance(p1) } == 50)
    }

    func concurrentDebits(_ store: any GameStore) async throws {
        let p1 = Self.p1
        try await store.write { tx in
            try tx.insertMember(Self.newMember(p1))
            try tx.appendLedgerEntry(Self.entry(p1, 100, "seed"))
        }
        let successes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<25 {
                group.addTask {
                    do {
                        _ = try await store.write { tx in
                            // Read-then-write inside one transaction: writes are serialized.
                            let balance = try tx.balance(p1)
                            guard balance >= 10 else { throw StoreError.insufficientBalance(player: p1, balance: balance, amount: -10) }
                            return try tx.appendLedgerEntry(Self.entry(p1, -10, "d\(index)"))
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 10)
        #expect(try await store.read { try $0.balance(p1) } == 0)
    }
}

@Suite("Store conformance: SQLite")
struct SQLiteStoreConformanceTests {
    @Test(arguments: StoreConformance.Case.allCases)
    func contract(_ testCase: StoreConformance.Case) async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let suite = StoreConformance {
            try SQLiteGameStore(path: directory.appendingPathComponent("nested/store.sqlite").path)
        }
        try await suite.run(testCase)
    }

    @Test func migrateIsRepeatableAndReportsVersions() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteGameStore(path: directory.appendingPathComponent("m.sqlite").path)
        #expect(try store.migrate() == SQLiteGameStore.knownMigrations)
        #expect(try store.migrate() == SQLiteGameStore.knownMigrations)
    }

    @Test func dataSurvivesReopen() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.sqlite").path
        let p1 = StoreConformance.p1
        do {
            let store = try SQLiteGameStore(path: path)
            try await store.write { tx in
                try tx.insertMember(StoreConformance.newMember(p1))
                try tx.appendLedgerEntry(StoreConformance.entry(p1, 25, "a"))
            }
            // A DatabasePool runs in WAL mode: the write-ahead log sits beside the file while open.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            try store.close()
        }
        let reopened = try SQLiteGameStore(path: path)
        #expect(try await reopened.read { try $0.balance(p1) } == 25)
    }

    /// The WAL is checkpointed off the write path every `checkpointInterval` commits, so it stays
    /// small; a store that never checkpoints lets it grow with every commit. Nothing is lost
    /// either way.
    @Test func checkpointsKeepTheWriteAheadLogSmall() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let p1 = StoreConformance.p1
        func walBytes(interval: Int, name: String) async throws -> (wal: Int, checkpoints: Int, balance: Int64) {
            let path = directory.appendingPathComponent(name).path
            let store = try SQLiteGameStore(path: path, checkpointInterval: interval)
            try await store.write { tx in try tx.insertMember(StoreConformance.newMember(p1)) }
            for i in 0..<200 {
                _ = try await store.write { tx in try tx.appendLedgerEntry(StoreConformance.entry(p1, 1, "e\(i)")) }
                // Deterministic: a queued checkpoint finishes before the next write.
                store.waitForCheckpoint()
            }
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
            let balance = try await store.read { try $0.balance(p1) }
            let checkpoints = store.completedCheckpoints
            try store.close()
            return (wal, checkpoints, balance)
        }
        let checkpointed = try await walBytes(interval: 10, name: "checkpointed.sqlite")
        let unbounded = try await walBytes(interval: .max, name: "unbounded.sqlite")
        #expect(checkpointed.checkpoints == 20)
        #expect(unbounded.checkpoints == 0)
        #expect(checkpointed.balance == 200 && unbounded.balance == 200)
        #expect(checkpointed.wal > 0 && unbounded.wal > 4 * checkpointed.wal, "WAL bytes: \(checkpointed.wal) vs \(unbounded.wal)")
    }
}
