import Storage

/// What a moderator (or the report threshold) did to a pack or a creator.
public enum ModerationAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Hidden automatically: the report threshold was reached.
    case autoHide = "auto_hide"
    case hide, restore, remove
    case banCreator = "ban_creator"
    case feature, unfeature
}

/// One moderation action: who, what, when, why. Appended, never changed.
public struct PackAuditRecord: Hashable, Sendable, Codable {
    /// Assigned by the store.
    public var id: Int64?
    public var pack: PackID
    /// The operator's or moderator's user id; 0 for the system (auto-hide).
    public var actor: MemberID
    public var action: ModerationAction
    public var reason: String
    public var at: Timestamp

    public init(id: Int64? = nil, pack: PackID, actor: MemberID, action: ModerationAction, reason: String, at: Timestamp) {
        self.id = id
        self.pack = pack
        self.actor = actor
        self.action = action
        self.reason = reason
        self.at = at
    }
}

/// A creator who may no longer publish; their packs were hidden when they were banned.
public struct BannedCreator: Hashable, Sendable, Codable {
    public var creator: MemberID
    public var bannedBy: MemberID
    public var reason: String
    public var at: Timestamp

    public init(creator: MemberID, bannedBy: MemberID, reason: String, at: Timestamp) {
        self.creator = creator
        self.bannedBy = bannedBy
        self.reason = reason
        self.at = at
    }
}

/// A pack the operator features: shown first in browse until `until` (for ever when nil).
public struct FeaturedPack: Hashable, Sendable, Codable {
    public var pack: PackID
    public var since: Timestamp
    public var until: Timestamp?

    public init(pack: PackID, since: Timestamp, until: Timestamp?) {
        self.pack = pack
        self.since = since
        self.until = until
    }
}
