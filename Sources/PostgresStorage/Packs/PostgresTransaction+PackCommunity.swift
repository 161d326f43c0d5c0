import Foundation
import Packs
import PostgresNIO
import Storage

/// The packs area's community primitives: ratings, reports, moderation, featured packs and
/// discovery (browse, search, leaderboard) from the precomputed scores.
extension PostgresTransaction {
    // MARK: Ratings

    public func scores(of pack: PackID) async throws -> PackScores? {
        try await rows("SELECT \(unescaped: Self.packColumns) FROM packs WHERE id = \(pack.rawValue)").first.map(Self.packScores)
    }

    public func rating(_ pack: PackID, member: MemberID) async throws -> PackRating? {
        try await rows("""
            SELECT pack_id, member_id, guild_id, stars, review, created_at, updated_at FROM pack_ratings
            WHERE pack_id = \(pack.rawValue) AND member_id = \(Self.id(member.rawValue))
            """).first.map(Self.ratingRecord)
    }

    public func ratings(of pack: PackID, limit: Int) async throws -> [PackRating] {
        try await rows("""
            SELECT pack_id, member_id, guild_id, stars, review, created_at, updated_at FROM pack_ratings
            WHERE pack_id = \(pack.rawValue) ORDER BY updated_at DESC, member_id LIMIT \(limit)
            """).map(Self.ratingRecord)
    }

    public func upsertRating(_ rating: PackRating, prior: RatingPrior) async throws {
        let member = Self.id(rating.member.rawValue)
        let old = try await rows("""
            SELECT stars FROM pack_ratings WHERE pack_id = \(rating.pack.rawValue) AND member_id = \(member)
            """).first?.decode(Int.self)
        try await rows("""
            INSERT INTO pack_ratings (pack_id, member_id, guild_id, stars, review, created_at, updated_at)
            VALUES (\(rating.pack.rawValue), \(member), \(Self.id(rating.guild.rawValue)), \(rating.stars), \(rating.review),
                \(rating.createdAt.millisecondsSinceEpoch), \(rating.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT (pack_id, member_id) DO UPDATE SET guild_id = EXCLUDED.guild_id, stars = EXCLUDED.stars,
                review = EXCLUDED.review, updated_at = EXCLUDED.updated_at
            """)
        let (count, sum) = (old == nil ? 1 : 0, rating.stars - (old ?? 0))
        let updated = try await rows("""
            UPDATE packs SET rating_count = rating_count + \(count), rating_sum = rating_sum + \(sum),
                score_rating = ((rating_sum + \(sum))::DOUBLE PRECISION + \(prior.weight) * \(prior.mean))
                    / (rating_count + \(count) + \(prior.weight))
            WHERE id = \(rating.pack.rawValue) RETURNING 1
            """)
        if updated.isEmpty { throw StoreError.notFound(what: "pack", key: rating.pack.rawValue) }
    }

    public func globalMeanRating() async throws -> Double? {
        try await rows("""
            SELECT SUM(rating_sum)::DOUBLE PRECISION / SUM(rating_count)::DOUBLE PRECISION FROM packs WHERE status = 'published' AND rating_count > 0
            """).first?.decode(Double?.self)
    }

    public func storedPriorMean() async throws -> Double? {
        try await rows("SELECT prior_mean FROM pack_ranking WHERE id = 1").first?.decode(Double.self)
    }

    // MARK: Reports and moderation

    static let reportColumns = "pack_id, reporter_id, guild_id, reason, at, resolved_at"

    public func reports(of pack: PackID) async throws -> [PackReport] {
        try await rows("""
            SELECT \(unescaped: Self.reportColumns) FROM pack_reports WHERE pack_id = \(pack.rawValue) ORDER BY at, reporter_id
            """).map(Self.reportRecord)
    }

    public func reportQueue(limit: Int) async throws -> [ReportQueueEntry] {
        let open = try await rows("SELECT \(unescaped: Self.reportColumns) FROM pack_reports WHERE resolved_at IS NULL ORDER BY at")
            .map(Self.reportRecord)
        var entries: [ReportQueueEntry] = []
        for (packID, reports) in Dictionary(grouping: open, by: \.pack) {
            guard let pack = try await pack(packID) else { continue }
            entries.append(ReportQueueEntry.make(pack: pack, reports: reports))
        }
        return Array(ReportQueueEntry.ordered(entries).prefix(limit))
    }

