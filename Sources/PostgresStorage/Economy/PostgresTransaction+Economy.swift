import Economy
import PostgresNIO
import Storage

/// The economy area's primitives: the money ledger, allocation runs and payouts.
extension PostgresTransaction: EconomyTransaction {
    // MARK: Money ledger

    static let transactionColumns = "id, idempotency_key, kind, reference, user_id, at"

    public func moneyTransaction(idempotencyKey: String) async throws -> MoneyTransaction? {
        guard
            let row = try await rows("""
                SELECT \(unescaped: Self.transactionColumns) FROM economy_transactions WHERE idempotency_key = \(idempotencyKey)
                """).first
        else { return nil }
        return try await moneyTransaction(row)
    }

    public func moneyTransactions(reference: String) async throws -> [MoneyTransaction] {
        var result: [MoneyTransaction] = []
        for row in try await rows("""
            SELECT \(unescaped: Self.transactionColumns) FROM economy_transactions WHERE reference = \(reference) ORDER BY id
            """)
        {
            result.append(try await moneyTransaction(row))
        }
        return result
    }

    public func moneyBalances(_ account: MoneyAccount) async throws -> [String: Int64] {
        try await totals(rows("""
            SELECT currency, SUM(amount)::BIGINT FROM economy_entries WHERE account = \(account.rawValue) GROUP BY currency
            """))
    }

    public func moneyTotals(_ account: MoneyAccount, kind: MoneyTransactionKind?, from: Timestamp, to: Timestamp) async throws
        -> [String: Int64]
    {
        try await totals(rows("""
            SELECT e.currency, SUM(e.amount)::BIGINT FROM economy_entries e JOIN economy_transactions t ON t.id = e.transaction_id
            WHERE e.account = \(account.rawValue) AND e.at >= \(from.millisecondsSinceEpoch) AND e.at < \(to.millisecondsSinceEpoch)
                AND (\(kind?.rawValue)::TEXT IS NULL OR t.kind = \(kind?.rawValue)::TEXT)
            GROUP BY e.currency
            """))
    }

