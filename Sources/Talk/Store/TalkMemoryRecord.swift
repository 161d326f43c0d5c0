import Storage

/// A long-term memory: a summary of older turns. Kept per (member, character), not per server, so
/// a character remembers the member wherever they talk (see docs/decisions/0026).
public struct TalkMemoryRecord: Sendable, Hashable, Codable {
    /// Assigned by the store on append; orders the memories of one (member, character). Nil before.
    public var id: Int64?
    public var member: MemberID
    public var characterID: String
    public var text: String
    public var at: Timestamp

    public init(id: Int64? = nil, member: MemberID, characterID: String, text: String, at: Timestamp) {
        self.id = id
        self.member = member
        self.characterID = characterID
        self.text = text
        self.at = at
    }
}
