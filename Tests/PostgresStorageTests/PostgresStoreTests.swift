import Foundation
import Logging
import PostgresNIO
@testable import PostgresStorage
import Storage
import Synchronization
import Testing

/// What only the PostgreSQL store does: its URL, opening errors, migrations.
@Suite struct PostgresURLTests {
    @Test func aURLIsReadWithDefaultsAndPrintedWithoutItsPassword() throws {
        let url = try PostgresURL("postgres://bot%40ops:p%3Ass@db.example:6543/game?sslmode=require")
        #expect(url.host == "db.example" && url.port == 6543 && url.username == "bot@ops" && url.database == "game")
        #expect(url.sslMode == .require)
        #expect(url.description == "postgres://bot@ops:***@db.example:6543/game")
        #expect(!String(reflecting: url).contains("p:ss") && !"\(url)".contains("p:ss"))
        let plain = try PostgresURL("postgresql://bot@localhost/game")
        #expect(plain.port == 5432 && plain.sslMode == .prefer && plain.description == "postgres://bot@localhost:5432/game")
        #expect(plain.poolSize == nil)
        #expect(try PostgresURL("postgres://bot@localhost/game?pool_size=40&sslmode=disable").poolSize == 40)
    }

    @Test(arguments: [
        "postgres://localhost/game", "postgres://bot:pw@/game", "postgres://bot:pw@localhost", "postgres://bot:pw@localhost/game?sslmode=maybe",
        "postgres://bot:pw@localhost/game?pool=3", "http://bot:pw@localhost/game", "postgres://bot:pw@localhost/game?pool_size=0",
        "postgres://bot:pw@localhost/game?pool_size=501", "postgres://bot:pw@localhost/game?pool_size=ten",
    ])
    func aBadURLIsRefusedWithoutItsPassword(_ text: String) {
        let error = #expect(throws: StoreOpenError.self) { try PostgresURL(text) }
        #expect(error.map { !"\($0)".contains("pw") || "\($0)".contains("postgres://USER:PASSWORD") } == true)
    }
}

@Suite("PostgreSQL store", .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason))
struct PostgresStoreTests {
    @Test func migrateIsRepeatableAndReportsVersions() async throws {
        try await TestPostgres.withStore { store in
            let first = try await store.migrate()
            #expect(first == PostgresMigrations.knownIdentifiers && first.first == "v1_kernel_and_gacha" && first.contains("v2_packs") && first.contains("v2b_pack_draws") && first.contains("v3_premium"))
            #expect(try await store.migrate() == first)
        }
    }

    /// A database a newer binary migrated is refused before anything reads it.
    @Test func aSchemaNewerThanTheBinaryIsRefused() async throws {
        let server = try #require(TestPostgres.url)
        try await PostgresStore.withTemporaryDatabase(serverURL: server, prefix: "gachabot_test", logger: TestPostgres.logger) { store in
            try await store.write { tx in
                _ = try await tx.ensurePlayer(PlayerID(guild: GuildID(1), member: MemberID(2)), at: Timestamp(millisecondsSinceEpoch: 0))
            }
            try await TestPostgres.execute(on: store.url, "INSERT INTO schema_migrations (identifier) VALUES ('v99_from_the_future')")
            await #expect(throws: StoreOpenError.schemaNewerThanBinary(database: store.url.description, unknownMigrations: ["v99_from_the_future"])) {
                try await PostgresStore.withStore(url: store.url, logger: TestPostgres.logger) { _ in }
            }
        }
    }

    /// A read runs as one statement without BEGIN; one that needs a second statement runs again
    /// inside a transaction, even when its body swallowed the error that stopped the first run.
    @Test func aReadOfSeveralStatementsRunsAgainInsideATransaction() async throws {
        try await TestPostgres.withStore { store in
            let player = PlayerID(guild: GuildID(7), member: MemberID(8))
            let at = Timestamp(millisecondsSinceEpoch: 1_000)
            try await store.write { tx in
                try await tx.ensurePlayer(player, at: at)
                try await tx.appendLedgerEntry(LedgerEntry(player: player, amount: 5, reason: "grant", idempotencyKey: "k", at: at))
            }
            let runs = Mutex(0)
            let seen: (balance: Int64, entryAmount: Int64?) = try await store.read { tx in
                runs.withLock { $0 += 1 }
                let balance = try await tx.balance(player)
                let entry: LedgerEntry? = try? await tx.ledgerEntry(player, idempotencyKey: "k")
                return (balance, entry?.amount)
            }
            #expect(seen.balance == 5 && seen.entryAmount == 5)
            #expect(runs.withLock { $0 } == 2)
            runs.withLock { $0 = 0 }
            let single: Int64 = try await store.read { tx in
                runs.withLock { $0 += 1 }
                return try await tx.balance(player)
            }
            #expect(single == 5)
            #expect(runs.withLock { $0 } == 1)
        }
    }

    /// The balance a transaction learns from its player lock or its own ledger entries is the one a
    /// statement would read: nothing else can move it while the row is locked.
    @Test func theBalanceLearnedUnderTheLockIsTheStoredOne() async throws {
        try await TestPostgres.withStore { store in
            let player = PlayerID(guild: GuildID(7), member: MemberID(9))
            let at = Timestamp(millisecondsSinceEpoch: 1_000)
            try await store.write { tx in
                try await tx.ensurePlayer(player, at: at)
                #expect(try await tx.balance(player) == 0)
                try await tx.appendLedgerEntry(LedgerEntry(player: player, amount: 40, reason: "grant", idempotencyKey: "a", at: at))
            }
            let seen: (Int64, Int64?, Int64) = try await store.write { tx in
                try await tx.lockPlayer(player)
                let locked = try await tx.balance(player)
                let entry = try await tx.appendLedgerEntry(
                    LedgerEntry(player: player, amount: -15, reason: "spend", idempotencyKey: "b", at: at))
                return (locked, entry.balanceAfter, try await tx.balance(player))
            }
            #expect(seen.0 == 40 && seen.1 == 25 && seen.2 == 25)
            #expect(try await store.read { try await $0.balance(player) } == 25)
            #expect(try await store.read { try await $0.ledgerDiscrepancies() }.isEmpty)
        }
    }

    /// A server that refuses the login is named, with the server's reason and without the password.
    @Test func aWrongPasswordIsReportedWithoutEitherPassword() async throws {
        let server = try #require(TestPostgres.url)
        var wrong = try PostgresURL(server.description.replacingOccurrences(of: ":***@", with: ":wrong-pw@"))
        wrong.sslMode = .disable
        let error = await #expect(throws: StoreOpenError.self) {
            try await PostgresStore.withStore(url: wrong, logger: TestPostgres.logger) { _ in }
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("cannot open the database \(wrong.description)") && text.contains("password authentication failed"), "\(text)")
        #expect(!text.contains("wrong-pw"))
    }
}

extension TestPostgres {
    /// One statement on `url`'s database, through a store of its own.
    static func execute(on url: PostgresURL, _ statement: String) async throws {
        try await PostgresStore.withStore(url: url, logger: logger, migrate: false) { store in
            try await store.write { tx in try await tx.rows(PostgresQuery(unsafeSQL: statement)) }
        }
    }
}
