/// Failures every store implementation reports the same way, so the domain can react without
/// knowing the database.
public enum StoreError: Error, Hashable, Sendable {
    /// A ledger entry would take the balance below zero.
    case insufficientBalance(player: PlayerID, balance: Int64, amount: Int64)
    /// A row with this unique key already exists (ledger idempotency key, member, pull id…). Decided
    /// by the database's unique constraint, never by a select before the insert.
    case duplicate(what: String, key: String)
    /// The row to update does not exist.
    case notFound(what: String, key: String)
    /// The database refused a write for another constraint (a bug in the domain if it happens).
    case constraintViolation(String)
    /// Stored data could not be decoded.
    case corruptData(String)
    /// The transaction kept conflicting with others and was given up after `attempts` runs.
    case tooManyConflicts(attempts: Int)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .insufficientBalance(let player, let balance, let amount):
            "player \(player): balance \(balance) cannot take \(amount)"
        case .duplicate(let what, let key): "duplicate \(what): \(key)"
        case .notFound(let what, let key): "no \(what) \(key)"
        case .constraintViolation(let message): "constraint violated: \(message)"
        case .corruptData(let message): "corrupt data: \(message)"
        case .tooManyConflicts(let attempts): "gave up after \(attempts) conflicting attempts"
        }
    }
}
