/// The analytics read model on SQLite (migration `v12_analytics`, decision 0030): per-member
/// first times and last activity, per-member activity days, daily rollups per guild, and
/// subscriptions and trials as their events describe them. A trigger on `analytics_events`
/// applies each inserted event in the same statement, hence the same transaction, as the kernel's
/// insert; `rebuild` replays every raw event through the same SQL (an INSTEAD OF trigger on a
/// view), so a rebuild cannot drift from the incremental path. Every update is a min, max or sum:
/// events applied in any order give the same rows.
enum AnalyticsSchema {
    /// What one event does to the read model, with the event as `NEW`.
    static let apply = """
        INSERT INTO analytics_members (guild_id, member_id, first_seen, first_roll, first_talk, first_trial, first_conversion, last_activity)
        VALUES (
            NEW.guild_id, NEW.member_id,
            CASE WHEN NEW.name = 'first_seen' THEN NEW.at END,
            CASE WHEN NEW.name IN ('roll', 'pull_5', 'pull_10') THEN NEW.at END,
            CASE WHEN NEW.name IN ('first_talk', 'talk') THEN NEW.at END,
            CASE WHEN NEW.name = 'trial_start' THEN NEW.at END,
            CASE WHEN NEW.name = 'conversion' THEN NEW.at END,
            CASE WHEN NEW.name <> 'first_seen' THEN NEW.at END)
        ON CONFLICT (guild_id, member_id) DO UPDATE SET
            first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen, excluded.first_seen),
            first_roll = coalesce(min(first_roll, excluded.first_roll), first_roll, excluded.first_roll),
            first_talk = coalesce(min(first_talk, excluded.first_talk), first_talk, excluded.first_talk),
            first_trial = coalesce(min(first_trial, excluded.first_trial), first_trial, excluded.first_trial),
            first_conversion = coalesce(min(first_conversion, excluded.first_conversion), first_conversion, excluded.first_conversion),
            last_activity = coalesce(max(last_activity, excluded.last_activity), last_activity, excluded.last_activity);
        INSERT INTO analytics_member_days (guild_id, day, member_id, talked)
        SELECT NEW.guild_id, NEW.at / 86400000, NEW.member_id, NEW.name IN ('first_talk', 'talk') WHERE NEW.name <> 'first_seen'
        ON CONFLICT (guild_id, day, member_id) DO UPDATE SET talked = max(talked, excluded.talked);
        INSERT INTO analytics_daily (guild_id, day, metric, key, value)
        SELECT NEW.guild_id, NEW.at / 86400000, r.metric, r.key, r.value FROM (
            SELECT 'minted' AS metric, coalesce(json_extract(NEW.properties, '$.reason'), '') AS key,
                coalesce(CAST(json_extract(NEW.properties, '$.amount') AS INTEGER), 0) AS value WHERE NEW.name = 'points_earned'
            UNION ALL SELECT 'burned', coalesce(json_extract(NEW.properties, '$.reason'), ''),
                coalesce(CAST(json_extract(NEW.properties, '$.amount') AS INTEGER), 0) WHERE NEW.name = 'points_spent'
            UNION ALL SELECT 'purchases', coalesce(json_extract(NEW.properties, '$.item'), ''), 1 WHERE NEW.name = 'shop_purchase'
            UNION ALL SELECT 'purchases', 'pack_subscription', 1 WHERE NEW.name = 'pack_subscribed'
            UNION ALL SELECT 'talk_calls', '', 1 WHERE NEW.name = 'ai_tokens'
            UNION ALL SELECT 'talk_tokens', '', coalesce(CAST(json_extract(NEW.properties, '$.tokens') AS INTEGER), 0) WHERE NEW.name = 'ai_tokens'
            UNION ALL SELECT 'talk_cost', '', coalesce(CAST(json_extract(NEW.properties, '$.cost_micros') AS INTEGER), 0) WHERE NEW.name = 'ai_tokens'
            UNION ALL SELECT 'tokens_per_call', CAST(coalesce(CAST(json_extract(NEW.properties, '$.tokens') AS INTEGER), 0) AS TEXT), 1 WHERE NEW.name = 'ai_tokens'
            UNION ALL SELECT 'revenue', lower(coalesce(json_extract(NEW.properties, '$.currency'), '')),
                CAST(json_extract(NEW.properties, '$.amount') AS INTEGER)
                WHERE NEW.name IN ('conversion', 'subscription_renewed') AND CAST(json_extract(NEW.properties, '$.amount') AS INTEGER) > 0
        ) AS r WHERE true
        ON CONFLICT (guild_id, day, metric, key) DO UPDATE SET value = value + excluded.value;
        INSERT INTO analytics_subscriptions (subscription_id, guild_id, member_id, paid_from, ended_at, amount_at, monthly_amount, currency)
        SELECT s.id, NEW.guild_id, NEW.member_id,
            CASE WHEN (NEW.name = 'conversion' AND s.amount > 0) OR NEW.name = 'subscription_renewed'
                OR (NEW.name = 'trial_end' AND json_extract(NEW.properties, '$.outcome') = 'active') THEN NEW.at END,
            CASE WHEN NEW.name = 'subscription_canceled' THEN NEW.at END,
            CASE WHEN s.priced THEN NEW.at END,
            CASE WHEN s.priced THEN coalesce(CAST(json_extract(NEW.properties, '$.monthly_amount') AS REAL),
                CASE WHEN json_extract(NEW.properties, '$.interval') = 'year' THEN s.amount / 12.0 ELSE CAST(s.amount AS REAL) END) END,
            lower(json_extract(NEW.properties, '$.currency'))
        FROM (
            SELECT json_extract(NEW.properties, '$.subscription') AS id, CAST(json_extract(NEW.properties, '$.amount') AS INTEGER) AS amount,
                NEW.name IN ('conversion', 'subscription_renewed') AND CAST(json_extract(NEW.properties, '$.amount') AS INTEGER) > 0 AS priced
        ) AS s
        WHERE NEW.name IN ('conversion', 'subscription_renewed', 'subscription_canceled', 'trial_start', 'trial_end') AND s.id IS NOT NULL
        ON CONFLICT (subscription_id) DO UPDATE SET
            guild_id = max(guild_id, excluded.guild_id),
            member_id = max(member_id, excluded.member_id),
            paid_from = coalesce(min(paid_from, excluded.paid_from), paid_from, excluded.paid_from),
            ended_at = coalesce(min(ended_at, excluded.ended_at), ended_at, excluded.ended_at),
            monthly_amount = CASE WHEN excluded.amount_at IS NOT NULL AND (amount_at IS NULL OR excluded.amount_at > amount_at
                OR (excluded.amount_at = amount_at AND excluded.monthly_amount > monthly_amount)) THEN excluded.monthly_amount ELSE monthly_amount END,
            amount_at = coalesce(max(amount_at, excluded.amount_at), amount_at, excluded.amount_at),
            currency = coalesce(max(currency, excluded.currency), currency, excluded.currency);
        INSERT INTO analytics_trials (member_id, guild_id, started_at, ends_at, ended, has_payment_method)
        SELECT NEW.member_id, NEW.guild_id,
            CASE WHEN NEW.name = 'trial_start' THEN NEW.at END,
            CASE WHEN NEW.name = 'trial_start' THEN CAST(json_extract(NEW.properties, '$.trial_end') AS INTEGER) * 1000 END,
            NEW.name = 'trial_end',
            CASE WHEN NEW.name = 'trial_start' THEN coalesce(json_extract(NEW.properties, '$.source'), 'stripe') <> 'local' END
        WHERE NEW.name IN ('trial_start', 'trial_end')
        ON CONFLICT (member_id) DO UPDATE SET
            guild_id = max(guild_id, excluded.guild_id),
            started_at = coalesce(min(started_at, excluded.started_at), started_at, excluded.started_at),
            ends_at = coalesce(max(ends_at, excluded.ends_at), ends_at, excluded.ends_at),
            ended = max(ended, excluded.ended),
            has_payment_method = coalesce(max(has_payment_method, excluded.has_payment_method), has_payment_method, excluded.has_payment_method);
        """

