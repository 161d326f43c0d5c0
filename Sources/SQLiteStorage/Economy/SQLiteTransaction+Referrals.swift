import Economy
import Foundation
import GRDB
import Storage

/// The economy area's referral primitives (codes, attributions, commissions) and the talk input of
/// the allocation.
extension SQLiteTransaction {
    public func referralCode(_ code: String) async throws -> ReferralCode? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM economy_referral_codes WHERE code = ?"), arguments: [code])
                .map(Self.referralCode)
        }
    }

    public func referralCode(packID: String) async throws -> ReferralCode? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM economy_referral_codes WHERE pack_id = ?"), arguments: [packID])
                .map(Self.referralCode)
        }
    }

    public func referral(member: MemberID) async throws -> Referral? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM economy_referrals WHERE member_id = ?"), arguments: [Int64(bitPattern: member.rawValue)]
            ).map { row in
                let creator: Int64 = row["creator_id"]
                return Referral(
                    member: member, code: row["code"], packID: row["pack_id"], creator: MemberID(UInt64(bitPattern: creator)),
                    redeemedAt: Timestamp(millisecondsSinceEpoch: row["redeemed_at"]), expiresAt: Timestamp(millisecondsSinceEpoch: row["expires_at"]))
            }
        }
    }

    public func referralCommissions(member: MemberID) async throws -> [ReferralCommission] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM economy_referral_commissions WHERE member_id = ? ORDER BY ordinal"),
                arguments: [Int64(bitPattern: member.rawValue)]
            ).map { row in
                let creator: Int64 = row["creator_id"]
                return ReferralCommission(
                    member: member, ordinal: row["ordinal"], invoiceID: row["invoice_id"], creator: MemberID(UInt64(bitPattern: creator)),
                    packID: row["pack_id"], code: row["code"], currency: row["currency"], invoiceAmount: row["invoice_amount"],
                    commission: row["commission"], fee: row["fee"], credit: row["credit"], at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    public func referralPack(_ packID: String) async throws -> (creator: MemberID, published: Bool)? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT creator_id, status FROM packs WHERE id = ?"), arguments: [packID]).map { row in
                let creator: Int64 = row["creator_id"]
                let status: String = row["status"]
                return (MemberID(UInt64(bitPattern: creator)), status == "published")
            }
        }
    }

    public func hasPaidRevenue(_ member: MemberID, before time: Timestamp) async throws -> Bool {
        try run { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: """
                    SELECT EXISTS (SELECT 1 FROM economy_transactions WHERE kind = 'revenue' AND user_id = ? AND at < ?)
                    """),
                arguments: [Int64(bitPattern: member.rawValue), time.millisecondsSinceEpoch]) ?? false
        }
    }

    public func packTalkTurns(fromDay: Int64, toDay: Int64) async throws -> [PackTalkRow] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.id AS pack_id, p.creator_id, t.member_id, t.at / 86400000 AS day, COUNT(*) AS turns FROM talk_turns t
                    JOIN packs p ON p.id = substr(t.character_id, 4, instr(substr(t.character_id, 4), ':') - 1)
                    WHERE t.role = 'member' AND t.character_id LIKE 'pk:%' AND t.at >= ? AND t.at < ? AND p.status = 'published'
                    GROUP BY p.id, p.creator_id, t.member_id, day
                    ORDER BY day, t.member_id, p.id
                    """),
                arguments: [fromDay * 86_400_000, toDay * 86_400_000]
            ).map { row in
                let creator: Int64 = row["creator_id"]
                let member: Int64 = row["member_id"]
                return PackTalkRow(
                    packID: row["pack_id"], creator: MemberID(UInt64(bitPattern: creator)), member: MemberID(UInt64(bitPattern: member)),
                    day: row["day"], turns: row["turns"])
            }
        }
    }

    public func insertReferralCode(_ code: ReferralCode) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO economy_referral_codes (code, pack_id, creator_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [code.code, code.packID, Int64(bitPattern: code.creator.rawValue), code.createdAt.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    public func insertReferral(_ r: Referral) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO economy_referrals (member_id, code, pack_id, creator_id, redeemed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    Int64(bitPattern: r.member.rawValue), r.code, r.packID, Int64(bitPattern: r.creator.rawValue),
                    r.redeemedAt.millisecondsSinceEpoch, r.expiresAt.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    public func insertReferralCommission(_ c: ReferralCommission) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO economy_referral_commissions
                    (member_id, ordinal, invoice_id, creator_id, pack_id, code, currency, invoice_amount, commission, fee, credit, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    Int64(bitPattern: c.member.rawValue), c.ordinal, c.invoiceID, Int64(bitPattern: c.creator.rawValue), c.packID, c.code,
                    c.currency, c.invoiceAmount, c.commission, c.fee, c.credit, c.at.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    static func referralCode(_ row: Row) -> ReferralCode {
        let creator: Int64 = row["creator_id"]
        return ReferralCode(
            code: row["code"], packID: row["pack_id"], creator: MemberID(UInt64(bitPattern: creator)),
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]))
    }
}