    @discardableResult
    public func insertReport(_ report: PackReport) async throws -> Int {
        try await rows("""
            INSERT INTO pack_reports (pack_id, reporter_id, guild_id, reason, at, resolved_at)
            VALUES (\(report.pack.rawValue), \(Self.id(report.reporter.rawValue)), \(Self.id(report.guild.rawValue)),
                \(report.reason.rawValue), \(report.at.millisecondsSinceEpoch), \(report.resolvedAt?.millisecondsSinceEpoch))
            """)
        guard let open = try await rows("""
            UPDATE packs SET open_reports = open_reports + 1 WHERE id = \(report.pack.rawValue) RETURNING open_reports
            """).first?.decode(Int.self)
        else { throw StoreError.notFound(what: "pack", key: report.pack.rawValue) }
        return open
    }

    @discardableResult
    public func resolveReports(of pack: PackID, at time: Timestamp) async throws -> Int {
        let resolved = try await rows("""
            UPDATE pack_reports SET resolved_at = \(time.millisecondsSinceEpoch)
            WHERE pack_id = \(pack.rawValue) AND resolved_at IS NULL RETURNING 1
            """).count
        try await rows("UPDATE packs SET open_reports = 0 WHERE id = \(pack.rawValue)")
        return resolved
    }

    public func auditRecords(of pack: PackID) async throws -> [PackAuditRecord] {
        try await rows("""
            SELECT id, pack_id, actor_id, action, reason, at FROM pack_audit WHERE pack_id = \(pack.rawValue) ORDER BY id
            """).map { row in
            let (id, pack, actor, action, reason, at) = try row.decode((Int64, String, Int64, String, String, Int64).self)
            return PackAuditRecord(
                id: id, pack: PackID(pack), actor: MemberID(UInt64(bitPattern: actor)),
                action: try PackRecordCoding.decode(ModerationAction.self, action, what: "pack audit"), reason: reason,
                at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    @discardableResult
    public func appendAudit(_ record: PackAuditRecord) async throws -> PackAuditRecord {
        let id = try await rows("""
            INSERT INTO pack_audit (pack_id, actor_id, action, reason, at)
            VALUES (\(record.pack.rawValue), \(Self.id(record.actor.rawValue)), \(record.action.rawValue), \(record.reason),
                \(record.at.millisecondsSinceEpoch))
            RETURNING id
            """).first?.decode(Int64.self)
        var stored = record
        stored.id = id
        return stored
    }

    public func bannedCreator(_ creator: MemberID) async throws -> BannedCreator? {
        try await rows("""
            SELECT banned_by, reason, at FROM pack_banned_creators WHERE creator_id = \(Self.id(creator.rawValue))
            """).first.map { row in
            let (by, reason, at) = try row.decode((Int64, String, Int64).self)
            return BannedCreator(
                creator: creator, bannedBy: MemberID(UInt64(bitPattern: by)), reason: reason, at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    public func insertBan(_ ban: BannedCreator) async throws {
        try await rows("""
            INSERT INTO pack_banned_creators (creator_id, banned_by, reason, at)
            VALUES (\(Self.id(ban.creator.rawValue)), \(Self.id(ban.bannedBy.rawValue)), \(ban.reason), \(ban.at.millisecondsSinceEpoch))
            """)
    }

    // MARK: Featured

    public func featuredPacks(asOf now: Timestamp) async throws -> [FeaturedPack] {
        try await rows("""
            SELECT pack_id, since, until FROM pack_featured WHERE until IS NULL OR until > \(now.millisecondsSinceEpoch)
            ORDER BY since, pack_id
            """).map { row in
            let (pack, since, until) = try row.decode((String, Int64, Int64?).self)
            return FeaturedPack(
                pack: PackID(pack), since: Timestamp(millisecondsSinceEpoch: since), until: until.map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }

    public func setFeatured(_ featured: FeaturedPack) async throws {
        try await rows("""
            INSERT INTO pack_featured (pack_id, since, until)
            VALUES (\(featured.pack.rawValue), \(featured.since.millisecondsSinceEpoch), \(featured.until?.millisecondsSinceEpoch))
            ON CONFLICT (pack_id) DO UPDATE SET since = EXCLUDED.since, until = EXCLUDED.until
            """)
    }

    @discardableResult
    public func removeFeatured(_ pack: PackID) async throws -> Bool {
        try await !rows("DELETE FROM pack_featured WHERE pack_id = \(pack.rawValue) RETURNING 1").isEmpty
    }

    // MARK: Discovery

    public func browsePacks(sort: PackSort, excluding: [PackID], offset: Int, limit: Int) async throws -> [PackSummary] {
        let order = switch sort {
        case .topRated: "score_rating DESC, id"
        case .trending: "score_trending DESC, id"
        case .new: "published_at DESC, id"
        case .mostUsed: "score_usage DESC, id"
        }
        return try await rows("""
            SELECT \(unescaped: Self.packColumns) FROM packs
            WHERE status = 'published' AND id <> ALL(\(excluding.map(\.rawValue))::TEXT[])
            ORDER BY \(unescaped: order) LIMIT \(limit) OFFSET \(offset)
            """).map(Self.summary)
    }

    public func searchPacks(_ query: PackSearchQuery, offset: Int, limit: Int) async throws -> [PackSummary] {
        guard !query.isEmpty else { return [] }
        // `pack_search` holds published packs only (migration v6_pack_search); the page is ranked
        // there and only its rows are read from `packs`.
        return try await rows("""
            SELECT \(unescaped: Self.packColumns) FROM (
                SELECT s.id, ts_rank(s.search, q) AS rank FROM pack_search s, to_tsquery('simple'::regconfig, \(query.tsquery)) AS q
                WHERE s.search @@ q ORDER BY rank DESC, s.id LIMIT \(limit) OFFSET \(offset)
            ) AS page JOIN packs USING (id)
            ORDER BY page.rank DESC, page.id
            """).map(Self.summary)
    }

    public func creatorLeaderboard(order: LeaderboardOrder, prior: RatingPrior, limit: Int) async throws -> [CreatorStanding] {
        let standings = try await rows("""
            SELECT creator_id, COUNT(*), SUM(score_usage)::BIGINT, SUM(rating_count)::BIGINT, SUM(rating_sum)::BIGINT
            FROM packs WHERE status = 'published' GROUP BY creator_id
            """).map { row in
            let (creator, packs, usage, count, sum) = try row.decode((Int64, Int, Int, Int, Int).self)
            return CreatorStanding(
                creator: MemberID(UInt64(bitPattern: creator)), packs: packs, usage: usage, ratingCount: count, ratingSum: sum,
                weightedRating: prior.weightedRating(count: count, sum: sum))
        }
        return Array(CreatorStanding.ordered(standings, by: order).prefix(limit))
    }

    public func refreshPackScores(asOf now: Timestamp, prior: RatingPrior) async throws {
        let today = now.utcDay
        try await rows("""
            UPDATE packs SET
                score_rating = CASE WHEN rating_count + \(prior.weight) > 0
                    THEN (rating_sum::DOUBLE PRECISION + \(prior.weight) * \(prior.mean)) / (rating_count + \(prior.weight))
                    ELSE \(prior.mean) END,
                score_trending = COALESCE((
                    SELECT SUM(7 - (\(today) - last_day)) FROM (
                        SELECT MAX(day) AS last_day FROM pack_draws
                        WHERE pack_id = packs.id AND day > \(today) - 7 AND day <= \(today) GROUP BY member_id) AS recent), 0),
                score_usage = (
                    SELECT COUNT(DISTINCT member_id) FROM pack_draws
                    WHERE pack_id = packs.id AND day > \(today) - 30 AND day <= \(today))
            """)
        try await rows("""
            INSERT INTO pack_ranking (id, prior_mean, refreshed_at) VALUES (1, \(prior.mean), \(now.millisecondsSinceEpoch))
            ON CONFLICT (id) DO UPDATE SET prior_mean = EXCLUDED.prior_mean, refreshed_at = EXCLUDED.refreshed_at
            """)
    }

    // MARK: Mapping

    static func ratingRecord(_ row: PostgresRow) throws -> PackRating {
        let (pack, member, guild, stars, review, created, updated) =
            try row.decode((String, Int64, Int64, Int, String?, Int64, Int64).self)
        return PackRating(
            pack: PackID(pack), member: MemberID(UInt64(bitPattern: member)), guild: GuildID(UInt64(bitPattern: guild)),
            stars: stars, review: review, createdAt: Timestamp(millisecondsSinceEpoch: created),
            updatedAt: Timestamp(millisecondsSinceEpoch: updated))
    }

    static func reportRecord(_ row: PostgresRow) throws -> PackReport {
        let (pack, reporter, guild, reason, at, resolved) = try row.decode((String, Int64, Int64, String, Int64, Int64?).self)
        return PackReport(
            pack: PackID(pack), reporter: MemberID(UInt64(bitPattern: reporter)), guild: GuildID(UInt64(bitPattern: guild)),
            reason: try PackRecordCoding.decode(ReportReason.self, reason, what: "pack report"),
            at: Timestamp(millisecondsSinceEpoch: at), resolvedAt: resolved.map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
