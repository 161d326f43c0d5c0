import Storage

/// A commission earned on one paid invoice of a referred member. `ordinal` counts the member's
/// commissions from 1 (the conversion); (member, ordinal) and the invoice are unique, so a replayed
/// invoice, or two invoices at once, never earn more than the configured number.
public struct ReferralCommission: Hashable, Sendable {
    public var member: MemberID
    public var ordinal: Int64
    public var invoiceID: String
    public var creator: MemberID
    public var packID: String
    public var code: String
    public var currency: String
    /// What the member paid (the base of the commission and of a refund's share).
    public var invoiceAmount: Int64
    /// floor(invoiceAmount × rate); `fee + credit`.
    public var commission: Int64
    public var fee: Int64
    public var credit: Int64
    public var at: Timestamp

    public init(
        member: MemberID, ordinal: Int64, invoiceID: String, creator: MemberID, packID: String, code: String, currency: String,
        invoiceAmount: Int64, commission: Int64, fee: Int64, credit: Int64, at: Timestamp
    ) {
        self.member = member
        self.ordinal = ordinal
        self.invoiceID = invoiceID
        self.creator = creator
        self.packID = packID
        self.code = code
        self.currency = currency
        self.invoiceAmount = invoiceAmount
        self.commission = commission
        self.fee = fee
        self.credit = credit
        self.at = at
    }

    /// The money ledger's reference shared by the commission and its reversals.
    public var ledgerReference: String { Self.ledgerReference(invoiceID) }
    public static func ledgerReference(_ invoiceID: String) -> String { "referral-commission:\(invoiceID)" }
}
