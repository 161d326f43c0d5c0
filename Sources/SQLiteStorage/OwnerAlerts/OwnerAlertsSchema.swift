/// The alerts area's tables, as migration `v13_owner_alerts` (PostgreSQL's `v12_owner_alerts`
/// matches).
enum OwnerAlertsSchema {
    static let statements: [String] = [
        """
        CREATE TABLE owner_alert_webhooks (
            guild_id INTEGER PRIMARY KEY NOT NULL,
            webhook_id INTEGER NOT NULL,
            webhook_token TEXT NOT NULL CHECK (webhook_token <> ''),
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE owner_alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('pro_conversion', 'low_activity', 'payment_failures', 'ai_cost')),
            guild_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            message TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            UNIQUE (kind, guild_id, day)
        )
        """,
        "CREATE INDEX owner_alerts_by_guild ON owner_alerts (guild_id, id)",
        """
        CREATE TABLE owner_alert_deliveries (
            alert_id INTEGER NOT NULL REFERENCES owner_alerts (id),
            target TEXT NOT NULL CHECK (target IN ('guild', 'operator')),
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'abandoned')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at INTEGER,
            delivered_at INTEGER,
            last_error TEXT,
            PRIMARY KEY (alert_id, target),
            CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
        ) WITHOUT ROWID
        """,
        "CREATE INDEX owner_alert_deliveries_due ON owner_alert_deliveries (next_attempt_at) WHERE state = 'pending'",
    ]
}
