import Storage

/// What a money transaction records.
public enum MoneyTransactionKind: String, Sendable, Codable, CaseIterable {
    case revenue, refund, allocation, payoutRequested = "payout_requested", payoutPaid = "payout_paid", payoutFailed = "payout_failed"
}

/// One balanced movement of money: entries summing to zero per currency, posted at once and at
/// most once per idempotency key (a unique constraint decides).
public struct MoneyTransaction: Hashable, Sendable {
    /// The Stripe event id, `allocation:MONTH:CURRENCY:CREATOR`, or `payout…:ID`.
    public var idempotencyKey: String
    public var kind: MoneyTransactionKind
    /// The outside object it concerns (a Stripe invoice or charge, a payout id); for lookups.
    public var reference: String
    /// The member it concerns (the payer, the creator), when there is one.
    public var user: MemberID?
    public var at: Timestamp
    public var entries: [MoneyEntry]

    public init(
        idempotencyKey: String, kind: MoneyTransactionKind, reference: String, user: MemberID?, at: Timestamp, entries: [MoneyEntry]
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.reference = reference
        self.user = user
        self.at = at
        self.entries = entries
    }

    /// Why the transaction cannot be posted, or nil: no entries, a zero or malformed line, or a
    /// currency whose lines do not sum to zero.
    public var problem: String? {
        if idempotencyKey.isEmpty { return "money transaction has an empty idempotency key" }
        if entries.isEmpty { return "money transaction \(idempotencyKey) has no entries" }
        var sums: [String: Int64] = [:]
        for entry in entries {
            guard MoneyEntry.isCurrency(entry.currency) else { return "money transaction \(idempotencyKey): bad currency \"\(entry.currency)\"" }
            guard entry.amount != 0 else { return "money transaction \(idempotencyKey): zero amount on \(entry.account)" }
            let (sum, overflow) = sums[entry.currency, default: 0].addingReportingOverflow(entry.amount)
            guard !overflow else { return "money transaction \(idempotencyKey): amounts overflow" }
            sums[entry.currency] = sum
        }
        if let (currency, sum) = sums.sorted(by: { $0.key < $1.key }).first(where: { $0.value != 0 }) {
            return "money transaction \(idempotencyKey) does not balance in \(currency): off by \(sum)"
        }
        return nil
    }
}
