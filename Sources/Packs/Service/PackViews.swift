import Storage

/// A page of packs as browse and search show them: featured packs first in browse.
public struct PackPage: Hashable, Sendable {
    public var entries: [PackListing]
    /// 0-based.
    public var page: Int
    public var hasMore: Bool

    public init(entries: [PackListing], page: Int, hasMore: Bool) {
        self.entries = entries
        self.page = page
        self.hasMore = hasMore
    }
}

public struct PackListing: Hashable, Sendable {
    public var summary: PackSummary
    public var featured: Bool
    /// The creator carries the verified badge (looked up in the view's own read transaction).
    public var creatorVerified: Bool

    public init(summary: PackSummary, featured: Bool, creatorVerified: Bool = false) {
        self.summary = summary
        self.featured = featured
        self.creatorVerified = creatorVerified
    }
}

/// `/packs view`: a pack, its numbers and its rollable characters.
public struct PackDetails: Hashable, Sendable {
    public var summary: PackSummary
    public var characters: [PackCharacterRecord]
    public var featured: Bool
    public var enabledGuilds: Int

    public init(summary: PackSummary, characters: [PackCharacterRecord], featured: Bool, enabledGuilds: Int) {
        self.summary = summary
        self.characters = characters
        self.featured = featured
        self.enabledGuilds = enabledGuilds
    }
}

/// `/packs creator`: a creator's published packs and their totals.
public struct CreatorProfile: Hashable, Sendable {
    public var creator: MemberID
    public var packs: [PackSummary]
    public var ratingCount: Int
    /// The plain mean of every rating of their published packs; nil without any.
    public var meanStars: Double?
    /// Distinct members who rolled their packs in the last 30 days, summed over packs.
    public var usage: Int
    /// The operator verified this creator (`gachabot creators verify`).
    public var verified: Bool

    public init(creator: MemberID, packs: [PackSummary], ratingCount: Int, meanStars: Double?, usage: Int, verified: Bool) {
        self.creator = creator
        self.packs = packs
        self.ratingCount = ratingCount
        self.meanStars = meanStars
        self.usage = usage
        self.verified = verified
    }
}

/// What a new version did to the pack's characters.
public struct PackVersionChange: Hashable, Sendable {
    public var pack: PackRecord
    public var added: [String]
    public var updated: [String]
    /// Dropped by this version: they stay owned and no longer roll.
    public var retired: [String]

    public init(pack: PackRecord, added: [String], updated: [String], retired: [String]) {
        self.pack = pack
        self.added = added
        self.updated = updated
        self.retired = retired
    }
}

/// What a report did.
public struct ReportOutcome: Hashable, Sendable {
    /// Open reports from distinct members, this one included.
    public var openReports: Int
    /// Whether this report reached the threshold and hid the pack.
    public var hidPack: Bool

    public init(openReports: Int, hidPack: Bool) {
        self.openReports = openReports
        self.hidPack = hidPack
    }
}

/// The operator's decision on a pack (`gachabot packs review`).
public enum ReviewAction: String, Hashable, Sendable, CaseIterable {
    case hide, restore, remove
    case banCreator = "ban-creator"
}
