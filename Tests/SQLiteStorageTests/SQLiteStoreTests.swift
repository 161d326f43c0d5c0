import Foundation
import Gacha
import GRDB
import SQLiteStorage
import Storage
import Testing

/// What only the SQLite store does: migrations on a file, reopening, WAL checkpoints.
@Suite("SQLite store")
struct SQLiteStoreTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let p1 = PlayerID(guild: GuildID(7), member: MemberID(70))

    @Test func migrateIsRepeatableAndReportsVersions() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("m.sqlite").path)
        defer { try? store.close() }
        #expect(try store.migrate() == SQLiteStore.knownMigrations)
        #expect(try store.migrate() == SQLiteStore.knownMigrations)
    }

    @Test func dataSurvivesReopen() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try await store.write { tx in
                try await tx.ensurePlayer(Self.p1, at: Self.t0)
                try await tx.appendLedgerEntry(LedgerEntry(player: Self.p1, amount: 25, reason: "t", idempotencyKey: "a", at: Self.t0))
            }
            // A DatabasePool runs in WAL mode: the write-ahead log sits beside the file while open.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            try store.close()
        }
        let reopened = try SQLiteStore(path: path)
        defer { try? reopened.close() }
        #expect(try await reopened.read { try await $0.balance(Self.p1) } == 25)
    }

    /// A database a newer binary migrated is refused with one message naming what is unknown.
    @Test func aSchemaNewerThanTheBinaryIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("newer.sqlite").path
        try SQLiteStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99_from_the_future')") }
        try queue.close()
        #expect(throws: StoreOpenError.schemaNewerThanBinary(database: "sqlite:\(path)", unknownMigrations: ["v99_from_the_future"])) {
            try SQLiteStore(path: path)
        }
    }

    /// A file written by the previous schema (one `members` table holding points and game state)
    /// keeps every row through the split into the kernel's and the gacha area's tables.
    @Test func theFirstSchemasDataMovesIntoTheKernelAndGachaTables() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v1.sqlite").path
        let big = PlayerID(guild: GuildID(UInt64.max), member: MemberID(UInt64(Int64.max) + 1))
        try Self.writeFirstSchemaFile(path: path, player: big)
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try store.migrate() == SQLiteStore.knownMigrations)
        #expect(try await store.read { try await $0.player(big) } == PlayerRecord(player: big, firstSeen: Timestamp(millisecondsSinceEpoch: 5)))
        #expect(try await store.read { try await $0.balance(big) } == 90)
        #expect(try await store.read { try await $0.recentLedgerEntries(big, limit: 10) }.map(\.idempotencyKey) == ["s1", "d1"])
        #expect(try await store.read { try await $0.ledgerDiscrepancies() }.isEmpty)
        let member = try #require(try await store.readGacha { try await $0.member(big) })
        #expect(member.pity == PityCounters(rollsSinceLegendary: 40, rollsSinceEpicOrBetter: 3))
        #expect(member.rolls == RollAllowanceState(stored: 7, asOf: Timestamp(millisecondsSinceEpoch: 6), extra: 2))
        #expect(member.streak == DailyStreakState(length: 4, lastClaimDay: 19000))
        #expect(try await store.readGacha { try await $0.inventory(big) }.map(\.characterID) == ["hero"])
        let pull = try #require(try await store.readGacha { try await $0.pendingPull(PullID("p1")) })
        #expect(pull.items == [PulledCharacter(characterID: "x", rarity: .epic)] && pull.status == .pending && pull.choices == PullChoices())
        #expect(try await store.read { try await $0.idempotencyRecord(big, key: "k") }?.operation == "op")
        #expect(try await store.read { try await $0.analyticsEvents(player: big, name: nil, limit: 5) }.count == 1)
        // The next ledger id continues after the copied ones.
        let next = try await store.write { tx in
            try await tx.appendLedgerEntry(LedgerEntry(player: big, amount: 1, reason: "t", idempotencyKey: "n", at: Self.t0))
        }
        #expect(next.id == 3)
    }

    /// A read snapshot does not wait for a write transaction in progress, and sees none of it.
    @Test func readsSeeTheLastCommitWhileAWriteIsOpen() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("rw.sqlite").path)
        defer { try? store.close() }
        try await store.write { try await $0.ensurePlayer(Self.p1, at: Self.t0) }
        let (reads, continuation) = AsyncStream.makeStream(of: Int64.self)
        try await store.write { tx in
            try await tx.appendLedgerEntry(LedgerEntry(player: Self.p1, amount: 5, reason: "t", idempotencyKey: "w", at: Self.t0))
            continuation.yield(try await store.read { try await $0.balance(Self.p1) })
        }
        continuation.finish()
        var seen: [Int64] = []
        for await value in reads { seen.append(value) }
        #expect(seen == [0])
        #expect(try await store.read { try await $0.balance(Self.p1) } == 5)
    }

    /// The WAL is checkpointed off the write path every `checkpointInterval` commits, so it stays
    /// small; a store that never checkpoints lets it grow with every commit. Nothing is lost
    /// either way.
    @Test func checkpointsKeepTheWriteAheadLogSmall() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let p1 = Self.p1
        func walBytes(interval: Int, name: String) async throws -> (wal: Int, checkpoints: Int, balance: Int64) {
            let path = directory.appendingPathComponent(name).path
            let store = try SQLiteStore(path: path, checkpointInterval: interval)
            try await store.write { try await $0.ensurePlayer(p1, at: Self.t0) }
            for i in 0..<200 {
                try await store.write { tx in
                    try await tx.appendLedgerEntry(LedgerEntry(player: p1, amount: 1, reason: "t", idempotencyKey: "e\(i)", at: Self.t0))
                }
                // Deterministic: a queued checkpoint finishes before the next write.
                store.waitForCheckpoint()
            }
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
            let balance = try await store.read { try await $0.balance(p1) }
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

    /// A file as the first release left it, with one row in every table for `player`.
    static func writeFirstSchemaFile(path: String, player big: PlayerID) throws {
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration(SQLiteStore.knownMigrations[0]) { db in
            for statement in SQLiteStore.firstSchemaForTests { try db.execute(sql: statement) }
        }
        try migrator.migrate(queue)
        try queue.write { db in
            let g = Int64(bitPattern: big.guild.rawValue), m = Int64(bitPattern: big.member.rawValue)
            try db.execute(
                sql: """
                    INSERT INTO members (guild_id, member_id, first_seen, pity_legendary, pity_epic, rolls_stored, rolls_as_of,
                        extra_rolls, streak_length, streak_last_day, balance) VALUES (?, ?, 5, 40, 3, 7, 6, 2, 4, 19000, 90)
                    """, arguments: [g, m])
            try db.execute(
                sql: """
                    INSERT INTO ledger_entries (guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at)
                    VALUES (?, ?, 100, 'daily', 'd1', 100, 5), (?, ?, -10, 'shop', 's1', 90, 6)
                    """, arguments: [g, m, g, m])
            try db.execute(sql: "INSERT INTO inventory VALUES (?, ?, 'hero', 7)", arguments: [g, m])
            try db.execute(
                sql: """
                    INSERT INTO pending_pulls VALUES ('p1', ?, ?, 'pull_5', 500, '[{"characterID":"x","rarity":"epic"}]', 8, 9,
                        'pending', NULL)
                    """, arguments: [g, m])
            try db.execute(sql: "INSERT INTO idempotency_records VALUES (?, ?, 'k', 'op', 'r', 5)", arguments: [g, m])
            try db.execute(sql: "INSERT INTO analytics_events (name, guild_id, member_id, at) VALUES ('roll', ?, ?, 5)", arguments: [g, m])
        }
        try queue.close()
    }
}