    static let tables: [String] = [
        """
        CREATE TABLE analytics_members (
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            first_seen INTEGER,
            first_roll INTEGER,
            first_talk INTEGER,
            first_trial INTEGER,
            first_conversion INTEGER,
            last_activity INTEGER,
            PRIMARY KEY (guild_id, member_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX analytics_members_by_first_seen ON analytics_members (guild_id, first_seen)",
        // One row per member and UTC day with any activity event: distinct active (and talking) members.
        """
        CREATE TABLE analytics_member_days (
            guild_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            talked INTEGER NOT NULL,
            PRIMARY KEY (guild_id, day, member_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE analytics_daily (
            guild_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            metric TEXT NOT NULL,
            key TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (guild_id, day, metric, key)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE analytics_subscriptions (
            subscription_id TEXT PRIMARY KEY,
            guild_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            paid_from INTEGER,
            ended_at INTEGER,
            amount_at INTEGER,
            monthly_amount REAL,
            currency TEXT
        ) WITHOUT ROWID
        """,
        // A user has at most one trial (either path), so the user is the key.
        """
        CREATE TABLE analytics_trials (
            member_id INTEGER PRIMARY KEY,
            guild_id INTEGER NOT NULL,
            started_at INTEGER,
            ends_at INTEGER,
            ended INTEGER NOT NULL,
            has_payment_method INTEGER
        )
        """,
        "CREATE INDEX analytics_members_by_first_seen_all ON analytics_members (first_seen)",
        "CREATE INDEX analytics_members_by_member ON analytics_members (member_id)",
        "CREATE INDEX analytics_daily_by_day ON analytics_daily (day, metric)",
        "CREATE INDEX analytics_member_days_by_day ON analytics_member_days (day)",
        "CREATE VIEW analytics_replay AS SELECT name, guild_id, member_id, at, properties FROM analytics_events WHERE 0",
        "CREATE TRIGGER analytics_events_read_model AFTER INSERT ON analytics_events BEGIN\n\(apply)\nEND",
        "CREATE TRIGGER analytics_replay_read_model INSTEAD OF INSERT ON analytics_replay BEGIN\n\(apply)\nEND",
    ]

    /// Empties the read model and replays every raw event in insertion order.
    static let rebuild: [String] = [
        "DELETE FROM analytics_members",
        "DELETE FROM analytics_member_days",
        "DELETE FROM analytics_daily",
        "DELETE FROM analytics_subscriptions",
        "DELETE FROM analytics_trials",
        "INSERT INTO analytics_replay (name, guild_id, member_id, at, properties) SELECT name, guild_id, member_id, at, properties FROM analytics_events ORDER BY id",
    ]

    /// The migration: the tables and triggers, then the backfill from the events already stored.
    static var migration: [String] { tables + rebuild }
}
