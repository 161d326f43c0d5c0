import PostgresNIO

/// Referral codes, attributions and commissions, as migration `v10_referrals` (SQLite's
/// `v11_referrals` matches). Unique constraints decide every duplicate (decision 0019); under
/// REPEATABLE READ a conflict with a row committed after the snapshot fails with 40001 and the
/// body re-runs, so two redemptions or two invoices at once resolve as one after the other.
enum PostgresReferralSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE economy_referral_codes (
            code TEXT PRIMARY KEY CHECK (length(code) = 8),
            pack_id TEXT NOT NULL UNIQUE CHECK (pack_id <> ''),
            creator_id BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE economy_referrals (
            member_id BIGINT PRIMARY KEY,
            code TEXT NOT NULL REFERENCES economy_referral_codes (code),
            pack_id TEXT NOT NULL,
            creator_id BIGINT NOT NULL,
            redeemed_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL CHECK (expires_at > redeemed_at)
        )
        """,
        "CREATE INDEX economy_referrals_by_creator ON economy_referrals (creator_id, redeemed_at)",
        """
        CREATE TABLE economy_referral_commissions (
            member_id BIGINT NOT NULL,
            ordinal BIGINT NOT NULL CHECK (ordinal >= 1),
            invoice_id TEXT NOT NULL UNIQUE CHECK (invoice_id <> ''),
            creator_id BIGINT NOT NULL,
            pack_id TEXT NOT NULL,
            code TEXT NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            invoice_amount BIGINT NOT NULL CHECK (invoice_amount > 0),
            commission BIGINT NOT NULL CHECK (commission > 0),
            fee BIGINT NOT NULL CHECK (fee >= 0),
            credit BIGINT NOT NULL CHECK (credit >= 0 AND credit + fee = commission),
            at BIGINT NOT NULL,
            PRIMARY KEY (member_id, ordinal)
        )
        """,
        "CREATE INDEX economy_referral_commissions_by_creator ON economy_referral_commissions (creator_id, at)",
        "CREATE INDEX economy_transactions_by_user ON economy_transactions (user_id, kind, at)",
    ]
}
