import PostgresNIO

/// The analytics read model on PostgreSQL, as migration `v11_analytics` (SQLite's `v12_analytics`
/// matches; decision 0030). `analytics_apply(event)` is what one event does to the read model;
/// a row trigger on `analytics_events` calls it in the inserting statement, and a rebuild calls it
/// for every stored event in id order. Updates are LEAST, GREATEST and sums, so any order of the
/// same events gives the same rows.
enum PostgresAnalyticsSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE analytics_members (
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            first_seen BIGINT,
            first_roll BIGINT,
            first_talk BIGINT,
            first_trial BIGINT,
            first_conversion BIGINT,
            last_activity BIGINT,
            PRIMARY KEY (guild_id, member_id)
        )
        """,
        "CREATE INDEX analytics_members_by_first_seen ON analytics_members (guild_id, first_seen)",
        "CREATE INDEX analytics_members_by_first_seen_all ON analytics_members (first_seen)",
        "CREATE INDEX analytics_members_by_member ON analytics_members (member_id)",
        """
        CREATE TABLE analytics_member_days (
            guild_id BIGINT NOT NULL,
            day BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            talked INTEGER NOT NULL,
            PRIMARY KEY (guild_id, day, member_id)
        )
        """,
        "CREATE INDEX analytics_member_days_by_day ON analytics_member_days (day)",
        """
        CREATE TABLE analytics_daily (
            guild_id BIGINT NOT NULL,
            day BIGINT NOT NULL,
            metric TEXT NOT NULL,
            key TEXT NOT NULL,
            value BIGINT NOT NULL,
            PRIMARY KEY (guild_id, day, metric, key)
        )
        """,
        "CREATE INDEX analytics_daily_by_day ON analytics_daily (day, metric)",
        """
        CREATE TABLE analytics_subscriptions (
            subscription_id TEXT PRIMARY KEY,
            guild_id BIGINT NOT NULL,
            member_id BIGINT NOT NULL,
            paid_from BIGINT,
            ended_at BIGINT,
            amount_at BIGINT,
            monthly_amount DOUBLE PRECISION,
            currency TEXT
        )
        """,
        """
        CREATE TABLE analytics_trials (
            member_id BIGINT PRIMARY KEY,
            guild_id BIGINT NOT NULL,
            started_at BIGINT,
            ends_at BIGINT,
            ended INTEGER NOT NULL,
            has_payment_method INTEGER
        )
        """,
        // A property that is not an integer counts as 0 rather than failing the event's transaction.
        """
        CREATE FUNCTION analytics_int(value TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN value ~ '^-?[0-9]{1,18}$' THEN value::BIGINT ELSE 0 END
        $$
        """,
        """
        CREATE FUNCTION analytics_apply(e analytics_events) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            p JSONB := e.properties::JSONB;
            d BIGINT := e.at / 86400000;
            amount BIGINT := analytics_int(p ->> 'amount');
            priced BOOLEAN := e.name IN ('conversion', 'subscription_renewed') AND analytics_int(p ->> 'amount') > 0;
        BEGIN
            INSERT INTO analytics_members AS m
                (guild_id, member_id, first_seen, first_roll, first_talk, first_trial, first_conversion, last_activity)
            VALUES (
                e.guild_id, e.member_id,
                CASE WHEN e.name = 'first_seen' THEN e.at END,
                CASE WHEN e.name IN ('roll', 'pull_5', 'pull_10') THEN e.at END,
                CASE WHEN e.name IN ('first_talk', 'talk') THEN e.at END,
                CASE WHEN e.name = 'trial_start' THEN e.at END,
                CASE WHEN e.name = 'conversion' THEN e.at END,
                CASE WHEN e.name <> 'first_seen' THEN e.at END)
            ON CONFLICT (guild_id, member_id) DO UPDATE SET
                first_seen = LEAST(m.first_seen, EXCLUDED.first_seen),
                first_roll = LEAST(m.first_roll, EXCLUDED.first_roll),
                first_talk = LEAST(m.first_talk, EXCLUDED.first_talk),
                first_trial = LEAST(m.first_trial, EXCLUDED.first_trial),
                first_conversion = LEAST(m.first_conversion, EXCLUDED.first_conversion),
                last_activity = GREATEST(m.last_activity, EXCLUDED.last_activity);

            IF e.name <> 'first_seen' THEN
                INSERT INTO analytics_member_days AS a (guild_id, day, member_id, talked)
                VALUES (e.guild_id, d, e.member_id, CASE WHEN e.name IN ('first_talk', 'talk') THEN 1 ELSE 0 END)
                ON CONFLICT (guild_id, day, member_id) DO UPDATE SET talked = GREATEST(a.talked, EXCLUDED.talked);
            END IF;

            INSERT INTO analytics_daily AS r (guild_id, day, metric, key, value)
            SELECT e.guild_id, d, x.metric, x.key, x.value FROM (
                SELECT 'minted' AS metric, COALESCE(p ->> 'reason', '') AS key, amount AS value WHERE e.name = 'points_earned'
                UNION ALL SELECT 'burned', COALESCE(p ->> 'reason', ''), amount WHERE e.name = 'points_spent'
                UNION ALL SELECT 'purchases', COALESCE(p ->> 'item', ''), 1 WHERE e.name = 'shop_purchase'
                UNION ALL SELECT 'purchases', 'pack_subscription', 1 WHERE e.name = 'pack_subscribed'
                UNION ALL SELECT 'talk_calls', '', 1 WHERE e.name = 'ai_tokens'
                UNION ALL SELECT 'talk_tokens', '', analytics_int(p ->> 'tokens') WHERE e.name = 'ai_tokens'
                UNION ALL SELECT 'talk_cost', '', analytics_int(p ->> 'cost_micros') WHERE e.name = 'ai_tokens'
                UNION ALL SELECT 'tokens_per_call', analytics_int(p ->> 'tokens')::TEXT, 1 WHERE e.name = 'ai_tokens'
                UNION ALL SELECT 'revenue', lower(COALESCE(p ->> 'currency', '')), amount WHERE priced
            ) AS x
            ON CONFLICT (guild_id, day, metric, key) DO UPDATE SET value = r.value + EXCLUDED.value;

            IF e.name IN ('conversion', 'subscription_renewed', 'subscription_canceled', 'trial_start', 'trial_end')
                AND p ->> 'subscription' IS NOT NULL THEN
                INSERT INTO analytics_subscriptions AS s
                    (subscription_id, guild_id, member_id, paid_from, ended_at, amount_at, monthly_amount, currency)
                VALUES (
                    p ->> 'subscription', e.guild_id, e.member_id,
                    CASE WHEN (e.name = 'conversion' AND amount > 0) OR e.name = 'subscription_renewed'
                        OR (e.name = 'trial_end' AND p ->> 'outcome' = 'active') THEN e.at END,
                    CASE WHEN e.name = 'subscription_canceled' THEN e.at END,
                    CASE WHEN priced THEN e.at END,
                    CASE WHEN priced THEN COALESCE(CASE WHEN p ->> 'monthly_amount' ~ '^[0-9]{1,15}([.][0-9]{1,6})?$'
                        THEN (p ->> 'monthly_amount')::DOUBLE PRECISION END,
                        CASE WHEN p ->> 'interval' = 'year' THEN amount / 12.0 ELSE amount::DOUBLE PRECISION END) END,
                    lower(p ->> 'currency'))
                ON CONFLICT (subscription_id) DO UPDATE SET
                    guild_id = GREATEST(s.guild_id, EXCLUDED.guild_id),
                    member_id = GREATEST(s.member_id, EXCLUDED.member_id),
                    paid_from = LEAST(s.paid_from, EXCLUDED.paid_from),
                    ended_at = LEAST(s.ended_at, EXCLUDED.ended_at),
                    monthly_amount = CASE WHEN EXCLUDED.amount_at IS NOT NULL AND (s.amount_at IS NULL OR EXCLUDED.amount_at > s.amount_at
                        OR (EXCLUDED.amount_at = s.amount_at AND EXCLUDED.monthly_amount > s.monthly_amount))
                        THEN EXCLUDED.monthly_amount ELSE s.monthly_amount END,
                    amount_at = GREATEST(s.amount_at, EXCLUDED.amount_at),
                    currency = GREATEST(s.currency, EXCLUDED.currency);
            END IF;

            IF e.name IN ('trial_start', 'trial_end') THEN
                INSERT INTO analytics_trials AS t (member_id, guild_id, started_at, ends_at, ended, has_payment_method)
                VALUES (
                    e.member_id, e.guild_id,
                    CASE WHEN e.name = 'trial_start' THEN e.at END,
                    CASE WHEN e.name = 'trial_start' THEN analytics_int(p ->> 'trial_end') * 1000 END,
                    CASE WHEN e.name = 'trial_end' THEN 1 ELSE 0 END,
                    CASE WHEN e.name = 'trial_start' THEN CASE WHEN COALESCE(p ->> 'source', 'stripe') <> 'local' THEN 1 ELSE 0 END END)
                ON CONFLICT (member_id) DO UPDATE SET
                    guild_id = GREATEST(t.guild_id, EXCLUDED.guild_id),
                    started_at = LEAST(t.started_at, EXCLUDED.started_at),
                    ends_at = GREATEST(t.ends_at, EXCLUDED.ends_at),
                    ended = GREATEST(t.ended, EXCLUDED.ended),
                    has_payment_method = GREATEST(t.has_payment_method, EXCLUDED.has_payment_method);
            END IF;
        END
        $$
        """,
        """
        CREATE FUNCTION analytics_events_read_model() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM analytics_apply(NEW);
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER analytics_events_read_model AFTER INSERT ON analytics_events
            FOR EACH ROW EXECUTE FUNCTION analytics_events_read_model()
        """,
    ] + rebuild

    /// Empties the read model and applies every stored event in id order.
    static let rebuild: [PostgresQuery] = [
        "DELETE FROM analytics_members",
        "DELETE FROM analytics_member_days",
        "DELETE FROM analytics_daily",
        "DELETE FROM analytics_subscriptions",
        "DELETE FROM analytics_trials",
        """
        DO $$
        DECLARE e analytics_events;
        BEGIN
            FOR e IN SELECT * FROM analytics_events ORDER BY id LOOP
                PERFORM analytics_apply(e);
            END LOOP;
        END
        $$
        """,
    ]
}
