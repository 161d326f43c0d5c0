import Clocks
import Foundation
import Gacha
import GRDB
import Logging
import Packs
@testable import PostgresStorage
@testable import SQLiteStorage
import Storage
import Testing

/// The databases the service tests run on: SQLite always, PostgreSQL when `scripts/with-postgres`
/// (or `scripts/test`) gave a server in `GACHABOT_TEST_POSTGRES_URL`.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }

    static var available: [TestDatabase] { postgresURL == nil ? [.sqlite] : allCases }

    var testDescription: String { rawValue }
}

/// A `PackService` on a fresh store, with time on a manual clock and a seeded random source.
struct ServiceHarness: Sendable {
    let service: PackService
    let clock: ManualClock
    let blobs: any PackBlobStore
    let recordDraw: @Sendable (_ player: PlayerID, _ pack: PackID, _ day: Int64) async throws -> Void

    static let epoch = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    var now: Timestamp { Self.epoch.advanced(by: clock.now.offset) }

    static func with(
        _ database: TestDatabase, configuration: PackServiceConfiguration = PackServiceConfiguration(),
        _ body: @Sendable (ServiceHarness) async throws -> Void
    ) async throws {
        let clock = ManualClock()
        let time = GameTime(clock: clock, epoch: epoch)
        switch database {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
            defer { try? store.close() }
            let blobs = FileBlobStore(directory: folder.appendingPathComponent("blobs"))
            let service = PackService(
                store: store, blobs: blobs, configuration: configuration, random: SeededRandomSource(seed: 14), time: time)
            try await body(ServiceHarness(service: service, clock: clock, blobs: blobs) { player, pack, day in
                try await store.write { tx in
                    try tx.run { db in
                        try db.execute(
                            sql: "INSERT INTO pack_draws (guild_id, member_id, pack_id, day) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            arguments: [
                                Int64(bitPattern: player.guild.rawValue), Int64(bitPattern: player.member.rawValue), pack.rawValue, day,
                            ])
                    }
                }
            })
        case .postgres:
            let url = try #require(TestDatabase.postgresURL)
            var logger = Logger(label: "packs-tests")
            logger.logLevel = .error
            try await PostgresStore.withTemporaryDatabase(serverURL: url, prefix: "gachabot_packs", logger: logger) { store in
                let service = PackService(
                    store: store, blobs: store, configuration: configuration, random: SeededRandomSource(seed: 14), time: time)
                try await body(ServiceHarness(service: service, clock: clock, blobs: store) { player, pack, day in
                    try await store.write { tx in
                        _ = try await tx.rows("""
                            INSERT INTO pack_draws (guild_id, member_id, pack_id, day)
                            VALUES (\(Int64(bitPattern: player.guild.rawValue)), \(Int64(bitPattern: player.member.rawValue)),
                                \(pack.rawValue), \(day))
                            ON CONFLICT DO NOTHING
                            """)
                    }
                })
            }
        }
    }

    /// The player rolled one of the pack's characters today.
    func rolled(_ player: PlayerID, _ pack: PackID) async throws {
        try await recordDraw(player, pack, now.utcDay)
    }

    /// A published pack of `creator` with `count` characters.
    func publishedPack(creator: PlayerID, name: String = "Starlight", count: Int = 2) async throws -> PackRecord {
        let pack = try await service.importPack(
            creator: creator, manifest: PackManifest.json(name: name, characters: (0..<count).map { PackManifest.Card(id: "c\($0)") }),
            file: "pack.json")
        return try await service.publish(pack: pack.id, creator: creator)
    }

    func events(_ name: EventName) async throws -> [AnalyticsEvent] {
        try await service.store.readPacks { try await $0.analyticsEvents(player: nil, name: name, limit: 100) }
    }
}

/// Pack files for the service tests.
enum PackManifest {
    struct Card {
        var id: String
        var name: String? = nil
        var rarity = "common"
        var image: String? = nil
    }

    static func json(name: String = "Starlight", version: Int = 1, tags: [String] = [], description: String = "", characters: [Card]) -> Data {
        let cards = characters.map { card in
            let image = card.image.map { #", "image": \#(TestCard.quoted($0))"# } ?? ""
            return TestCard.json(
                name: card.name ?? "Name \(card.id)", gachabot: #"{"rarity": "\#(card.rarity)", "id": "\#(card.id)"\#(image)}"#)
        }
        return Data("""
            {"format": "gachabot-pack", "version": \(version), "name": \(TestCard.quoted(name)),
             "description": \(TestCard.quoted(description)), "tags": \(TestCard.list(tags)),
             "characters": [\(cards.joined(separator: ",\n"))]}
            """.utf8)
    }
}

/// Runs `body` and returns the `PackServiceError` it threw (nil and an issue otherwise).
func serviceError<T>(_ body: () async throws -> T) async -> PackServiceError? {
    do {
        _ = try await body()
        Issue.record("expected a PackServiceError")
        return nil
    } catch let error as PackServiceError {
        return error
    } catch {
        Issue.record("not a PackServiceError: \(error)")
        return nil
    }
}
