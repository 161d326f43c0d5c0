import Storage

/// A member attributed to a creator by redeeming one of their codes: at most one per member ever
/// (the member is the primary key, so the first code wins even when two are redeemed at once).
public struct Referral: Hashable, Sendable {
    public var member: MemberID
    public var code: String
    public var packID: String
    public var creator: MemberID
    public var redeemedAt: Timestamp
    /// The end of the window (exclusive) in which starting Pro converts: fixed at redemption with
    /// the window configured then.
    public var expiresAt: Timestamp

    public init(member: MemberID, code: String, packID: String, creator: MemberID, redeemedAt: Timestamp, expiresAt: Timestamp) {
        self.member = member
        self.code = code
        self.packID = packID
        self.creator = creator
        self.redeemedAt = redeemedAt
        self.expiresAt = expiresAt
    }

    /// Whether a payment at `time` falls in the window.
    public func isInWindow(_ time: Timestamp) -> Bool { time >= redeemedAt && time < expiresAt }
}
