import Storage

/// An account of the money ledger. Amounts posted to it are signed: positive is a debit, negative
/// a credit, and every transaction's amounts sum to zero per currency (docs/economy.md).
public struct MoneyAccount: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Money held at Stripe: debited by a paid invoice, credited by a refund or a payout sent.
    public static let stripeClearing = MoneyAccount(rawValue: "stripe_clearing")
    /// Pro revenue (credit-normal). An allocation debits it by the creators' shares.
    public static let platformRevenue = MoneyAccount(rawValue: "platform_revenue")
    /// Refunds given back (debit-normal, a contra-revenue account).
    public static let refunds = MoneyAccount(rawValue: "refunds")
    /// The platform's fee on creators' shares (credit-normal).
    public static let platformFee = MoneyAccount(rawValue: "platform_fee")
    /// Payouts requested and not yet settled (credit-normal): paid moves them out of Stripe,
    /// failed returns them to the creator's payable.
    public static let payouts = MoneyAccount(rawValue: "payouts")

    static let creatorPrefix = "creator_payable:"

    /// What the platform owes one creator (credit-normal; never a debit balance).
    public static func creatorPayable(_ creator: MemberID) -> MoneyAccount {
        MoneyAccount(rawValue: creatorPrefix + String(creator.rawValue))
    }

    /// What one creator owes the platform (debit-normal): a referral commission reversed by a
    /// refund after it had left the payable. Taken from the creator's next payout, never by
    /// putting the payable in debit (docs/economy.md, "Refunds of commissioned invoices").
    public static func creatorClawback(_ creator: MemberID) -> MoneyAccount {
        MoneyAccount(rawValue: "creator_clawback:" + String(creator.rawValue))
    }

    /// The creator of a `creatorPayable` account, nil for any other.
    public var creator: MemberID? {
        guard rawValue.hasPrefix(Self.creatorPrefix) else { return nil }
        return UInt64(rawValue.dropFirst(Self.creatorPrefix.count)).map { MemberID($0) }
    }

    public static func < (lhs: MoneyAccount, rhs: MoneyAccount) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}
