/// The packs area's tables on SQLite (migration `v3_packs`). Scores are precomputed on `packs` and
/// each browse sort has an index `(status, score DESC, id)` that serves its page directly.
enum PacksSchema {
    static let sqlite: [String] = [
        """
        CREATE TABLE packs (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 32 AND instr(id, ':') = 0),
            creator_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            cover TEXT,
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'hidden', 'removed')),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            published_at INTEGER,
            character_count INTEGER NOT NULL DEFAULT 0 CHECK (character_count >= 0),
            open_reports INTEGER NOT NULL DEFAULT 0 CHECK (open_reports >= 0),
            rating_count INTEGER NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
            rating_sum INTEGER NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
            score_rating REAL NOT NULL DEFAULT 0,
            score_trending INTEGER NOT NULL DEFAULT 0,
            score_usage INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX packs_by_creator ON packs (creator_id, created_at)",
        "CREATE INDEX packs_by_status ON packs (status, created_at)",
        "CREATE INDEX packs_top_rated ON packs (status, score_rating DESC, id)",
        "CREATE INDEX packs_trending ON packs (status, score_trending DESC, id)",
        "CREATE INDEX packs_new ON packs (status, published_at DESC, id)",
        "CREATE INDEX packs_most_used ON packs (status, score_usage DESC, id)",
        "CREATE VIRTUAL TABLE packs_fts USING fts5(name, description, tags, tokenize = 'unicode61 remove_diacritics 2')",
        """
        CREATE TABLE pack_characters (
            pack_id TEXT NOT NULL REFERENCES packs (id),
            character_id TEXT NOT NULL CHECK (character_id <> ''),
            rarity TEXT NOT NULL CHECK (rarity IN ('common', 'rare', 'epic', 'legendary')),
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            personality TEXT NOT NULL,
            scenario TEXT NOT NULL,
            first_mes TEXT NOT NULL,
            mes_example TEXT NOT NULL,
            system_prompt TEXT NOT NULL,
            tags TEXT NOT NULL,
            creator_notes TEXT NOT NULL,
            image TEXT,
            retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
            position INTEGER NOT NULL,
            PRIMARY KEY (pack_id, character_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE pack_guilds (
            guild_id INTEGER NOT NULL,
            pack_id TEXT NOT NULL REFERENCES packs (id),
            enabled_by INTEGER NOT NULL,
            enabled_at INTEGER NOT NULL,
            PRIMARY KEY (guild_id, pack_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX pack_guilds_by_pack ON pack_guilds (pack_id, guild_id)",
        """
        CREATE TABLE pack_pool_versions (
            guild_id INTEGER PRIMARY KEY NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 0)
        )
        """,
        """
        CREATE TABLE pack_ratings (
            pack_id TEXT NOT NULL REFERENCES packs (id),
            member_id INTEGER NOT NULL,
            guild_id INTEGER NOT NULL,
            stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
            review TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (pack_id, member_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX pack_ratings_by_time ON pack_ratings (pack_id, updated_at)",
        """
        CREATE TABLE pack_reports (
            pack_id TEXT NOT NULL REFERENCES packs (id),
            reporter_id INTEGER NOT NULL,
            guild_id INTEGER NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('spam', 'hateful', 'sexual', 'copyright', 'other')),
            at INTEGER NOT NULL,
            resolved_at INTEGER,
            PRIMARY KEY (pack_id, reporter_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX pack_reports_open ON pack_reports (at) WHERE resolved_at IS NULL",
        """
        CREATE TABLE pack_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pack_id TEXT NOT NULL,
            actor_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action <> ''),
            reason TEXT NOT NULL,
            at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX pack_audit_by_pack ON pack_audit (pack_id, id)",
        """
        CREATE TABLE pack_banned_creators (
            creator_id INTEGER PRIMARY KEY NOT NULL,
            banned_by INTEGER NOT NULL,
            reason TEXT NOT NULL,
            at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE pack_featured (
            pack_id TEXT PRIMARY KEY NOT NULL REFERENCES packs (id),
            since INTEGER NOT NULL,
            until INTEGER
        )
        """,
        // The prior mean C of the last score refresh: a rating reads one row instead of every pack.
        "CREATE TABLE pack_ranking (id INTEGER PRIMARY KEY CHECK (id = 1), prior_mean REAL NOT NULL, refreshed_at INTEGER NOT NULL)",
        // Written by the roll path (the gacha area creates the same table, also IF NOT EXISTS).
        """
        CREATE TABLE IF NOT EXISTS pack_draws (guild_id INTEGER NOT NULL, member_id INTEGER NOT NULL, pack_id TEXT NOT NULL, \
        day INTEGER NOT NULL, PRIMARY KEY (pack_id, day, guild_id, member_id))
        """,
        // Whether a member may rate: one lookup instead of a scan of the pack's days.
        "CREATE INDEX IF NOT EXISTS pack_draws_by_player ON pack_draws (guild_id, member_id, pack_id)",
    ]
}
