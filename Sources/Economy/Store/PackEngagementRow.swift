import Storage

/// A member drew from a creator's published pack on a UTC day (one `pack_draws` row, whatever the
/// guild): the allocation's raw engagement.
public struct PackEngagementRow: Hashable, Sendable {
    public var packID: String
    public var creator: MemberID
    public var member: MemberID
    /// Days since the epoch, UTC.
    public var day: Int64

    public init(packID: String, creator: MemberID, member: MemberID, day: Int64) {
        self.packID = packID
        self.creator = creator
        self.member = member
        self.day = day
    }
}
