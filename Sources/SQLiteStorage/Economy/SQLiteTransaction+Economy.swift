import Economy
import Foundation
import GRDB
import Storage

/// The economy area's primitives: the money ledger, allocation runs and payouts.
extension SQLiteTransaction: EconomyTransaction {
    // MARK: Money ledger

    public func moneyTransaction(idempotencyKey: String) async throws -> MoneyTransaction? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM economy_transactions WHERE idempotency_key = ?"), arguments: [idempotencyKey]
            ).map { try Self.moneyTransaction($0, db) }
        }
    }

    public func moneyTransactions(reference: String) async throws -> [MoneyTransaction] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM economy_transactions WHERE reference = ? ORDER BY id"), arguments: [reference]
            ).map { try Self.moneyTransaction($0, db) }
        }
    }

    public func moneyBalances(_ account: MoneyAccount) async throws -> [String: Int64] {
        try run { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT currency, SUM(amount) AS total FROM economy_entries WHERE account = ? GROUP BY currency"),
                arguments: [account.rawValue])
            return Dictionary(uniqueKeysWithValues: rows.map { (row: Row) -> (String, Int64) in (row["currency"], row["total"]) })
        }
    }

    public func moneyTotals(_ account: MoneyAccount, kind: MoneyTransactionKind?, from: Timestamp, to: Timestamp) async throws
        -> [String: Int64]
    {
        try run { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT e.currency, SUM(e.amount) AS total FROM economy_entries e
                    JOIN economy_transactions t ON t.id = e.transaction_id
                    WHERE e.account = ? AND e.at >= ? AND e.at < ? AND (? IS NULL OR t.kind = ?)
                    GROUP BY e.currency
                    """),
                arguments: [account.rawValue, from.millisecondsSinceEpoch, to.millisecondsSinceEpoch, kind?.rawValue, kind?.rawValue])
            return Dictionary(uniqueKeysWithValues: rows.map { (row: Row) -> (String, Int64) in (row["currency"], row["total"]) })
        }
    }

    public func moneyPostings(_ account: MoneyAccount, limit: Int) async throws -> [MoneyPosting] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT t.idempotency_key, t.kind, t.reference, t.at, e.currency, e.amount FROM economy_entries e
                    JOIN economy_transactions t ON t.id = e.transaction_id
                    WHERE e.account = ? ORDER BY e.at DESC, e.transaction_id DESC, e.line DESC LIMIT ?
                    """),
                arguments: [account.rawValue, limit]
            ).map { row in
                MoneyPosting(
                    idempotencyKey: row["idempotency_key"], kind: try Self.kind(row["kind"]), reference: row["reference"],
                    at: Timestamp(millisecondsSinceEpoch: row["at"]),
                    entry: MoneyEntry(account: account, currency: row["currency"], amount: row["amount"]))
            }
        }
    }

    public func creatorPayables() async throws -> [(account: MoneyAccount, currency: String, balance: Int64)] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT account, currency, SUM(amount) AS total FROM economy_entries WHERE account LIKE 'creator_payable:%'
                    GROUP BY account, currency HAVING SUM(amount) <> 0 ORDER BY account, currency
                    """)
            ).map { (row: Row) -> (account: MoneyAccount, currency: String, balance: Int64) in
                (MoneyAccount(rawValue: row["account"]), row["currency"], row["total"])
            }
        }
    }

    public func moneyDiscrepancies() async throws -> [MoneyDiscrepancy] {
        try run { db in
            let unbalanced = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.idempotency_key, e.currency, SUM(e.amount) AS total FROM economy_entries e
                    JOIN economy_transactions t ON t.id = e.transaction_id
                    GROUP BY t.id, e.currency HAVING SUM(e.amount) <> 0 ORDER BY t.id, e.currency
                    """
            ).map { MoneyDiscrepancy.unbalanced(idempotencyKey: $0["idempotency_key"], currency: $0["currency"], sum: $0["total"]) }
            let empty = try Row.fetchAll(
                db,
                sql: """
                    SELECT idempotency_key FROM economy_transactions t
                    WHERE NOT EXISTS (SELECT 1 FROM economy_entries e WHERE e.transaction_id = t.id) ORDER BY id
                    """
            ).map { MoneyDiscrepancy.unbalanced(idempotencyKey: $0["idempotency_key"], currency: "", sum: 0) }
            let negative = try Row.fetchAll(
                db,
                sql: """
                    SELECT account, currency, SUM(amount) AS total FROM economy_entries WHERE account LIKE 'creator_payable:%'
                    GROUP BY account, currency HAVING SUM(amount) > 0 ORDER BY account, currency
                    """
            ).map { row -> MoneyDiscrepancy in
                let total: Int64 = row["total"]
                return .negativePayable(account: MoneyAccount(rawValue: row["account"]), currency: row["currency"], balance: -total)
            }
            return unbalanced + empty + negative
        }
    }

    public func postMoneyTransaction(_ transaction: MoneyTransaction) async throws -> Bool {
        if let problem = transaction.problem { throw StoreError.constraintViolation(problem) }
        return try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO economy_transactions (idempotency_key, kind, reference, user_id, at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                """)
                .execute(arguments: [
                    transaction.idempotencyKey, transaction.kind.rawValue, transaction.reference,
                    transaction.user.map { Int64(bitPattern: $0.rawValue) }, transaction.at.millisecondsSinceEpoch,
                ])
            guard db.changesCount > 0 else { return false }
            let id = db.lastInsertedRowID
            let insert = try db.cachedStatement(
                sql: "INSERT INTO economy_entries (transaction_id, line, account, currency, amount, at) VALUES (?, ?, ?, ?, ?, ?)")
            for (line, entry) in transaction.entries.enumerated() {
                try insert.execute(arguments: [
                    id, line, entry.account.rawValue, entry.currency, entry.amount, transaction.at.millisecondsSinceEpoch,
                ])
            }
            // A payable is owed money: a transaction that leaves one in debit is refused (and the
            // throw rolls it back with everything else in the write).
            for entry in transaction.entries where entry.account.creator != nil && entry.amount > 0 {
                let balance = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT SUM(amount) FROM economy_entries WHERE account = ? AND currency = ?"),
                    arguments: [entry.account.rawValue, entry.currency]) ?? 0
                if balance > 0 {
                    throw StoreError.constraintViolation("\(entry.account) would owe the platform \(balance) \(entry.currency)")
                }
            }
            return true
        }
    }

    // MARK: Allocation inputs

    public func packEngagement(fromDay: Int64, toDay: Int64) async throws -> [PackEngagementRow] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT DISTINCT d.pack_id, p.creator_id, d.member_id, d.day FROM pack_draws d
                    JOIN packs p ON p.id = d.pack_id
                    WHERE d.day >= ? AND d.day < ? AND p.status = 'published'
                    ORDER BY d.day, d.member_id, d.pack_id
                    """),
                arguments: [fromDay, toDay]
            ).map { row in
                let creator: Int64 = row["creator_id"]
                let member: Int64 = row["member_id"]
                return PackEngagementRow(
                    packID: row["pack_id"], creator: MemberID(UInt64(bitPattern: creator)), member: MemberID(UInt64(bitPattern: member)),
                    day: row["day"])
            }
        }
    }

    public func paidProMembers(from: Timestamp, to: Timestamp) async throws -> Set<MemberID> {
        try run { db in
            let ids = try Int64.fetchAll(
                db.cachedStatement(sql: """
                    SELECT user_id FROM premium_entitlements
                    WHERE source IN ('stripe', 'discord') AND COALESCE(period_start, 0) < ? AND (period_end IS NULL OR period_end > ?)
                    UNION
                    SELECT user_id FROM economy_transactions WHERE kind = 'revenue' AND user_id IS NOT NULL AND at >= ? AND at < ?
                    """),
                arguments: [to.millisecondsSinceEpoch, from.millisecondsSinceEpoch, from.millisecondsSinceEpoch, to.millisecondsSinceEpoch])
            return Set(ids.map { MemberID(UInt64(bitPattern: $0)) })
        }
    }

    public func allocationRun(month: String) async throws -> AllocationRun? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM economy_allocation_runs WHERE month = ?"), arguments: [month]).map {
                AllocationRun(month: $0["month"], report: $0["report"], at: Timestamp(millisecondsSinceEpoch: $0["at"]))
            }
        }
    }

    public func recordAllocationRun(_ allocation: AllocationRun) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO economy_allocation_runs (month, report, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [allocation.month, allocation.report, allocation.at.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    // MARK: Payouts

    public func payout(_ id: String) async throws -> PayoutRecord? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM economy_payouts WHERE id = ?"), arguments: [id]).map(Self.payoutRecord)
        }
    }

    public func payouts(status: PayoutStatus?, creator: MemberID?) async throws -> [PayoutRecord] {
        try run { db in
            let creatorID = creator.map { Int64(bitPattern: $0.rawValue) }
            return try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM economy_payouts WHERE (? IS NULL OR status = ?) AND (? IS NULL OR creator_id = ?)
                    ORDER BY requested_at DESC, id DESC
                    """),
                arguments: [status?.rawValue, status?.rawValue, creatorID, creatorID]
            ).map(Self.payoutRecord)
        }
    }

    public func insertPayout(_ p: PayoutRecord) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO economy_payouts (id, creator_id, currency, amount, status, reference, requested_at, settled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .execute(arguments: [
                    p.id, Int64(bitPattern: p.creator.rawValue), p.currency, p.amount, p.status.rawValue, p.reference,
                    p.requestedAt.millisecondsSinceEpoch, p.settledAt?.millisecondsSinceEpoch,
                ])
        }
    }

    public func settlePayout(_ id: String, status: PayoutStatus, reference: String?, at: Timestamp) async throws -> Bool {
        guard status != .pending else { throw StoreError.constraintViolation("a payout settles to paid or failed, not pending") }
        return try run { db in
            try db.cachedStatement(sql: """
                UPDATE economy_payouts SET status = ?, reference = ?, settled_at = ? WHERE id = ? AND status = 'pending'
                """)
                .execute(arguments: [status.rawValue, reference, at.millisecondsSinceEpoch, id])
            return db.changesCount > 0
        }
    }

    // MARK: Verified creators

    public func creatorVerifiedAt(_ creator: MemberID) async throws -> Timestamp? {
        try run { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT verified_at FROM economy_verified_creators WHERE user_id = ?"),
                arguments: [Int64(bitPattern: creator.rawValue)]
            ).map { Timestamp(millisecondsSinceEpoch: $0) }
        }
    }

    public func verifiedCreators() async throws -> [(creator: MemberID, verifiedAt: Timestamp)] {
        try run { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT user_id, verified_at FROM economy_verified_creators ORDER BY user_id"))
                .map { (row: Row) -> (creator: MemberID, verifiedAt: Timestamp) in
                    let user: Int64 = row["user_id"]
                    return (MemberID(UInt64(bitPattern: user)), Timestamp(millisecondsSinceEpoch: row["verified_at"]))
                }
                .sorted { $0.creator.rawValue < $1.creator.rawValue }
        }
    }

    public func setCreatorVerified(_ creator: MemberID, verified: Bool, at: Timestamp) async throws -> Bool {
        try run { db in
            let user = Int64(bitPattern: creator.rawValue)
            if verified {
                try db.cachedStatement(sql: "INSERT INTO economy_verified_creators (user_id, verified_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .execute(arguments: [user, at.millisecondsSinceEpoch])
            } else {
                try db.cachedStatement(sql: "DELETE FROM economy_verified_creators WHERE user_id = ?").execute(arguments: [user])
            }
            return db.changesCount > 0
        }
    }

    // MARK: Mapping

    static func kind(_ text: String) throws -> MoneyTransactionKind {
        guard let kind = MoneyTransactionKind(rawValue: text) else { throw StoreError.corruptData("unknown money transaction kind \(text)") }
        return kind
    }

    static func moneyTransaction(_ row: Row, _ db: Database) throws -> MoneyTransaction {
        let id: Int64 = row["id"]
        let user: Int64? = row["user_id"]
        let entries = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT account, currency, amount FROM economy_entries WHERE transaction_id = ? ORDER BY line"),
            arguments: [id]
        ).map { MoneyEntry(account: MoneyAccount(rawValue: $0["account"]), currency: $0["currency"], amount: $0["amount"]) }
        return MoneyTransaction(
            idempotencyKey: row["idempotency_key"], kind: try kind(row["kind"]), reference: row["reference"],
            user: user.map { MemberID(UInt64(bitPattern: $0)) }, at: Timestamp(millisecondsSinceEpoch: row["at"]), entries: entries)
    }

    static func payoutRecord(_ row: Row) throws -> PayoutRecord {
        let creator: Int64 = row["creator_id"]
        let status: String = row["status"]
        let settled: Int64? = row["settled_at"]
        guard let payoutStatus = PayoutStatus(rawValue: status) else { throw StoreError.corruptData("unknown payout status \(status)") }
        return PayoutRecord(
            id: row["id"], creator: MemberID(UInt64(bitPattern: creator)), currency: row["currency"], amount: row["amount"],
            status: payoutStatus, reference: row["reference"], requestedAt: Timestamp(millisecondsSinceEpoch: row["requested_at"]),
            settledAt: settled.map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}

extension SQLiteStore: EconomyStore {}
