import PostgresNIO

/// The packs area's tables on PostgreSQL (migration `v2_packs`): the same columns, keys and checks
/// as SQLite's, scores precomputed on `packs` with one index per browse sort, and search over a
/// generated `tsvector` (the `simple` configuration: no stemming, the same words SQLite's FTS5
/// matches) under a GIN index.
enum PostgresPacksSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE packs (
            id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 32 AND strpos(id, ':') = 0),
            creator_id BIGINT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            tags_text TEXT NOT NULL DEFAULT '',
            cover TEXT,
            version BIGINT NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'hidden', 'removed')),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            published_at BIGINT,
            character_count BIGINT NOT NULL DEFAULT 0 CHECK (character_count >= 0),
            open_reports BIGINT NOT NULL DEFAULT 0 CHECK (open_reports >= 0),
            rating_count BIGINT NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
            rating_sum BIGINT NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
            score_rating DOUBLE PRECISION NOT NULL DEFAULT 0,
            score_trending BIGINT NOT NULL DEFAULT 0,
            score_usage BIGINT NOT NULL DEFAULT 0,
            search TSVECTOR GENERATED ALWAYS AS (
                to_tsvector('simple'::regconfig, name || ' ' || description || ' ' || tags_text)) STORED
        )
        """,
        "CREATE INDEX packs_by_creator ON packs (creator_id, created_at)",
        "CREATE INDEX packs_by_status ON packs (status, created_at)",
        "CREATE INDEX packs_top_rated ON packs (status, score_rating DESC, id)",
        "CREATE INDEX packs_trending ON packs (status, score_trending DESC, id)",
        "CREATE INDEX packs_new ON packs (status, published_at DESC, id)",
        "CREATE INDEX packs_most_used ON packs (status, score_usage DESC, id)",
        "CREATE INDEX packs_search ON packs USING GIN (search)",
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
            retired BOOLEAN NOT NULL DEFAULT FALSE,
            position BIGINT NOT NULL,
            PRIMARY KEY (pack_id, character_id)
        )
        """,
        """
        CREATE TABLE pack_guilds (
            guild_id BIGINT NOT NULL,
            pack_id TEXT NOT NULL REFERENCES packs (id),
            enabled_by BIGINT NOT NULL,
            enabled_at BIGINT NOT NULL,
            PRIMARY KEY (guild_id, pack_id)
        )
        """,
        "CREATE INDEX pack_guilds_by_pack ON pack_guilds (pack_id, guild_id)",
        "CREATE TABLE pack_pool_versions (guild_id BIGINT PRIMARY KEY, version BIGINT NOT NULL CHECK (version >= 0))",
        """
        CREATE TABLE pack_ratings (
            pack_id TEXT NOT NULL REFERENCES packs (id),
            member_id BIGINT NOT NULL,
            guild_id BIGINT NOT NULL,
            stars BIGINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
            review TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (pack_id, member_id)
        )
        """,
        "CREATE INDEX pack_ratings_by_time ON pack_ratings (pack_id, updated_at)",
        """
        CREATE TABLE pack_reports (
            pack_id TEXT NOT NULL REFERENCES packs (id),
            reporter_id BIGINT NOT NULL,
            guild_id BIGINT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('spam', 'hateful', 'sexual', 'copyright', 'other')),
            at BIGINT NOT NULL,
            resolved_at BIGINT,
            PRIMARY KEY (pack_id, reporter_id)
        )
        """,
        "CREATE INDEX pack_reports_open ON pack_reports (at) WHERE resolved_at IS NULL",
        """
        CREATE TABLE pack_audit (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            pack_id TEXT NOT NULL,
            actor_id BIGINT NOT NULL,
            action TEXT NOT NULL CHECK (action <> ''),
            reason TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX pack_audit_by_pack ON pack_audit (pack_id, id)",
        """
        CREATE TABLE pack_banned_creators (
            creator_id BIGINT PRIMARY KEY,
            banned_by BIGINT NOT NULL,
            reason TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE TABLE pack_featured (pack_id TEXT PRIMARY KEY REFERENCES packs (id), since BIGINT NOT NULL, until BIGINT)",
        // The prior mean C of the last score refresh: a rating reads one row instead of every pack.
        "CREATE TABLE pack_ranking (id BIGINT PRIMARY KEY CHECK (id = 1), prior_mean DOUBLE PRECISION NOT NULL, refreshed_at BIGINT NOT NULL)",
        // Written by the roll path (the gacha area creates the same table, also IF NOT EXISTS).
        """
        CREATE TABLE IF NOT EXISTS pack_draws (guild_id BIGINT NOT NULL, member_id BIGINT NOT NULL, pack_id TEXT NOT NULL, \
        day BIGINT NOT NULL, PRIMARY KEY (pack_id, day, guild_id, member_id))
        """,
        "CREATE INDEX IF NOT EXISTS pack_draws_by_player ON pack_draws (guild_id, member_id, pack_id)",
        // Pack images, readable by every process on every machine that reaches the database.
        "CREATE TABLE blobs (address TEXT PRIMARY KEY CHECK (length(address) = 64), bytes BYTEA NOT NULL)",
    ]
}
