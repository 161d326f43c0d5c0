import PostgresNIO

/// The alerts area's tables, as migration `v12_owner_alerts` (SQLite's `v13_owner_alerts` matches).
enum PostgresOwnerAlertsSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE owner_alert_webhooks (
            guild_id BIGINT PRIMARY KEY,
            webhook_id BIGINT NOT NULL,
            webhook_token TEXT NOT NULL CHECK (webhook_token <> ''),
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE owner_alerts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('pro_conversion', 'low_activity', 'payment_failures', 'ai_cost')),
            guild_id BIGINT NOT NULL,
            day BIGINT NOT NULL,
            message TEXT NOT NULL,
            raised_at BIGINT NOT NULL,
            UNIQUE (kind, guild_id, day)
        )
        """,
        "CREATE INDEX owner_alerts_by_guild ON owner_alerts (guild_id, id)",
        """
        CREATE TABLE owner_alert_deliveries (
            alert_id BIGINT NOT NULL REFERENCES owner_alerts (id),
            target TEXT NOT NULL CHECK (target IN ('guild', 'operator')),
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'abandoned')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at BIGINT,
            delivered_at BIGINT,
            last_error TEXT,
            PRIMARY KEY (alert_id, target),
            CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
        )
        """,
        "CREATE INDEX owner_alert_deliveries_due ON owner_alert_deliveries (next_attempt_at) WHERE state = 'pending'",
    ]
}
