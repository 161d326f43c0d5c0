/// The economy area's tables, as migration `v8_economy` (PostgreSQL's `v7_economy` matches).
enum EconomySchema {
    static let statements: [String] = [
        """
        CREATE TABLE economy_transactions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('revenue', 'refund', 'allocation', 'payout_requested', 'payout_paid', 'payout_failed')),
            reference TEXT NOT NULL,
            user_id INTEGER,
            at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX economy_transactions_by_reference ON economy_transactions (reference, id)",
        "CREATE INDEX economy_transactions_by_kind ON economy_transactions (kind, at)",
        """
        CREATE TABLE economy_entries (
            transaction_id INTEGER NOT NULL REFERENCES economy_transactions (id),
            line INTEGER NOT NULL,
            account TEXT NOT NULL CHECK (account <> ''),
            currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = lower(currency)),
            amount INTEGER NOT NULL CHECK (amount <> 0),
            at INTEGER NOT NULL,
            PRIMARY KEY (transaction_id, line)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX economy_entries_by_account ON economy_entries (account, currency, at)",
        "CREATE TRIGGER economy_transactions_no_update BEFORE UPDATE ON economy_transactions BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END",
        "CREATE TRIGGER economy_transactions_no_delete BEFORE DELETE ON economy_transactions BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END",
        "CREATE TRIGGER economy_entries_no_update BEFORE UPDATE ON economy_entries BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END",
        "CREATE TRIGGER economy_entries_no_delete BEFORE DELETE ON economy_entries BEGIN SELECT RAISE(ABORT, 'the money ledger is append-only'); END",
        """
        CREATE TABLE economy_allocation_runs (
            month TEXT PRIMARY KEY NOT NULL CHECK (length(month) = 7),
            report TEXT NOT NULL,
            at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE economy_payouts (
            id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
            creator_id INTEGER NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            amount INTEGER NOT NULL CHECK (amount > 0),
            status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
            reference TEXT,
            requested_at INTEGER NOT NULL,
            settled_at INTEGER
        ) WITHOUT ROWID
        """,
        "CREATE INDEX economy_payouts_by_status ON economy_payouts (status, requested_at)",
        "CREATE INDEX economy_payouts_by_creator ON economy_payouts (creator_id, requested_at)",
        "CREATE TABLE economy_verified_creators (user_id INTEGER PRIMARY KEY NOT NULL, verified_at INTEGER NOT NULL)",
    ]
}
