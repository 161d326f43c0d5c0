import Storage

/// A member's rating of a pack: one per Discord user per pack, editable. `guild` is where it was
/// last given (where the member rolled the pack).
public struct PackRating: Hashable, Sendable, Codable {
    public var pack: PackID
    public var member: MemberID
    public var guild: GuildID
    /// 1 to 5.
    public var stars: Int
    /// Neutralised, at most `PackServiceConfiguration.maxReviewCharacters`.
    public var review: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        pack: PackID, member: MemberID, guild: GuildID, stars: Int, review: String?, createdAt: Timestamp,
        updatedAt: Timestamp? = nil
    ) {
        self.pack = pack
        self.member = member
        self.guild = guild
        self.stars = stars
        self.review = review
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
