import Foundation
import Logging
import PostgresNIO
@testable import PostgresStorage
import Storage
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
    }

    @Test(arguments: [
        "postgres://localhost/game", "postgres://bot:pw@/game", "postgres://bot:pw@localhost", "postgres://bot:pw@localhost/game?sslmode=maybe",
        "postgres://bot:pw@localhost/game?pool=3", "http://bot:pw@localhost/game",
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
            #expect(first == ["v1_kernel_and_gacha", "v3_premium"])
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
