/// A broken invariant of the money ledger; `moneyDiscrepancies()` is empty in a healthy store.
public enum MoneyDiscrepancy: Hashable, Sendable, CustomStringConvertible {
    /// A transaction's entries do not sum to zero in a currency.
    case unbalanced(idempotencyKey: String, currency: String, sum: Int64)
    /// A creator's payable has a debit balance: the platform paid out more than it owed.
    case negativePayable(account: MoneyAccount, currency: String, balance: Int64)

    public var description: String {
        switch self {
        case .unbalanced(let key, let currency, let sum): "transaction \(key) is off by \(sum) \(currency)"
        case .negativePayable(let account, let currency, let balance): "\(account) is negative: \(balance) \(currency)"
        }
    }
}
