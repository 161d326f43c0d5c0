/// One line of a money transaction: an amount in the currency's minor unit (cents), positive for
/// a debit and negative for a credit.
public struct MoneyEntry: Hashable, Sendable, Codable {
    public var account: MoneyAccount
    /// ISO 4217, lowercase as Stripe writes it (`usd`).
    public var currency: String
    public var amount: Int64

    public init(account: MoneyAccount, currency: String, amount: Int64) {
        self.account = account
        self.currency = currency
        self.amount = amount
    }

    /// Three lowercase ASCII letters.
    public static func isCurrency(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }
}