    func totals(_ rows: [PostgresRow]) throws -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for row in rows {
            let (currency, total) = try row.decode((String, Int64).self)
            totals[currency] = total
        }
        return totals
    }

    public func moneyPostings(_ account: MoneyAccount, limit: Int) async throws -> [MoneyPosting] {
        try await rows("""
            SELECT t.idempotency_key, t.kind, t.reference, t.at, e.currency, e.amount FROM economy_entries e
            JOIN economy_transactions t ON t.id = e.transaction_id
            WHERE e.account = \(account.rawValue) ORDER BY e.at DESC, e.transaction_id DESC, e.line DESC LIMIT \(Int64(limit))
            """).map { row in
            let (key, kind, reference, at, currency, amount) = try row.decode((String, String, String, Int64, String, Int64).self)
            return MoneyPosting(
                idempotencyKey: key, kind: try Self.kind(kind), reference: reference, at: Timestamp(millisecondsSinceEpoch: at),
                entry: MoneyEntry(account: account, currency: currency, amount: amount))
        }
    }

    public func creatorPayables() async throws -> [(account: MoneyAccount, currency: String, balance: Int64)] {
        try await rows("""
            SELECT account, currency, SUM(amount)::BIGINT FROM economy_entries WHERE starts_with(account, 'creator_payable:')
            GROUP BY account, currency HAVING SUM(amount) <> 0 ORDER BY account COLLATE "C", currency COLLATE "C"
            """).map { row in
            let (account, currency, total) = try row.decode((String, String, Int64).self)
            return (MoneyAccount(rawValue: account), currency, total)
        }
    }

    public func moneyDiscrepancies() async throws -> [MoneyDiscrepancy] {
        let unbalanced = try await rows("""
            SELECT t.idempotency_key, e.currency, SUM(e.amount)::BIGINT FROM economy_entries e
            JOIN economy_transactions t ON t.id = e.transaction_id
            GROUP BY t.id, t.idempotency_key, e.currency HAVING SUM(e.amount) <> 0 ORDER BY t.id, e.currency
            """).map { row in
            let (key, currency, sum) = try row.decode((String, String, Int64).self)
            return MoneyDiscrepancy.unbalanced(idempotencyKey: key, currency: currency, sum: sum)
        }
        let empty = try await rows("""
            SELECT idempotency_key FROM economy_transactions t
            WHERE NOT EXISTS (SELECT 1 FROM economy_entries e WHERE e.transaction_id = t.id) ORDER BY id
            """).map { MoneyDiscrepancy.unbalanced(idempotencyKey: try $0.decode(String.self), currency: "", sum: 0) }
        let negative = try await rows("""
            SELECT account, currency, SUM(amount)::BIGINT FROM economy_entries WHERE starts_with(account, 'creator_payable:')
            GROUP BY account, currency HAVING SUM(amount) > 0 ORDER BY account, currency
            """).map { row in
            let (account, currency, total) = try row.decode((String, String, Int64).self)
            return MoneyDiscrepancy.negativePayable(account: MoneyAccount(rawValue: account), currency: currency, balance: -total)
        }
        return unbalanced + empty + negative
    }

    /// Two postings of one key at once: the second's insert waits for the first and, at
    /// REPEATABLE READ, fails with 40001 when it commits; the store re-runs it, which finds the key.
    /// A debit of a creator's payable first bumps that payable's version row, so two debits at once
    /// conflict the same way and the re-run checks the balance the other left.
    public func postMoneyTransaction(_ transaction: MoneyTransaction) async throws -> Bool {
        if let problem = transaction.problem { throw StoreError.constraintViolation(problem) }
        let debited = Set(transaction.entries.filter { $0.account.creator != nil && $0.amount > 0 }.map(\.account.rawValue)).sorted()
        for account in debited {
            try await rows("""
                INSERT INTO economy_payable_versions (account, version) VALUES (\(account), 1)
                ON CONFLICT (account) DO UPDATE SET version = economy_payable_versions.version + 1
                """)
        }
        let user = transaction.user.map { Self.id($0.rawValue) }
        guard
            let id = try await rows("""
                INSERT INTO economy_transactions (idempotency_key, kind, reference, user_id, at)
                VALUES (\(transaction.idempotencyKey), \(transaction.kind.rawValue), \(transaction.reference), \(user),
                    \(transaction.at.millisecondsSinceEpoch))
                ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
                """).first?.decode(Int64.self)
        else { return false }
        for (line, entry) in transaction.entries.enumerated() {
            try await rows("""
                INSERT INTO economy_entries (transaction_id, line, account, currency, amount, at)
                VALUES (\(id), \(Int32(line)), \(entry.account.rawValue), \(entry.currency), \(entry.amount), \(transaction.at.millisecondsSinceEpoch))
                """)
        }
        for entry in transaction.entries where entry.account.creator != nil && entry.amount > 0 {
            let balance = try await rows("""
                SELECT COALESCE(SUM(amount), 0)::BIGINT FROM economy_entries WHERE account = \(entry.account.rawValue) AND currency = \(entry.currency)
                """).first?.decode(Int64.self) ?? 0
            if balance > 0 { throw StoreError.constraintViolation("\(entry.account) would owe the platform \(balance) \(entry.currency)") }
        }
        return true
    }

    // MARK: Allocation inputs

    public func packEngagement(fromDay: Int64, toDay: Int64) async throws -> [PackEngagementRow] {
        try await rows("""
            SELECT DISTINCT d.pack_id, p.creator_id, d.member_id, d.day FROM pack_draws d JOIN packs p ON p.id = d.pack_id
            WHERE d.day >= \(fromDay) AND d.day < \(toDay) AND p.status = 'published'
            ORDER BY d.day, d.member_id, d.pack_id
            """).map { row in
            let (pack, creator, member, day) = try row.decode((String, Int64, Int64, Int64).self)
            return PackEngagementRow(
                packID: pack, creator: MemberID(UInt64(bitPattern: creator)), member: MemberID(UInt64(bitPattern: member)), day: day)
        }
    }

    public func paidProMembers(from: Timestamp, to: Timestamp) async throws -> Set<MemberID> {
        let (start, end) = (from.millisecondsSinceEpoch, to.millisecondsSinceEpoch)
        let ids = try await rows("""
            SELECT user_id FROM premium_entitlements
            WHERE source IN ('stripe', 'discord') AND COALESCE(period_start, 0) < \(end) AND (period_end IS NULL OR period_end > \(start))
            UNION
            SELECT user_id FROM economy_transactions WHERE kind = 'revenue' AND user_id IS NOT NULL AND at >= \(start) AND at < \(end)
            """).map { try $0.decode(Int64.self) }
        return Set(ids.map { MemberID(UInt64(bitPattern: $0)) })
    }

    public func allocationRun(month: String) async throws -> AllocationRun? {
        try await rows("SELECT report, at FROM economy_allocation_runs WHERE month = \(month)").first.map { row in
            let (report, at) = try row.decode((String, Int64).self)
            return AllocationRun(month: month, report: report, at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    public func recordAllocationRun(_ run: AllocationRun) async throws -> Bool {
        try await !rows("""
            INSERT INTO economy_allocation_runs (month, report, at) VALUES (\(run.month), \(run.report), \(run.at.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    // MARK: Payouts

    static let payoutColumns = "id, creator_id, currency, amount, status, reference, requested_at, settled_at"

    public func payout(_ id: String) async throws -> PayoutRecord? {
        try await rows("SELECT \(unescaped: Self.payoutColumns) FROM economy_payouts WHERE id = \(id)").first.map(Self.payoutRecord)
    }

    public func payouts(status: PayoutStatus?, creator: MemberID?) async throws -> [PayoutRecord] {
        let creatorID = creator.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT \(unescaped: Self.payoutColumns) FROM economy_payouts
            WHERE (\(status?.rawValue)::TEXT IS NULL OR status = \(status?.rawValue)::TEXT)
                AND (\(creatorID)::BIGINT IS NULL OR creator_id = \(creatorID)::BIGINT)
            ORDER BY requested_at DESC, id COLLATE "C" DESC
            """).map(Self.payoutRecord)
    }

    public func insertPayout(_ p: PayoutRecord) async throws {
        try await rows("""
            INSERT INTO economy_payouts (\(unescaped: Self.payoutColumns))
            VALUES (\(p.id), \(Self.id(p.creator.rawValue)), \(p.currency), \(p.amount), \(p.status.rawValue), \(p.reference),
                \(p.requestedAt.millisecondsSinceEpoch), \(p.settledAt?.millisecondsSinceEpoch))
            """)
    }

    public func settlePayout(_ id: String, status: PayoutStatus, reference: String?, at: Timestamp) async throws -> Bool {
        guard status != .pending else { throw StoreError.constraintViolation("a payout settles to paid or failed, not pending") }
        return try await !rows("""
            UPDATE economy_payouts SET status = \(status.rawValue), reference = \(reference), settled_at = \(at.millisecondsSinceEpoch)
            WHERE id = \(id) AND status = 'pending' RETURNING 1
            """).isEmpty
    }

    // MARK: Verified creators

    public func creatorVerifiedAt(_ creator: MemberID) async throws -> Timestamp? {
        try await rows("SELECT verified_at FROM economy_verified_creators WHERE user_id = \(Self.id(creator.rawValue))")
            .first.map { Timestamp(millisecondsSinceEpoch: try $0.decode(Int64.self)) }
    }

    public func verifiedCreators() async throws -> [(creator: MemberID, verifiedAt: Timestamp)] {
        try await rows("SELECT user_id, verified_at FROM economy_verified_creators").map { row in
            let (user, at) = try row.decode((Int64, Int64).self)
            return (MemberID(UInt64(bitPattern: user)), Timestamp(millisecondsSinceEpoch: at))
        }
        .sorted { $0.creator.rawValue < $1.creator.rawValue }
    }

    public func setCreatorVerified(_ creator: MemberID, verified: Bool, at: Timestamp) async throws -> Bool {
        let user = Self.id(creator.rawValue)
        if verified {
            return try await !rows("""
                INSERT INTO economy_verified_creators (user_id, verified_at) VALUES (\(user), \(at.millisecondsSinceEpoch))
                ON CONFLICT DO NOTHING RETURNING 1
                """).isEmpty
        }
        return try await !rows("DELETE FROM economy_verified_creators WHERE user_id = \(user) RETURNING 1").isEmpty
    }

    // MARK: Mapping

    static func kind(_ text: String) throws -> MoneyTransactionKind {
        guard let kind = MoneyTransactionKind(rawValue: text) else { throw StoreError.corruptData("unknown money transaction kind \(text)") }
        return kind
    }

    func moneyTransaction(_ row: PostgresRow) async throws -> MoneyTransaction {
        let (id, key, kind, reference, user, at) = try row.decode((Int64, String, String, String, Int64?, Int64).self)
        let entries = try await rows("""
            SELECT account, currency, amount FROM economy_entries WHERE transaction_id = \(id) ORDER BY line
            """).map { row in
            let (account, currency, amount) = try row.decode((String, String, Int64).self)
            return MoneyEntry(account: MoneyAccount(rawValue: account), currency: currency, amount: amount)
        }
        return MoneyTransaction(
            idempotencyKey: key, kind: try Self.kind(kind), reference: reference, user: user.map { MemberID(UInt64(bitPattern: $0)) },
            at: Timestamp(millisecondsSinceEpoch: at), entries: entries)
    }

    static func payoutRecord(_ row: PostgresRow) throws -> PayoutRecord {
        let (id, creator, currency, amount, status, reference, requested, settled) = try row.decode(
            (String, Int64, String, Int64, String, String?, Int64, Int64?).self)
        guard let payoutStatus = PayoutStatus(rawValue: status) else { throw StoreError.corruptData("unknown payout status \(status)") }
        return PayoutRecord(
            id: id, creator: MemberID(UInt64(bitPattern: creator)), currency: currency, amount: amount, status: payoutStatus,
            reference: reference, requestedAt: Timestamp(millisecondsSinceEpoch: requested),
            settledAt: settled.map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}

extension PostgresStore: EconomyStore {}
