/// Pack access (migration `v9_pack_access`): a pack's mode, absent for free packs, and members'
/// points subscriptions, one row per (guild, member, pack) kept across lapses so each period's
/// charge key is new. The sweep reads `pack_subscriptions_due`.
enum PackAccessSchema {
    static let sqlite: [String] = [
        """
        CREATE TABLE pack_access (
            pack_id TEXT PRIMARY KEY NOT NULL REFERENCES packs (id),
            mode TEXT NOT NULL CHECK (mode IN ('pro', 'subscription')),
            price INTEGER CHECK ((mode = 'subscription') = (price IS NOT NULL AND price > 0)),
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE pack_subscriptions (
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            pack_id TEXT NOT NULL REFERENCES packs (id),
            status TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'lapsed', 'ended')),
            price INTEGER NOT NULL CHECK (price > 0),
            period INTEGER NOT NULL CHECK (period >= 1),
            period_start INTEGER NOT NULL,
            period_end INTEGER NOT NULL CHECK (period_end > period_start),
            lapse_noticed INTEGER NOT NULL DEFAULT 0 CHECK (lapse_noticed IN (0, 1)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (guild_id, member_id, pack_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX pack_subscriptions_due ON pack_subscriptions (status, period_end)",
    ]
}
