import PostgresNIO

/// The economy area's tables, as migration `v7_economy` (SQLite's `v8_economy` matches).
enum PostgresEconomySchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE economy_transactions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('revenue', 'refund', 'allocation', 'payout_requested', 'payout_paid', 'payout_failed')),
            reference TEXT NOT NULL,
            user_id BIGINT,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX economy_transactions_by_reference ON economy_transactions (reference, id)",
        "CREATE INDEX economy_transactions_by_kind ON economy_transactions (kind, at)",
        """
        CREATE TABLE economy_entries (
            transaction_id BIGINT NOT NULL REFERENCES economy_transactions (id),
            line INTEGER NOT NULL,
            account TEXT NOT NULL CHECK (account <> ''),
            currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = lower(currency)),
            amount BIGINT NOT NULL CHECK (amount <> 0),
            at BIGINT NOT NULL,
            PRIMARY KEY (transaction_id, line)
        )
        """,
        "CREATE INDEX economy_entries_by_account ON economy_entries (account, currency, at)",
        """
        CREATE FUNCTION economy_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the money ledger is append-only'; END $$
        """,
        """
        CREATE TRIGGER economy_transactions_append_only BEFORE UPDATE OR DELETE ON economy_transactions
        FOR EACH ROW EXECUTE FUNCTION economy_append_only()
        """,
        """
        CREATE TRIGGER economy_entries_append_only BEFORE UPDATE OR DELETE ON economy_entries
        FOR EACH ROW EXECUTE FUNCTION economy_append_only()
        """,
        """
        CREATE TABLE economy_payable_versions (
            account TEXT PRIMARY KEY,
            version BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE economy_allocation_runs (
            month TEXT PRIMARY KEY CHECK (length(month) = 7),
            report TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE economy_payouts (
            id TEXT PRIMARY KEY CHECK (id <> ''),
            creator_id BIGINT NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount BIGINT NOT NULL CHECK (amount > 0),
            status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
            reference TEXT,
            requested_at BIGINT NOT NULL,
            settled_at BIGINT
        )
        """,
        "CREATE INDEX economy_payouts_by_status ON economy_payouts (status, requested_at)",
        "CREATE INDEX economy_payouts_by_creator ON economy_payouts (creator_id, requested_at)",
        "CREATE TABLE economy_verified_creators (user_id BIGINT PRIMARY KEY, verified_at BIGINT NOT NULL)",
    ]
}
