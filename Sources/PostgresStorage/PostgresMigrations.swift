import PostgresNIO
import Storage

/// The schema, as an ordered list of migrations recorded in `schema_migrations`. Never edit a
/// migration that has shipped: append a new one. The semantics match the SQLite schema (same
/// tables, keys, checks and foreign keys); ids are BIGINT holding the bit pattern of Discord's
/// unsigned ids, times are milliseconds since the epoch.
enum PostgresMigrations {
    struct Migration {
        let identifier: String
        let statements: [PostgresQuery]
    }

    /// Taken (per transaction) by every migration run, so processes starting together migrate once.
    static let lockKey: Int64 = 0x6761_6368_6162_6f74  // "gachabot"

    static let all: [Migration] = [
        Migration(
            identifier: "v1_kernel_and_gacha",
            statements: [
                """
                CREATE TABLE players (
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    first_seen BIGINT NOT NULL,
                    balance BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
                    PRIMARY KEY (guild_id, member_id)
                )
                """,
                "CREATE TABLE guilds (guild_id BIGINT PRIMARY KEY, first_seen BIGINT NOT NULL)",
                "CREATE TABLE users (user_id BIGINT PRIMARY KEY, first_seen BIGINT NOT NULL)",
                """
                CREATE TABLE ledger (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    amount BIGINT NOT NULL CHECK (amount <> 0),
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    idempotency_key TEXT NOT NULL CHECK (idempotency_key <> ''),
                    balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
                    created_at BIGINT NOT NULL,
                    UNIQUE (guild_id, member_id, idempotency_key),
                    FOREIGN KEY (guild_id, member_id) REFERENCES players (guild_id, member_id)
                )
                """,
                "CREATE INDEX ledger_by_player ON ledger (guild_id, member_id, id)",
                """
                CREATE TABLE idempotency_records (
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    key TEXT NOT NULL CHECK (key <> ''),
                    operation TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (guild_id, member_id, key)
                )
                """,
                """
                CREATE TABLE analytics_events (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    properties TEXT NOT NULL DEFAULT '{}'
                )
                """,
                "CREATE INDEX analytics_events_by_name ON analytics_events (name, at)",
                """
                CREATE TABLE gacha_members (
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    first_seen BIGINT NOT NULL,
                    pity_legendary BIGINT NOT NULL DEFAULT 0 CHECK (pity_legendary >= 0),
                    pity_epic BIGINT NOT NULL DEFAULT 0 CHECK (pity_epic >= 0),
                    rolls_stored BIGINT NOT NULL CHECK (rolls_stored >= 0),
                    rolls_as_of BIGINT NOT NULL,
                    extra_rolls BIGINT NOT NULL DEFAULT 0 CHECK (extra_rolls >= 0),
                    streak_length BIGINT NOT NULL DEFAULT 0 CHECK (streak_length >= 0),
                    streak_last_day BIGINT,
                    PRIMARY KEY (guild_id, member_id),
                    FOREIGN KEY (guild_id, member_id) REFERENCES players (guild_id, member_id)
                )
                """,
                """
                CREATE TABLE gacha_inventory (
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    character_id TEXT NOT NULL CHECK (character_id <> ''),
                    acquired_at BIGINT NOT NULL,
                    PRIMARY KEY (guild_id, member_id, character_id),
                    FOREIGN KEY (guild_id, member_id) REFERENCES gacha_members (guild_id, member_id)
                )
                """,
                """
                CREATE TABLE gacha_pulls (
                    id TEXT PRIMARY KEY,
                    guild_id BIGINT NOT NULL,
                    member_id BIGINT NOT NULL,
                    item_id TEXT NOT NULL,
                    price BIGINT NOT NULL CHECK (price >= 0),
                    items TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'denied', 'expired')),
                    resolved_at BIGINT,
                    choices TEXT CHECK (choices IS NULL OR status = 'pending'),
                    FOREIGN KEY (guild_id, member_id) REFERENCES gacha_members (guild_id, member_id)
                )
                """,
                "CREATE INDEX gacha_pulls_by_expiry ON gacha_pulls (status, expires_at)",
                "CREATE INDEX gacha_pulls_by_player ON gacha_pulls (guild_id, member_id, status)",
            ]
        ),
        // Creator packs (issue 14): the same tables as SQLite's `v3_packs`, with full-text search
        // in a generated tsvector column under a GIN index.
        Migration(identifier: "v2_packs", statements: PostgresPacksSchema.statements),
    ]

    static var knownIdentifiers: [String] { all.map(\.identifier) }

    /// Applies what is missing, one transaction per migration under an advisory lock, and returns
    /// every applied identifier in order. Refuses a schema a newer binary migrated.
    static func migrate(_ store: PostgresStore) async throws -> [String] {
        try await store.client.withConnection { connection in
            let logger = store.logger
            func run(_ query: PostgresQuery) async throws -> [PostgresRow] {
                do {
                    return try await connection.query(query, logger: logger).collect()
                } catch let error as PSQLError {
                    throw PostgresFailure(error).contractError
                }
            }
            _ = try await run(
                "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            for migration in all {
                _ = try await run("BEGIN")
                do {
                    _ = try await run("SELECT pg_advisory_xact_lock(\(lockKey))")
                    let applied = try await appliedIdentifiers(run)
                    try refuseNewer(applied, store: store)
                    if !applied.contains(migration.identifier) {
                        for statement in migration.statements { _ = try await run(statement) }
                        _ = try await run("INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))")
                    }
                    _ = try await run("COMMIT")
                } catch {
                    _ = try? await run("ROLLBACK")
                    throw error
                }
            }
            return knownIdentifiers
        }
    }

    /// For a process that must not migrate: refuses a newer schema.
    static func check(_ store: PostgresStore) async throws {
        let applied = try await store.read { transaction in
            let table = try await transaction.rows("SELECT to_regclass('schema_migrations') IS NOT NULL")
            guard try table.first?.decode(Bool.self) == true else { return Set<String>() }
            return try await appliedIdentifiers { try await transaction.rows($0) }
        }
        try refuseNewer(applied, store: store)
    }

    private static func appliedIdentifiers(_ run: (PostgresQuery) async throws -> [PostgresRow]) async throws -> Set<String> {
        Set(try await run("SELECT identifier FROM schema_migrations").map { try $0.decode(String.self) })
    }

    private static func refuseNewer(_ applied: Set<String>, store: PostgresStore) throws {
        let unknown = applied.subtracting(knownIdentifiers).sorted()
        if !unknown.isEmpty {
            throw StoreOpenError.schemaNewerThanBinary(database: store.url.description, unknownMigrations: unknown)
        }
    }
}
