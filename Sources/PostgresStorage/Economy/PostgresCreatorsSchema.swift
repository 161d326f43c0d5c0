import PostgresNIO

/// The creators' tables, as migration `v9_creators` (SQLite's `v10_creators` matches).
enum PostgresCreatorsSchema {
    static let statements: [PostgresQuery] = [
        "CREATE TABLE creator_verification_queue (user_id BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        """
        CREATE TABLE creator_notification_settings (
            user_id BIGINT NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            enabled BOOLEAN NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (user_id, kind)
        )
        """,
        "CREATE TABLE creator_notification_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), last_event_id BIGINT NOT NULL)",
        """
        CREATE TABLE creator_notifications (
            event_id BIGINT PRIMARY KEY,
            user_id BIGINT NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            next_attempt_at BIGINT,
            last_error TEXT
        )
        """,
        "CREATE INDEX creator_notifications_due ON creator_notifications (next_attempt_at, event_id) WHERE status = 'pending'",
        "CREATE INDEX creator_notifications_by_user ON creator_notifications (user_id, event_id)",
        "CREATE TABLE creator_publish_claims (user_id BIGINT PRIMARY KEY, at BIGINT NOT NULL)",
    ]
}
