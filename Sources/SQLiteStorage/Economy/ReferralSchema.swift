/// Referral codes, attributions and commissions, as migration `v11_referrals` (PostgreSQL's
/// `v10_referrals` matches). Unique constraints decide every duplicate (decision 0019): one code
/// per pack, one attribution per member ever, one commission per invoice and per (member, ordinal).
enum ReferralSchema {
    static let statements: [String] = [
        """
        CREATE TABLE economy_referral_codes (
            code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 8),
            pack_id TEXT NOT NULL UNIQUE CHECK (pack_id <> ''),
            creator_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE economy_referrals (
            member_id INTEGER PRIMARY KEY NOT NULL,
            code TEXT NOT NULL REFERENCES economy_referral_codes (code),
            pack_id TEXT NOT NULL,
            creator_id INTEGER NOT NULL,
            redeemed_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > redeemed_at)
        )
        """,
        "CREATE INDEX economy_referrals_by_creator ON economy_referrals (creator_id, redeemed_at)",
        """
        CREATE TABLE economy_referral_commissions (
            member_id INTEGER NOT NULL,
            ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
            invoice_id TEXT NOT NULL UNIQUE CHECK (invoice_id <> ''),
            creator_id INTEGER NOT NULL,
            pack_id TEXT NOT NULL,
            code TEXT NOT NULL,
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            invoice_amount INTEGER NOT NULL CHECK (invoice_amount > 0),
            commission INTEGER NOT NULL CHECK (commission > 0),
            fee INTEGER NOT NULL CHECK (fee >= 0),
            credit INTEGER NOT NULL CHECK (credit >= 0 AND credit + fee = commission),
            at INTEGER NOT NULL,
            PRIMARY KEY (member_id, ordinal)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX economy_referral_commissions_by_creator ON economy_referral_commissions (creator_id, at)",
        // `hasPaidRevenue`: a member's revenue before a time.
        "CREATE INDEX economy_transactions_by_user ON economy_transactions (user_id, kind, at)",
    ]
}
