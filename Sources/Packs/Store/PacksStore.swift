import Storage

/// The packs area's read primitives, on top of the kernel's. A database's transaction type
/// conforms to this in its own `Packs/` folder.
public protocol PacksReader: StoreReader {
    // Packs and characters
    func pack(_ id: PackID) async throws -> PackRecord?
    /// A creator's packs in any status, newest first.
    func packs(creator: MemberID) async throws -> [PackRecord]
    /// Every pack, optionally of one status, newest first (the operator's list).
    func allPacks(status: PackStatus?, offset: Int, limit: Int) async throws -> [PackRecord]
    /// The pack's characters in position order; retired ones only when asked.
    func characters(of pack: PackID, includingRetired: Bool) async throws -> [PackCharacterRecord]
    /// A character by id whatever the state of its pack (marked unavailable when it cannot roll).
    func packCharacter(pack: PackID, character: String) async throws -> PackCharacterLookup?
    func scores(of pack: PackID) async throws -> PackScores?

    // Guilds
    func isEnabled(_ pack: PackID, in guild: GuildID) async throws -> Bool
    /// The packs a guild enabled, in any status, in the order they were enabled.
    func enabledPacks(in guild: GuildID) async throws -> [PackID]
    /// The guild's rollable pack characters and its pool version (0 before any change).
    func guildPool(_ guild: GuildID) async throws -> GuildPackPool
    /// Only the version: a cheap check before re-reading the pool.
    func poolVersion(_ guild: GuildID) async throws -> Int64
    /// Guilds that enabled the pack.
    func enabledGuildCount(_ pack: PackID) async throws -> Int

    // Usage (rows written by the roll path in `pack_draws`)
    /// Whether the player rolled at least one of the pack's characters in their guild.
    func hasDrawn(_ pack: PackID, player: PlayerID) async throws -> Bool

    // Ratings
    func rating(_ pack: PackID, member: MemberID) async throws -> PackRating?
    /// Newest first.
    func ratings(of pack: PackID, limit: Int) async throws -> [PackRating]

    // Reports, audit, bans, featured
    func reports(of pack: PackID) async throws -> [PackReport]
    /// Packs with open reports, the most reported first.
    func reportQueue(limit: Int) async throws -> [ReportQueueEntry]
    /// Oldest first.
    func auditRecords(of pack: PackID) async throws -> [PackAuditRecord]
    func bannedCreator(_ creator: MemberID) async throws -> BannedCreator?
    /// Featured packs whose `until` is after `now` (or unset), oldest feature first.
    func featuredPacks(asOf now: Timestamp) async throws -> [FeaturedPack]

    // Discovery: published packs only, from precomputed scores
    /// A page of published packs in `sort` order, leaving out `excluding` (the featured ones,
    /// shown first by the caller). Ties go to the smaller id.
    func browsePacks(sort: PackSort, excluding: [PackID], offset: Int, limit: Int) async throws -> [PackSummary]
    /// Published packs whose name, description or tags contain every word (as a prefix), best
    /// match first.
    func searchPacks(_ query: PackSearchQuery, offset: Int, limit: Int) async throws -> [PackSummary]
    /// Creators of published packs, by usage or by their packs' ratings pooled (`prior` applied).
    func creatorLeaderboard(order: LeaderboardOrder, prior: RatingPrior, limit: Int) async throws -> [CreatorStanding]
    /// The mean of every rating given to published packs; nil without any. A scan of the rated
    /// packs: `refreshPackScores` stores it, and ratings read the stored value.
    func globalMeanRating() async throws -> Double?
    /// The prior mean `C` the last `refreshPackScores` used; nil before the first.
    func storedPriorMean() async throws -> Double?

    // Creators
    /// Which of `creators` carry the verified badge (the flag the economy area keeps), in one
    /// query: a view asks once for all its creators.
    func verifiedCreators(among creators: [MemberID]) async throws -> Set<MemberID>
}

/// The packs area's write primitives. Every write to a pack, its characters or a guild's
/// enablement bumps the pool version of each guild it touches, in the same statement batch.
public protocol PacksTransaction: PacksReader, StoreTransaction {
    /// `StoreError.duplicate` if the id exists.
    func insertPack(_ pack: PackRecord) async throws
    /// Replaces the stored pack; `StoreError.notFound` if absent.
    func updatePack(_ pack: PackRecord) async throws
    /// Inserts or replaces characters by (pack, id).
    func upsertCharacters(_ characters: [PackCharacterRecord]) async throws
    /// Marks every character of the pack not in `keeping` as retired (and those in it as not).
    func retireCharacters(of pack: PackID, keeping: Set<String>) async throws
    /// Returns whether it was newly enabled.
    @discardableResult
    func enablePack(_ pack: PackID, in guild: GuildID, by member: MemberID, at time: Timestamp) async throws -> Bool
    /// Returns whether it was enabled.
    @discardableResult
    func disablePack(_ pack: PackID, in guild: GuildID) async throws -> Bool

    /// Inserts or replaces the member's rating and moves the pack's rating count, sum and weighted
    /// rating (with `prior`) in the same transaction.
    func upsertRating(_ rating: PackRating, prior: RatingPrior) async throws
    /// `StoreError.duplicate` if the member already reported the pack. Returns the pack's open
    /// report count after this one (kept on the pack's row, so concurrent reports conflict and
    /// re-run instead of both missing the threshold).
    @discardableResult
    func insertReport(_ report: PackReport) async throws -> Int
    /// Resolves every open report of the pack; returns how many.
    @discardableResult
    func resolveReports(of pack: PackID, at time: Timestamp) async throws -> Int
    @discardableResult
    func appendAudit(_ record: PackAuditRecord) async throws -> PackAuditRecord
    /// `StoreError.duplicate` if already banned.
    func insertBan(_ ban: BannedCreator) async throws
    /// Inserts or replaces.
    func setFeatured(_ featured: FeaturedPack) async throws
    /// Returns whether it was featured.
    @discardableResult
    func removeFeatured(_ pack: PackID) async throws -> Bool

    /// Recomputes every pack's precomputed scores as of `now`: weighted rating with `prior`,
    /// trending (last 7 UTC days) and usage (last 30) from `pack_draws`, and stores `prior.mean`
    /// (`storedPriorMean`). The bot calls it periodically; ratings move their own pack's score at once.
    func refreshPackScores(asOf now: Timestamp, prior: RatingPrior) async throws

    /// Writes the creator's publishing row. A capped publish calls it before counting the
    /// creator's published packs, so two at once conflict on PostgreSQL and one re-runs on the
    /// other's count (SQLite serializes writers anyway).
    func claimPublishing(creator: MemberID, at: Timestamp) async throws
}

/// How the packs domain reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `PacksTransaction`.
public protocol PacksStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writePacks<T: Sendable>(_ body: @escaping @Sendable (any PacksTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readPacks<T: Sendable>(_ body: @escaping @Sendable (any PacksReader) async throws -> T) async throws -> T
}

extension PacksStore where Self: Store, Self.Transaction: PacksTransaction {
    @discardableResult
    public func writePacks<T: Sendable>(_ body: @escaping @Sendable (any PacksTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readPacks<T: Sendable>(_ body: @escaping @Sendable (any PacksReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
