import GRDB
import Storage

/// The schema, as an ordered list of migrations. Never edit a migration that has shipped: append a
/// new one. Ids are stored as signed 64-bit integers (Discord ids fit; the bit pattern is kept).
/// Each table belongs to the kernel or to one area; an area's tables carry its prefix (`gacha_`).
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
        ),
        // The kernel (players, guilds, users, ledger) splits from the gacha area's state; pulls gain
        // the member's stored choices. Rows are copied, then the old tables dropped.
        Migration(
            identifier: "v2_kernel_and_areas",
            statements: [
                """
                CREATE TABLE players (
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    first_seen INTEGER NOT NULL,
                    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
                    PRIMARY KEY (guild_id, member_id)
                ) WITHOUT ROWID
                """,
                "CREATE TABLE guilds (guild_id INTEGER PRIMARY KEY NOT NULL, first_seen INTEGER NOT NULL)",
                "CREATE TABLE users (user_id INTEGER PRIMARY KEY NOT NULL, first_seen INTEGER NOT NULL)",
                "INSERT INTO players (guild_id, member_id, first_seen, balance) SELECT guild_id, member_id, first_seen, balance FROM members",
                "INSERT INTO guilds (guild_id, first_seen) SELECT guild_id, MIN(first_seen) FROM members GROUP BY guild_id",
                "INSERT INTO users (user_id, first_seen) SELECT member_id, MIN(first_seen) FROM members GROUP BY member_id",
                """
                CREATE TABLE ledger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount <> 0),
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    idempotency_key TEXT NOT NULL CHECK (idempotency_key <> ''),
                    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
                    created_at INTEGER NOT NULL,
                    UNIQUE (guild_id, member_id, idempotency_key),
                    FOREIGN KEY (guild_id, member_id) REFERENCES players (guild_id, member_id)
                )
                """,
                """
                INSERT INTO ledger (id, guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at)
                SELECT id, guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at FROM ledger_entries
                """,
                "CREATE INDEX ledger_by_player ON ledger (guild_id, member_id, id)",
                """
                CREATE TABLE gacha_members (
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
                    PRIMARY KEY (guild_id, member_id),
                    FOREIGN KEY (guild_id, member_id) REFERENCES players (guild_id, member_id)
                ) WITHOUT ROWID
                """,
                """
                INSERT INTO gacha_members SELECT guild_id, member_id, first_seen, pity_legendary, pity_epic, rolls_stored,
                    rolls_as_of, extra_rolls, streak_length, streak_last_day FROM members
                """,
                """
                CREATE TABLE gacha_inventory (
                    guild_id INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    character_id TEXT NOT NULL CHECK (character_id <> ''),
                    acquired_at INTEGER NOT NULL,
                    PRIMARY KEY (guild_id, member_id, character_id),
                    FOREIGN KEY (guild_id, member_id) REFERENCES gacha_members (guild_id, member_id)
                ) WITHOUT ROWID
                """,
                "INSERT INTO gacha_inventory SELECT guild_id, member_id, character_id, acquired_at FROM inventory",
                """
                CREATE TABLE gacha_pulls (
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
                    choices TEXT CHECK (choices IS NULL OR status = 'pending'),
                    FOREIGN KEY (guild_id, member_id) REFERENCES gacha_members (guild_id, member_id)
                )
                """,
                """
                INSERT INTO gacha_pulls (id, guild_id, member_id, item_id, price, items, created_at, expires_at, status, resolved_at)
                SELECT id, guild_id, member_id, item_id, price, items, created_at, expires_at, status, resolved_at FROM pending_pulls
                """,
                "CREATE INDEX gacha_pulls_by_expiry ON gacha_pulls (status, expires_at)",
                "CREATE INDEX gacha_pulls_by_player ON gacha_pulls (guild_id, member_id, status)",
                "DROP TABLE pending_pulls",
                "DROP TABLE inventory",
                "DROP TABLE ledger_entries",
                "DROP TABLE members",
            ]
        ),
        // Creator packs (issue 14): packs, their characters, guild enablement and pool versions,
        // ratings, reports, the moderation audit, bans, featured packs, the draws the roll path
        // records, and full-text search (FTS5, keyed by `packs.seq`).
        Migration(identifier: "v3_packs", statements: PacksSchema.sqlite),
        // Pack draws (the gacha area records them; the packs area counts from them). Shared with
        // the packs area's own migration, hence IF NOT EXISTS.
        Migration(
            identifier: "v3b_pack_draws",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS pack_draws (guild_id INTEGER NOT NULL, member_id INTEGER NOT NULL, \
                pack_id TEXT NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (pack_id, day, guild_id, member_id))
                """
            ]
        ),
        // The premium area: processed Stripe events, entitlements from every source, Stripe
        // customers, the append-only trials, usage meters with their audit, feature flags.
        Migration(
            identifier: "v4_premium",
            statements: [
                """
                CREATE TABLE premium_stripe_events (
                    event_id TEXT PRIMARY KEY NOT NULL CHECK (event_id <> ''),
                    type TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    processed_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE premium_entitlements (
                    source TEXT NOT NULL CHECK (source IN ('stripe', 'discord', 'trial', 'gift')),
                    source_id TEXT NOT NULL CHECK (source_id <> ''),
                    user_id INTEGER NOT NULL,
                    guild_id INTEGER,
                    tier TEXT NOT NULL CHECK (tier <> ''),
                    status TEXT NOT NULL,
                    period_start INTEGER,
                    period_end INTEGER,
                    customer_id TEXT,
                    order_created INTEGER NOT NULL,
                    order_event TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (source, source_id)
                ) WITHOUT ROWID
                """,
                "CREATE INDEX premium_entitlements_by_user ON premium_entitlements (user_id)",
                """
                CREATE TABLE premium_stripe_customers (
                    customer_id TEXT PRIMARY KEY NOT NULL CHECK (customer_id <> ''),
                    user_id INTEGER NOT NULL,
                    guild_id INTEGER,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                "CREATE INDEX premium_stripe_customers_by_user ON premium_stripe_customers (user_id)",
                """
                CREATE TABLE premium_trials (
                    user_id INTEGER PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL CHECK (ends_at >= started_at)
                )
                """,
                """
                CREATE TRIGGER premium_trials_no_update BEFORE UPDATE ON premium_trials
                BEGIN SELECT RAISE(ABORT, 'premium_trials is append-only'); END
                """,
                """
                CREATE TRIGGER premium_trials_no_delete BEFORE DELETE ON premium_trials
                BEGIN SELECT RAISE(ABORT, 'premium_trials is append-only'); END
                """,
                """
                CREATE TABLE premium_usage (
                    subject TEXT NOT NULL CHECK (subject <> ''),
                    meter TEXT NOT NULL CHECK (meter <> ''),
                    period_start INTEGER NOT NULL,
                    count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
                    warned_at INTEGER,
                    PRIMARY KEY (subject, meter, period_start)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE premium_usage_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    subject TEXT NOT NULL,
                    meter TEXT NOT NULL,
                    period_start INTEGER NOT NULL,
                    delta INTEGER NOT NULL CHECK (delta > 0),
                    count_after INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX premium_usage_audit_by_key ON premium_usage_audit (subject, meter, period_start, id)",
                """
                CREATE TABLE premium_flags (
                    name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
                    rollout INTEGER NOT NULL CHECK (rollout BETWEEN 0 AND 100),
                    killed INTEGER NOT NULL DEFAULT 0 CHECK (killed IN (0, 1)),
                    guardrail TEXT,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE premium_flag_switch (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    killed INTEGER NOT NULL CHECK (killed IN (0, 1)),
                    updated_at INTEGER NOT NULL
                )
                """,
            ]
        ),
        // The talk area (issue 16): conversation turns per (member, server, character), long-term
        // memories per (member, character), the once-per-server first talk, the model-call ledger;
        // and the card's `post_history_instructions` for pack characters.
        Migration(identifier: "v5_talk", statements: TalkSchema.sqlite),
        // Premium at run time: the flags' change marker every flag write bumps (processes poll it,
        // decision 0027), the flags' audit of who changed a rollout and why (the guardrail), and
        // price experiments' sticky assignments,
        // trial reminders (claimed before the DM) and trial ends (recorded once).
        Migration(
            identifier: "v6_premium_runtime",
            statements: [
                "CREATE TABLE premium_flags_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
                "INSERT INTO premium_flags_version (id, version) VALUES (1, 0)",
                """
                CREATE TABLE premium_flag_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    rollout_before INTEGER NOT NULL,
                    rollout_after INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX premium_flag_audit_by_name ON premium_flag_audit (name, id)",
                """
                CREATE TABLE premium_experiment_assignments (
                    experiment TEXT NOT NULL CHECK (experiment <> ''),
                    user_id INTEGER NOT NULL,
                    variant TEXT NOT NULL CHECK (variant <> ''),
                    assigned_at INTEGER NOT NULL,
                    PRIMARY KEY (experiment, user_id)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE premium_trial_reminders (
                    user_id INTEGER PRIMARY KEY NOT NULL,
                    source_id TEXT NOT NULL,
                    ends_at INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('due', 'sending', 'sent', 'failed')),
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                "CREATE INDEX premium_trial_reminders_by_state ON premium_trial_reminders (state, user_id)",
                """
                CREATE TABLE premium_trial_ends (
                    user_id INTEGER PRIMARY KEY NOT NULL,
                    outcome TEXT NOT NULL,
                    ended_at INTEGER NOT NULL
                ) WITHOUT ROWID
                """,
                "CREATE INDEX premium_trials_by_end ON premium_trials (ends_at)",
            ]
        ),
        // Search ranks before it joins (issue 14's p99 target): FTS5 keeps prefix indexes for 2, 3
        // and 4 characters, so a short typed prefix reads one index entry instead of every term it
        // starts. FTS5 options cannot be altered, so the table is built again from the old one's
        // stored text.
        Migration(
            identifier: "v7_pack_search_prefixes",
            statements: [
                "ALTER TABLE packs_fts RENAME TO packs_fts_v3",
                "CREATE VIRTUAL TABLE packs_fts USING fts5(name, description, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
                "INSERT INTO packs_fts (rowid, name, description, tags) SELECT rowid, name, description, tags FROM packs_fts_v3",
                "DROP TABLE packs_fts_v3",
            ]
        ),
        // The creator economy (issue 17): the money ledger (double entry, integer minor units, one
        // unique idempotency key per transaction, append-only), the monthly allocation runs and
        // payout requests. Apart from the points ledger on purpose (decision 0029).
        Migration(identifier: "v8_economy", statements: EconomySchema.statements),
        // Pack access (issue 17): free, Pro-only and points-subscription packs, and members'
        // subscriptions with their period number (each charge's ledger key).
        Migration(identifier: "v9_pack_access", statements: PackAccessSchema.sqlite),
        // The creators' side (issue 17, items 5 and 7): the verification queue, DM notifications
        // read from the outbox, and the per-creator row a capped publish writes.
        Migration(identifier: "v10_creators", statements: CreatorsSchema.statements),
        // Referral codes, attributions and commissions (issue 17, item 6; docs/economy.md).
        Migration(identifier: "v11_referrals", statements: ReferralSchema.statements),
        // Owner analytics (issue 18): the read model the `analytics_events` trigger keeps in each
        // event's transaction, backfilled from the events already stored (decision 0030).
        Migration(identifier: "v12_analytics", statements: AnalyticsSchema.migration),
        // /owner's alerts (issue 18): guild webhooks, alerts unique per (kind, guild, day), and
        // each alert's deliveries with their attempts and backoff.
        Migration(identifier: "v13_owner_alerts", statements: OwnerAlertsSchema.statements),
        // Interactions claimed once (issue 19): one indexed insert before each handler, so a replay
        // after a restart that resumed an older sequence is not answered twice. Pruned by time.
        Migration(
            identifier: "v14_cluster",
            statements: [
                "CREATE TABLE interaction_claims (interaction_id INTEGER PRIMARY KEY, claimed_at INTEGER NOT NULL)",
                "CREATE INDEX interaction_claims_by_time ON interaction_claims (claimed_at)",
            ]
        ),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    /// Refuses a database that a newer binary migrated: its unknown migrations may mean tables
    /// this binary would misread.
    static func check(_ pool: DatabasePool) throws {
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(all.map(\.identifier)).sorted()
        if !unknown.isEmpty {
            throw StoreOpenError.schemaNewerThanBinary(database: "sqlite:\(pool.path)", unknownMigrations: unknown)
        }
    }
}
