/// The creators' side of the economy, as migration `v10_creators` (PostgreSQL's `v9_creators`
/// matches): the verification queue, the DM notifications with their per-kind switches and the
/// outbox cursor, and one row per creator that every capped publish writes (on PostgreSQL two
/// publishes at once then conflict and one re-runs on the other's count).
enum CreatorsSchema {
    static let statements: [String] = [
        "CREATE TABLE creator_verification_queue (user_id INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)",
        """
        CREATE TABLE creator_notification_settings (
            user_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, kind)
        ) WITHOUT ROWID
        """,
        "CREATE TABLE creator_notification_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), last_event_id INTEGER NOT NULL)",
        """
        CREATE TABLE creator_notifications (
            event_id INTEGER PRIMARY KEY NOT NULL,
            user_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            next_attempt_at INTEGER,
            last_error TEXT
        )
        """,
        "CREATE INDEX creator_notifications_due ON creator_notifications (next_attempt_at, event_id) WHERE status = 'pending'",
        "CREATE INDEX creator_notifications_by_user ON creator_notifications (user_id, event_id)",
        "CREATE TABLE creator_publish_claims (user_id INTEGER PRIMARY KEY NOT NULL, at INTEGER NOT NULL)",
    ]
}
