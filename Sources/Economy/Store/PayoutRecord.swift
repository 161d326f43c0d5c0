import Storage

public enum PayoutStatus: String, Sendable, Codable, CaseIterable {
    case pending, paid, failed
}

/// A payout request: the amount left the creator's payable when it was requested; paid sends it
/// out of Stripe's balance, failed returns it to the payable.
public struct PayoutRecord: Hashable, Sendable {
    public var id: String
    public var creator: MemberID
    public var currency: String
    public var amount: Int64
    public var status: PayoutStatus
    /// The operator's reference for the transfer (bank or Stripe id), once paid.
    public var reference: String?
    public var requestedAt: Timestamp
    public var settledAt: Timestamp?

    public init(
        id: String, creator: MemberID, currency: String, amount: Int64, status: PayoutStatus = .pending, reference: String? = nil,
        requestedAt: Timestamp, settledAt: Timestamp? = nil
    ) {
        self.id = id
        self.creator = creator
        self.currency = currency
        self.amount = amount
        self.status = status
        self.reference = reference
        self.requestedAt = requestedAt
        self.settledAt = settledAt
    }
}
