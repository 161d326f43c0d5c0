/// Failures every store implementation reports the same way, so the domain can react without
/// knowing the database.
public enum StoreError: Error, Hashable, Sendable {
    /// A ledger entry would take the balance below zero.
    case insufficientBalance(player: PlayerID, balance: Int64, amount: Int64)
    /// A row with this unique key already exists (ledger idempotency key, member, pull id…).
    case duplicate(what: String, key: String)
    /// The row to update does not exist.
    case notFound(what: String, key: String)
    /// The database refused a write for another constraint (a bug in the domain if it happens).
    case constraintViolation(String)
    /// Stored data could not be decoded.
    case corruptData(String)
}
