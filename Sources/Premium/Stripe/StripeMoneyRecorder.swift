import Storage

/// Money a Stripe event moved, handed to a ledger outside the premium area (the creator
/// economy's money ledger) inside the webhook's own transaction.
public struct StripeMoneyMovement: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// A Pro invoice was paid: `amount` is its `amount_paid`.
        case invoicePaid = "invoice_paid"
        /// A charge was refunded: `amount` is its cumulative `amount_refunded` (Stripe sends the
        /// running total on every `charge.refunded`), so the recorder books the increase.
        case chargeRefunded = "charge_refunded"
    }

    public var kind: Kind
    public var eventID: String
    /// The invoice (`in_…`) or charge (`ch_…`) id.
    public var objectID: String
    /// The paying member, when the event can be attributed.
    public var user: MemberID?
    /// In the currency's minor unit.
    public var amount: Int64
    /// Lowercase ISO 4217.
    public var currency: String
    /// When the webhook applied it (processing time): revenue belongs to the month it was booked
    /// in, so a late delivery never lands in a month already allocated.
    public var at: Timestamp
    /// When Stripe says it happened (the event's `created`): the same whatever the delivery order
    /// or delay, so a referral's window is judged by it.
    public var occurredAt: Timestamp?
    /// For a refund, the invoice the charge paid when the charge names it (API versions before
    /// 2025-03-31 do).
    public var invoiceID: String?

    public init(
        kind: Kind, eventID: String, objectID: String, user: MemberID?, amount: Int64, currency: String, at: Timestamp,
        occurredAt: Timestamp? = nil, invoiceID: String? = nil
    ) {
        self.kind = kind
        self.eventID = eventID
        self.objectID = objectID
        self.user = user
        self.amount = amount
        self.currency = currency
        self.at = at
        self.occurredAt = occurredAt
        self.invoiceID = invoiceID
    }
}

/// Records Stripe money movements in the same transaction as the webhook's other effects, so a
/// delivery either applies all of them or none. Premium declares it and knows no implementation
/// (the economy's `EconomyRevenueRecorder` is one); without one, refunds are ignored as before.
public protocol StripeMoneyRecorder: Sendable {
    /// Called inside the webhook's write; the transaction is the database's one type, which also
    /// conforms to the recorder's own area contract. A throw rolls the whole event back.
    func record(_ movement: StripeMoneyMovement, in transaction: any PremiumTransaction) async throws
}
