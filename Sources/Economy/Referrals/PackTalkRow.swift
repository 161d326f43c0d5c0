import Storage

/// A member's talk turns with one creator's published pack characters on a UTC day (their own
/// messages, whatever the guild): talk's share of the allocation's engagement.
public struct PackTalkRow: Hashable, Sendable {
    public var packID: String
    public var creator: MemberID
    public var member: MemberID
    /// Days since the epoch, UTC.
    public var day: Int64
    public var turns: Int64

    public init(packID: String, creator: MemberID, member: MemberID, day: Int64, turns: Int64) {
        self.packID = packID
        self.creator = creator
        self.member = member
        self.day = day
        self.turns = turns
    }
}
