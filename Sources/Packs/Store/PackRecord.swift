import Storage

/// Where a pack is in its life: draft → published ⇄ hidden → removed. Only published packs are
/// browsable, searchable and rollable.
public enum PackStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Being written by its creator; visible only to them.
    case draft
    case published
    /// Taken out of browse, search and every pool, by reports or the operator; may be restored.
    case hidden
    /// Taken down for good by the operator.
    case removed
}

/// A creator pack as stored. Text fields hold the creator's raw text; it is neutralised
/// (`SafeText`) where the bot shows it.
public struct PackRecord: Hashable, Sendable, Codable {
    public var id: PackID
    /// The Discord user who made it.
    public var creator: MemberID
    public var name: String
    public var description: String
    /// At most `PackLimits.maxTags`.
    public var tags: [String]
    public var cover: BlobAddress?
    /// 1 for the first publication; each new version of a published pack adds 1.
    public var version: Int
    public var status: PackStatus
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// The first publication, kept when hidden or republished.
    public var publishedAt: Timestamp?

    public init(
        id: PackID, creator: MemberID, name: String, description: String = "", tags: [String] = [],
        cover: BlobAddress? = nil, version: Int = 1, status: PackStatus = .draft, createdAt: Timestamp,
        updatedAt: Timestamp? = nil, publishedAt: Timestamp? = nil
    ) {
        self.id = id
        self.creator = creator
        self.name = name
        self.description = description
        self.tags = tags
        self.cover = cover
        self.version = version
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.publishedAt = publishedAt
    }
}
