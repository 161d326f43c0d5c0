import Economy
import PostgresNIO
import Storage

/// The economy area's referral primitives (codes, attributions, commissions) and the talk input of
/// the allocation.
extension PostgresTransaction {
    public func referralCode(_ code: String) async throws -> ReferralCode? {
        try await rows("SELECT code, pack_id, creator_id, created_at FROM economy_referral_codes WHERE code = \(code)")
            .first.map(Self.referralCode)
    }

    public func referralCode(packID: String) async throws -> ReferralCode? {
        try await rows("SELECT code, pack_id, creator_id, created_at FROM economy_referral_codes WHERE pack_id = \(packID)")
            .first.map(Self.referralCode)
    }

    public func referral(member: MemberID) async throws -> Referral? {
        try await rows("""
            SELECT code, pack_id, creator_id, redeemed_at, expires_at FROM economy_referrals WHERE member_id = \(Self.id(member.rawValue))
            """).first.map { row in
            let (code, pack, creator, redeemed, expires) = try row.decode((String, String, Int64, Int64, Int64).self)
            return Referral(
                member: member, code: code, packID: pack, creator: MemberID(UInt64(bitPattern: creator)),
                redeemedAt: Timestamp(millisecondsSinceEpoch: redeemed), expiresAt: Timestamp(millisecondsSinceEpoch: expires))
        }
    }

    public func referralCommissions(member: MemberID) async throws -> [ReferralCommission] {
        try await rows("""
            SELECT ordinal, invoice_id, creator_id, pack_id, code, currency, invoice_amount, commission, fee, credit, at
            FROM economy_referral_commissions WHERE member_id = \(Self.id(member.rawValue)) ORDER BY ordinal
            """).map { row in
            let (ordinal, invoice, creator, pack, code, currency, amount, commission, fee, credit, at) = try row.decode(
                (Int64, String, Int64, String, String, String, Int64, Int64, Int64, Int64, Int64).self)
            return ReferralCommission(
                member: member, ordinal: ordinal, invoiceID: invoice, creator: MemberID(UInt64(bitPattern: creator)), packID: pack,
                code: code, currency: currency, invoiceAmount: amount, commission: commission, fee: fee, credit: credit,
                at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    public func referralPack(_ packID: String) async throws -> (creator: MemberID, published: Bool)? {
        try await rows("SELECT creator_id, status FROM packs WHERE id = \(packID)").first.map { row in
            let (creator, status) = try row.decode((Int64, String).self)
            return (MemberID(UInt64(bitPattern: creator)), status == "published")
        }
    }

    public func hasPaidRevenue(_ member: MemberID, before time: Timestamp) async throws -> Bool {
        try await !rows("""
            SELECT 1 FROM economy_transactions
            WHERE kind = 'revenue' AND user_id = \(Self.id(member.rawValue)) AND at < \(time.millisecondsSinceEpoch) LIMIT 1
            """).isEmpty
    }

    public func packTalkTurns(fromDay: Int64, toDay: Int64) async throws -> [PackTalkRow] {
        try await rows("""
            SELECT p.id, p.creator_id, t.member_id, (t.at / 86400000)::BIGINT AS day, COUNT(*)::BIGINT FROM talk_turns t
            JOIN packs p ON p.id = split_part(t.character_id, ':', 2)
            WHERE t.role = 'member' AND t.character_id LIKE 'pk:%' AND t.at >= \(fromDay * 86_400_000) AND t.at < \(toDay * 86_400_000)
                AND p.status = 'published'
            GROUP BY p.id, p.creator_id, t.member_id, day
            ORDER BY day, t.member_id, p.id
            """).map { row in
            let (pack, creator, member, day, turns) = try row.decode((String, Int64, Int64, Int64, Int64).self)
            return PackTalkRow(
                packID: pack, creator: MemberID(UInt64(bitPattern: creator)), member: MemberID(UInt64(bitPattern: member)), day: day,
                turns: turns)
        }
    }

    public func insertReferralCode(_ code: ReferralCode) async throws -> Bool {
        try await !rows("""
            INSERT INTO economy_referral_codes (code, pack_id, creator_id, created_at)
            VALUES (\(code.code), \(code.packID), \(Self.id(code.creator.rawValue)), \(code.createdAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func insertReferral(_ r: Referral) async throws -> Bool {
        try await !rows("""
            INSERT INTO economy_referrals (member_id, code, pack_id, creator_id, redeemed_at, expires_at)
            VALUES (\(Self.id(r.member.rawValue)), \(r.code), \(r.packID), \(Self.id(r.creator.rawValue)),
                \(r.redeemedAt.millisecondsSinceEpoch), \(r.expiresAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func insertReferralCommission(_ c: ReferralCommission) async throws -> Bool {
        try await !rows("""
            INSERT INTO economy_referral_commissions
                (member_id, ordinal, invoice_id, creator_id, pack_id, code, currency, invoice_amount, commission, fee, credit, at)
            VALUES (\(Self.id(c.member.rawValue)), \(c.ordinal), \(c.invoiceID), \(Self.id(c.creator.rawValue)), \(c.packID), \(c.code),
                \(c.currency), \(c.invoiceAmount), \(c.commission), \(c.fee), \(c.credit), \(c.at.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    static func referralCode(_ row: PostgresRow) throws -> ReferralCode {
        let (code, pack, creator, created) = try row.decode((String, String, Int64, Int64).self)
        return ReferralCode(
            code: code, packID: pack, creator: MemberID(UInt64(bitPattern: creator)), createdAt: Timestamp(millisecondsSinceEpoch: created))
    }
}
