import Storage

/// A creator's code for one of their packs: one per pack (unique), stable once made.
public struct ReferralCode: Hashable, Sendable {
    /// `ReferralCodeText`: 8 characters, upper case.
    public var code: String
    public var packID: String
    public var creator: MemberID
    public var createdAt: Timestamp

    public init(code: String, packID: String, creator: MemberID, createdAt: Timestamp) {
        self.code = code
        self.packID = packID
        self.creator = creator
        self.createdAt = createdAt
    }
}
