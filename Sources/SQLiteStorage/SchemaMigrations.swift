/// The schema, as an ordered list of migrations. Never edit a migration that has shipped: append a
/// new one. Ids are stored as signed 64-bit integers (Discord ids fit; the bit pattern is kept).
enum SchemaMigrations {
    struct Migration {
        let identifier: String
        let statements: [String]
    }

    static let all: [Migration] = [
        Migration(
            identifier: "v1_game_core",
            statements: [
                """
                CREATE TABLE members (
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    first_seen INTEGER NOT NULL,
                    pity_legendary INTEGER NOT NULL DEFAULT 0 CHECK (pity_legendary >= 0),
                    pity_epic INTEGER NOT NULL DEFAULT 0 CHECK (pity_epic >= 0),
                    rolls_stored INTEGER NOT NULL CHECK (rolls_stored >= 0),
                    rolls_as_of INTEGER NOT NULL,
                    extra_rolls INTEGER NOT NULL DEFAULT 0 CHECK (extra_rolls >= 0),
                    streak_length INTEGER NOT NULL DEFAULT 0 CHECK (streak_length >= 0),
                    streak_last_day INTEGER,
                    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
                    PRIMARY KEY (guild_id, member_id)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE ledger_entries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount <> 0),
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    idempotency_key TEXT NOT NULL CHECK (idempotency_key <> ''),
                    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
                    created_at INTEGER NOT NULL,
                    UNIQUE (guild_id, member_id, idempotency_key),
                    FOREIGN KEY (guild_id, member_id) REFERENCES members (guild_id, member_id)
                )
                """,
                "CREATE INDEX ledger_entries_by_player ON ledger_entries (guild_id, member_id, id)",
                """
                CREATE TABLE inventory (
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    character_id TEXT NOT NULL CHECK (character_id <> ''),
                    acquired_at INTEGER NOT NULL,
                    PRIMARY KEY (guild_id, member_id, character_id),
                    FOREIGN KEY (guild_id, member_id) REFERENCES members (guild_id, member_id)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE pending_pulls (
                    id TEXT PRIMARY KEY NOT NULL,
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    item_id TEXT NOT NULL,
                    price INTEGER NOT NULL CHECK (price >= 0),
                    items TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'denied', 'expired')),
                    resolved_at INTEGER,
                    FOREIGN KEY (guild_id, member_id) REFERENCES members (guild_id, member_id)
                )
                """,
                "CREATE INDEX pending_pulls_by_expiry ON pending_pulls (status, expires_at)",
                "CREATE INDEX pending_pulls_by_player ON pending_pulls (guild_id, member_id, status)",
                """
                CREATE TABLE idempotency_records (
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    key TEXT NOT NULL CHECK (key <> ''),
                    operation TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (guild_id, member_id, key)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE analytics_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL CHECK (name <> ''),
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    properties TEXT NOT NULL DEFAULT '{}'
                )
                """,
                "CREATE INDEX analytics_events_by_name ON analytics_events (name, at)",
            ]
        )
    ]
}
