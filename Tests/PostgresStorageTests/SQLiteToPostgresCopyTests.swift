import Clocks
import Economy
import Foundation
import Gacha
import Packs
import PostgresStorage
import Premium
import SQLiteStorage
import Storage
import StoreMigration
import Testing

/// `gachabot migrate-data`'s copy on real databases: a SQLite store written through the areas'
/// own contracts, copied into a fresh PostgreSQL database; counts, ledger sums and invariants
/// agree, a second run copies nothing and still agrees, and PostgreSQL then goes on where SQLite
/// stopped (sequences moved past the copied ids).
@Suite("SQLite to PostgreSQL copy", .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason), .timeLimit(.minutes(3)))
struct SQLiteToPostgresCopyTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    /// Players with points, analytics events, a pack with a cover blob, revenue in the money
    /// ledger, and a processed Stripe event.
    static func seed(_ store: SQLiteStore, blobs: FileBlobStore) async throws -> (players: [PlayerID], blob: BlobAddress) {
        let players = (1...30).map { PlayerID(guild: GuildID(UInt64.max - 7), member: MemberID(UInt64($0) << 40)) }
        for (index, player) in players.enumerated() {
            try await store.write { tx in
                _ = try await tx.ensurePlayer(player, at: t0)
                for grant in 0..<3 {
                    _ = try await tx.appendLedgerEntry(
                        LedgerEntry(player: player, amount: Int64(100 + index + grant), reason: "daily", idempotencyKey: "seed-\(grant)", at: t0))
                }
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(name: "roll", player: player, at: t0, properties: ["quote": "it's \"quoted\" \\ 🎉", "n": "\(index)"]))
            }
        }
        let blob = try await blobs.put(Data("not really a PNG, but a blob is bytes".utf8))
        let service = PackService(store: store, blobs: blobs, random: SeededRandomSource(seed: 3), time: GameTime { t0 })
        _ = try await service.create(creator: players[0], name: "Starlight", description: "A test pack", tags: ["space"])
        try await store.write { tx in
            _ = try await tx.postMoneyTransaction(
                MoneyTransaction(
                    idempotencyKey: "stripe-invoice:in_1", kind: .revenue, reference: "in_1", user: players[1].member, at: t0,
                    entries: [
                        MoneyEntry(account: .stripeClearing, currency: "usd", amount: 499),
                        MoneyEntry(account: .platformRevenue, currency: "usd", amount: -499),
                    ]))
            _ = try await tx.recordStripeEvent(StripeEventRecord(eventID: "evt_1", type: "invoice.paid", created: 1_700_000_000, processedAt: t0))
        }
        return (players, blob)
    }

    @Test func everythingIsCopiedCheckedAndASecondRunChangesNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
        defer { try? source.close() }
        let blobDirectory = folder.appendingPathComponent("blobs")
        let (players, blob) = try await Self.seed(source, blobs: FileBlobStore(directory: blobDirectory))

        try await TestPostgres.withStore { target in
            let copy = SQLiteToPostgresCopy(source: source, target: target, blobDirectory: blobDirectory, batchSize: 7)
            let first = try await copy.run()
            #expect(first.problems.isEmpty, "\(first.problems)")
            let ledger = try #require(first.tables.first { $0.name == "ledger" })
            #expect(ledger.source == 90 && ledger.target == 90 && ledger.inserted == 90)
            #expect(first.tables.first { $0.name == "packs" }?.inserted == 1)
            #expect(first.tables.first { $0.name == "economy_entries" }?.inserted == 2)
            #expect(first.ledgerSums.map(\.table) == ["ledger", "economy_entries"])
            #expect(first.ledgerSums.allSatisfy { $0.source == $0.target })
            #expect(first.blobs == 1)
            let copiedBlob = try await target.get(blob)
            #expect(copiedBlob == Data("not really a PNG, but a blob is bytes".utf8))

            // What SQLite's contracts read, PostgreSQL's read the same.
            for player in players {
                let before = try await source.read { try await $0.recentLedgerEntries(player, limit: 10) }
                let after = try await target.read { try await $0.recentLedgerEntries(player, limit: 10) }
                #expect(before == after)
            }
            let events = try await target.read { try await $0.analyticsEvents(player: nil, name: "roll", limit: 100) }
            #expect(events.count == 30 && events.contains { $0.properties["quote"] == "it's \"quoted\" \\ 🎉" })

            let second = try await copy.run()
            #expect(second.problems.isEmpty, "\(second.problems)")
            #expect(second.tables.allSatisfy { $0.inserted == 0 }, "\(second.tables.filter { $0.inserted != 0 })")

            // New rows after the copy take ids past the copied ones.
            let entry = try await target.write { tx in
                try await tx.appendLedgerEntry(LedgerEntry(player: players[0], amount: 5, reason: "daily", idempotencyKey: "after", at: Self.t0))
            }
            let copiedIDs = try await source.read { try await $0.recentLedgerEntries(players[29], limit: 10) }.compactMap(\.id)
            #expect(try #require(entry.id) > copiedIDs.max() ?? 0)
        }
    }

    @Test func aTableWithRowsOnlyPostgreSQLLacksStopsTheCopyBeforeAnything() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("gachabot.sqlite").path
        let source = try SQLiteStore(path: path)
        _ = try await Self.seed(source, blobs: FileBlobStore(directory: folder.appendingPathComponent("blobs")))
        try source.close()
        // A table from a newer binary, which this PostgreSQL schema does not have.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, "CREATE TABLE future_area (id INTEGER PRIMARY KEY); INSERT INTO future_area VALUES (1);"]
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        try process.run()
        process.waitUntilExit()
        let reopened = try SQLiteStore(path: path)
        defer { try? reopened.close() }
        try await TestPostgres.withStore { target in
            await #expect(throws: DataCopyError.missingTables(["future_area"])) {
                try await SQLiteToPostgresCopy(source: reopened, target: target, blobDirectory: nil).run()
            }
            let untouched = try await target.read {
                try await $0.recentLedgerEntries(PlayerID(guild: GuildID(UInt64.max - 7), member: MemberID(1 << 40)), limit: 10)
            }
            #expect(untouched.isEmpty)
        }
    }
}
