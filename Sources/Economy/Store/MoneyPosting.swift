import Storage

/// One entry with the transaction it belongs to: a line of an account's history.
public struct MoneyPosting: Hashable, Sendable {
    public var idempotencyKey: String
    public var kind: MoneyTransactionKind
    public var reference: String
    public var at: Timestamp
    public var entry: MoneyEntry

    public init(idempotencyKey: String, kind: MoneyTransactionKind, reference: String, at: Timestamp, entry: MoneyEntry) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.reference = reference
        self.at = at
        self.entry = entry
    }
}
