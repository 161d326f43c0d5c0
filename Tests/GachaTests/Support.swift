import Clocks
import Foundation
import Gacha
import Logging
import PostgresStorage
import SQLiteStorage
import Storage
import Testing

/// The repository's real catalogue file, found from this source file's location.
let catalogueURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Assets/catalogue.json")

/// 2025-01-01T12:00:00Z: noon, so a few hours of virtual time never cross a day by accident.
let testEpoch = Timestamp(millisecondsSinceEpoch: 1_735_732_800_000)

let alice = PlayerID(guild: GuildID(1_000), member: MemberID(1))
let bob = PlayerID(guild: GuildID(1_000), member: MemberID(2))

/// A fresh folder under the system temp directory, removed by `removeTemporaryDirectory`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gachatests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The databases every game test runs on: SQLite always, PostgreSQL when
/// `GACHABOT_TEST_POSTGRES_URL` names a server (`scripts/test` starts one; in CI it must).
enum TestDatabase: String, Sendable, CaseIterable {
    case sqlite, postgres

    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }

    static var available: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static var logger: Logger {
        var logger = Logger(label: "gacha-tests")
        logger.logLevel = .error
        return logger
    }
}

/// One test's game: a real database of its own, a manual clock, a seeded random source.
final class World: @unchecked Sendable {
    let database: TestDatabase
    let directory: URL
    let path: String
    let clock = ManualClock()
    let catalogue: Catalogue
    let configuration: GachaConfiguration
    let random: SeededRandomSource
    /// The packs area's stand-in (pool and directory); nil: no packs.
    let packs: TestPacks?
    /// The SQLite file's store, which `restart` closes and opens again.
    private var sqlite: SQLiteStore?
    private(set) var store: any GachaStore
    private(set) var game: GachaGame
    private var keyCounter = 0

    init(
        database: TestDatabase, postgres: PostgresStore?, seed: UInt64, catalogue: Catalogue?, configuration: GachaConfiguration,
        packs: TestPacks? = nil
    ) throws {
        self.database = database
        self.packs = packs
        directory = try makeTemporaryDirectory()
        path = directory.appendingPathComponent("data/gachabot.sqlite").path
        self.catalogue = try catalogue ?? Catalogue.load(from: catalogueURL)
        self.configuration = configuration
        random = SeededRandomSource(seed: seed)
        if let postgres {
            store = postgres
        } else {
            let sqlite = try SQLiteStore(path: path)
            self.sqlite = sqlite
            store = sqlite
        }
        game = try Self.game(
            store: store, catalogue: self.catalogue, configuration: configuration, random: random,
            time: GameTime(clock: clock, epoch: testEpoch), packs: packs)
    }

    /// A process restart: a new game on the same database (SQLite: the file closed and opened
    /// again), so only what the database holds carries over.
    func restart() throws {
        if let sqlite {
            try sqlite.close()
            let reopened = try SQLiteStore(path: path)
            self.sqlite = reopened
            store = reopened
        }
        game = try Self.game(
            store: store, catalogue: catalogue, configuration: configuration, random: random,
            time: GameTime(clock: clock, epoch: now), packs: packs)
    }

    static func game(
        store: any GachaStore, catalogue: Catalogue, configuration: GachaConfiguration, random: any RandomSource, time: GameTime,
        packs: TestPacks?
    ) throws -> GachaGame {
        guard let packs else {
            return try GachaGame(store: store, catalogue: catalogue, configuration: configuration, random: random, time: time)
        }
        return try GachaGame(
            store: store, catalogue: catalogue, configuration: configuration, random: random, time: time, pools: packs,
            packDirectory: packs)
    }

    func close() { try? sqlite?.close() }

    var now: Timestamp { testEpoch.advanced(by: clock.now.offset) }

    /// A new idempotency key, as a new Discord interaction would bring.
    func key() -> IdempotencyKey {
        keyCounter += 1
        return IdempotencyKey("interaction-\(keyCounter)")
    }

    func give(_ player: PlayerID, _ points: Int64) async throws {
        try await game.points.grant(player, points: points, reason: "test_grant", idempotencyKey: key())
    }

    func events(_ player: PlayerID? = nil, _ name: EventName? = nil) async throws -> [AnalyticsEvent] {
        try await store.readGacha { try await $0.analyticsEvents(player: player, name: name, limit: 100_000) }
    }

    func ledger(_ player: PlayerID) async throws -> [LedgerEntry] {
        try await store.readGacha { try await $0.recentLedgerEntries(player, limit: 100_000) }
    }

    /// The ledger invariant: every balance equals the sum of its entries and none is negative.
    func expectLedgerConsistent(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let discrepancies = try await store.readGacha { try await $0.ledgerDiscrepancies() }
        #expect(discrepancies.isEmpty, "ledger discrepancies on \(database): \(discrepancies)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` in a fresh world on each available database in turn, then checks the ledger
/// invariant and removes the files (and the PostgreSQL database).
func withWorld(
    seed: UInt64 = 42, catalogue: Catalogue? = nil, configuration: GachaConfiguration = .standard,
    packs: @autoclosure () -> TestPacks? = nil,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: (World) async throws -> Void
) async throws {
    for database in TestDatabase.available {
        switch database {
        case .sqlite:
            try await run(database, postgres: nil)
        case .postgres:
            let url = try #require(TestDatabase.postgresURL)
            try await PostgresStore.withTemporaryDatabase(
                serverURL: url, prefix: "gachabot_test", logger: TestDatabase.logger
            ) { store in try await run(database, postgres: store) }
        }
    }

    func run(_ database: TestDatabase, postgres: PostgresStore?) async throws {
        // Each database gets packs of its own: a test that disables one must not leak into the next run.
        let world = try World(
            database: database, postgres: postgres, seed: seed, catalogue: catalogue, configuration: configuration, packs: packs())
        defer {
            world.close()
            try? FileManager.default.removeItem(at: world.directory)
        }
        try await body(world)
        try await world.expectLedgerConsistent(sourceLocation: sourceLocation)
    }
}

/// A small catalogue: 6 common, 3 rare, 2 epic, 1 legendary. Pulls of 10 out of 12 overlap, and
/// rolls repeat, so duplicates are certain.
func smallCatalogue() throws -> Catalogue {
    let tiers: [(Rarity, Int)] = [(.common, 6), (.rare, 3), (.epic, 2), (.legendary, 1)]
    var characters: [GameCharacter] = []
    for (rarity, count) in tiers {
        for index in 1...count {
            characters.append(
                GameCharacter(
                    id: "\(rarity.rawValue)-\(index)", name: "\(rarity.rawValue.capitalized) Number \(index)",
                    series: "Test Series", rarity: rarity, description: "A test character.", persona: "Speaks in tests."))
        }
    }
    return try Catalogue(characters: characters)
}

/// Expects `body` to throw a `GachaError` and returns it.
func gachaError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> GachaError? {
    do {
        try await body()
        Issue.record("expected a GachaError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as GachaError {
        return error
    } catch {
        Issue.record("expected a GachaError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
