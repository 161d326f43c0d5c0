import PostgresNIO

/// The tables of the `Cluster` module (migration `v13_cluster`). They live in the schema with
/// every other table, so one `gachabot migrate` creates them; the code that uses them is in
/// `Cluster` (decision 0031).
enum PostgresClusterSchema {
    static let statements: [PostgresQuery] = [
        // One row per identify bucket (`shard_id % max_concurrency`): a lease on the 5 s window.
        // A holder that dies leaves only its lease, which ends at `lease_until`.
        """
        CREATE TABLE cluster_identify_buckets (
            bucket INTEGER PRIMARY KEY CHECK (bucket >= 0),
            lease_until BIGINT NOT NULL,
            holder TEXT NOT NULL,
            shard_id INTEGER
        )
        """,
        // The day's identifies (`session_start_limit`), shared by every process. One row.
        """
        CREATE TABLE cluster_identify_budget (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            total INTEGER NOT NULL CHECK (total >= 0),
            remaining INTEGER NOT NULL,
            resets_at BIGINT NOT NULL
        )
        """,
        // Resumable gateway sessions per shard, so a process started on another machine resumes.
        """
        CREATE TABLE gateway_sessions (
            shard_id INTEGER PRIMARY KEY CHECK (shard_id >= 0),
            session_id TEXT NOT NULL,
            sequence BIGINT NOT NULL,
            resume_url TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        // Leases for cluster-wide duties; the row stays after a release so the fencing token
        // only ever grows.
        """
        CREATE TABLE cluster_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            token BIGINT NOT NULL CHECK (token >= 1),
            expires_at BIGINT NOT NULL
        )
        """,
        // Interactions claimed before their handler runs: the primary key decides who answers.
        // Pruned after Discord's 15-minute token lifetime (by `claimed_at`).
        "CREATE TABLE interaction_claims (interaction_id BIGINT PRIMARY KEY, claimed_at BIGINT NOT NULL)",
        "CREATE INDEX interaction_claims_by_time ON interaction_claims (claimed_at)",
        // Every process caches entitlements: a change notifies them all, from the writing
        // transaction (pg_notify is delivered at commit, and not at all on rollback), whoever wrote.
        """
        CREATE FUNCTION cluster_notify_entitlement() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                PERFORM pg_notify('gachabot_invalidate', 'entitlement:' || OLD.user_id);
            END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
                PERFORM pg_notify('gachabot_invalidate', 'entitlement:' || NEW.user_id);
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER cluster_notify_entitlement AFTER INSERT OR UPDATE OR DELETE ON premium_entitlements
        FOR EACH ROW EXECUTE FUNCTION cluster_notify_entitlement()
        """,
    ]
}
