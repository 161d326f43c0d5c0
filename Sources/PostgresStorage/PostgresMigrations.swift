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
        // Pack draws (the gacha area records them; the packs area counts from them). Shared with
        // the packs area's own migration, hence IF NOT EXISTS.
        Migration(
            identifier: "v2b_pack_draws",
            statements: [
                """
                CREATE TABLE IF NOT EXISTS pack_draws (guild_id BIGINT NOT NULL, member_id BIGINT NOT NULL, \
                pack_id TEXT NOT NULL, day BIGINT NOT NULL, PRIMARY KEY (pack_id, day, guild_id, member_id))
                """
            ]
        ),
        // The premium area, as SQLite's v4_premium: processed Stripe events, entitlements,
        // Stripe customers, the append-only trials, usage meters with their audit, feature flags.
        Migration(
            identifier: "v3_premium",
            statements: [
                """
                CREATE TABLE premium_stripe_events (
                    event_id TEXT PRIMARY KEY CHECK (event_id <> ''),
                    type TEXT NOT NULL,
                    created BIGINT NOT NULL,
                    processed_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE premium_entitlements (
                    source TEXT NOT NULL CHECK (source IN ('stripe', 'discord', 'trial', 'gift')),
                    source_id TEXT NOT NULL CHECK (source_id <> ''),
                    user_id BIGINT NOT NULL,
                    guild_id BIGINT,
                    tier TEXT NOT NULL CHECK (tier <> ''),
                    status TEXT NOT NULL,
                    period_start BIGINT,
                    period_end BIGINT,
                    customer_id TEXT,
                    order_created BIGINT NOT NULL,
                    order_event TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (source, source_id)
                )
                """,
                "CREATE INDEX premium_entitlements_by_user ON premium_entitlements (user_id)",
                """
                CREATE TABLE premium_stripe_customers (
                    customer_id TEXT PRIMARY KEY CHECK (customer_id <> ''),
                    user_id BIGINT NOT NULL,
                    guild_id BIGINT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX premium_stripe_customers_by_user ON premium_stripe_customers (user_id)",
                """
                CREATE TABLE premium_trials (
                    user_id BIGINT PRIMARY KEY,
                    source TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    started_at BIGINT NOT NULL,
                    ends_at BIGINT NOT NULL CHECK (ends_at >= started_at)
                )
                """,
                """
                CREATE FUNCTION premium_trials_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'premium_trials is append-only'; END $$
                """,
                """
                CREATE TRIGGER premium_trials_append_only BEFORE UPDATE OR DELETE ON premium_trials
                FOR EACH ROW EXECUTE FUNCTION premium_trials_append_only()
                """,
                """
                CREATE TABLE premium_usage (
                    subject TEXT NOT NULL CHECK (subject <> ''),
                    meter TEXT NOT NULL CHECK (meter <> ''),
                    period_start BIGINT NOT NULL,
                    count BIGINT NOT NULL DEFAULT 0 CHECK (count >= 0),
                    warned_at BIGINT,
                    PRIMARY KEY (subject, meter, period_start)
                )
                """,
                """
                CREATE TABLE premium_usage_audit (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    subject TEXT NOT NULL,
                    meter TEXT NOT NULL,
                    period_start BIGINT NOT NULL,
                    delta BIGINT NOT NULL CHECK (delta > 0),
                    count_after BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX premium_usage_audit_by_key ON premium_usage_audit (subject, meter, period_start, id)",
                """
                CREATE TABLE premium_flags (
                    name TEXT PRIMARY KEY CHECK (name <> ''),
                    rollout BIGINT NOT NULL CHECK (rollout BETWEEN 0 AND 100),
                    killed BOOLEAN NOT NULL DEFAULT false,
                    guardrail TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE premium_flag_switch (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    killed BOOLEAN NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        // The talk area, as SQLite's v5_talk: conversation turns, the first talk per server,
        // long-term memories, the model-call ledger, and pack characters' post-history instructions.
        Migration(identifier: "v4_talk", statements: PostgresTalkSchema.statements),
        // As SQLite's v6_premium_runtime: the flags' change marker, the flags' audit, price
        // experiments' sticky assignments,
        // trial reminders (claimed before the DM) and trial ends (recorded once).
        Migration(
            identifier: "v5_premium_runtime",
            statements: [
                "CREATE TABLE premium_flags_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
                "INSERT INTO premium_flags_version (id, version) VALUES (1, 0)",
                """
                CREATE TABLE premium_flag_audit (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL,
                    rollout_before BIGINT NOT NULL,
                    rollout_after BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX premium_flag_audit_by_name ON premium_flag_audit (name, id)",
                """
                CREATE TABLE premium_experiment_assignments (
                    experiment TEXT NOT NULL CHECK (experiment <> ''),
                    user_id BIGINT NOT NULL,
                    variant TEXT NOT NULL CHECK (variant <> ''),
                    assigned_at BIGINT NOT NULL,
                    PRIMARY KEY (experiment, user_id)
                )
                """,
                """
                CREATE TABLE premium_trial_reminders (
                    user_id BIGINT PRIMARY KEY NOT NULL,
                    source_id TEXT NOT NULL,
                    ends_at BIGINT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('due', 'sending', 'sent', 'failed')),
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX premium_trial_reminders_by_state ON premium_trial_reminders (state, user_id)",
                """
                CREATE TABLE premium_trial_ends (
                    user_id BIGINT PRIMARY KEY NOT NULL,
                    outcome TEXT NOT NULL,
                    ended_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX premium_trials_by_end ON premium_trials (ends_at)",
            ]
        ),
        // Search reads a narrow side table of published packs (issue 14's p99 target): ranking
        // every match read each one's whole `packs` row. A trigger keeps it in step with every
        // write of a pack's text or status, in the writing transaction.
        Migration(
            identifier: "v6_pack_search",
            statements: [
                """
                CREATE TABLE pack_search (
                    id TEXT PRIMARY KEY REFERENCES packs (id) ON DELETE CASCADE,
                    search TSVECTOR NOT NULL
                )
                """,
                "CREATE INDEX pack_search_words ON pack_search USING GIN (search)",
                """
                CREATE FUNCTION pack_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'published' THEN
                        INSERT INTO pack_search (id, search) VALUES (NEW.id, NEW.search)
                        ON CONFLICT (id) DO UPDATE SET search = EXCLUDED.search;
                    ELSE
                        DELETE FROM pack_search WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$
                """,
                """
                CREATE TRIGGER packs_search_sync AFTER INSERT OR UPDATE OF status, name, description, tags_text ON packs
                FOR EACH ROW EXECUTE FUNCTION pack_search_sync()
                """,
                "INSERT INTO pack_search (id, search) SELECT id, search FROM packs WHERE status = 'published'",
            ]
        ),
        // The creator economy (issue 17), as SQLite's v8_economy, plus the payable versions that
        // make two debits of one creator's payable conflict (REPEATABLE READ, decision 0018).
        Migration(identifier: "v7_economy", statements: PostgresEconomySchema.statements),
        // Pack access (issue 17), as SQLite's v9_pack_access: free, Pro-only and points-subscription
        // packs, and members' subscriptions with their period number (each charge's ledger key).
        Migration(identifier: "v8_pack_access", statements: PostgresPackAccessSchema.statements),
        // The creators' side, as SQLite's v10_creators: the verification queue, DM notifications
        // and the per-creator row a capped publish writes.
        Migration(identifier: "v9_creators", statements: PostgresCreatorsSchema.statements),
        // Referral codes, attributions and commissions (issue 17, item 6), as SQLite's v11_referrals.
        Migration(identifier: "v10_referrals", statements: PostgresReferralSchema.statements),
        // Owner analytics (issue 18), as SQLite's v12_analytics: the read model a trigger keeps in
        // each event's transaction, backfilled from the events already stored (decision 0030).
        Migration(identifier: "v11_analytics", statements: PostgresAnalyticsSchema.statements),
        // /owner's alerts (issue 18), as SQLite's v13_owner_alerts.
        Migration(identifier: "v12_owner_alerts", statements: PostgresOwnerAlertsSchema.statements),
        // Scale-out (issue 19): what the `Cluster` module coordinates processes through. Times are
        // milliseconds since the epoch, passed in by the caller (decision 0031).
        Migration(identifier: "v13_cluster", statements: PostgresClusterSchema.statements),
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
