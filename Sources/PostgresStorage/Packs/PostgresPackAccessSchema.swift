import PostgresNIO

/// Pack access on PostgreSQL (migration `v8_pack_access`), as SQLite's `v9_pack_access`: a pack's
/// mode, absent for free packs, and members' points subscriptions, one row per (guild, member,
/// pack) kept across lapses so each period's charge key is new.
enum PostgresPackAccessSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE pack_access (
            pack_id TEXT PRIMARY KEY REFERENCES packs (id),
            mode TEXT NOT NULL CHECK (mode IN ('pro', 'subscription')),
            price BIGINT CHECK ((mode = 'subscription') = (price IS NOT NULL AND price > 0)),
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE pack_subscriptions (
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            pack_id TEXT NOT NULL REFERENCES packs (id),
            status TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'lapsed', 'ended')),
            price BIGINT NOT NULL CHECK (price > 0),
            period BIGINT NOT NULL CHECK (period >= 1),
            period_start BIGINT NOT NULL,
            period_end BIGINT NOT NULL CHECK (period_end > period_start),
            lapse_noticed BOOLEAN NOT NULL DEFAULT FALSE,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (guild_id, member_id, pack_id)
        )
        """,
        "CREATE INDEX pack_subscriptions_due ON pack_subscriptions (status, period_end)",
    ]
}
