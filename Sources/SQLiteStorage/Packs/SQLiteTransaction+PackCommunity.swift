import Foundation
import GRDB
import Packs
import Storage

/// The packs area's community primitives: ratings, reports, moderation, featured packs and
/// discovery (browse, search, leaderboard) from the precomputed scores.
extension SQLiteTransaction {
    // MARK: Ratings

    public func scores(of pack: PackID) async throws -> PackScores? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.packColumns) FROM packs WHERE id = ?"), arguments: [pack.rawValue])
                .map(Self.packScores)
        }
    }

    public func rating(_ pack: PackID, member: MemberID) async throws -> PackRating? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM pack_ratings WHERE pack_id = ? AND member_id = ?"),
                arguments: [pack.rawValue, Self.id(member.rawValue)]
            ).map(Self.ratingRecord)
        }
    }

    public func ratings(of pack: PackID, limit: Int) async throws -> [PackRating] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM pack_ratings WHERE pack_id = ? ORDER BY updated_at DESC, member_id LIMIT ?"),
                arguments: [pack.rawValue, limit]
            ).map(Self.ratingRecord)
        }
    }

    public func upsertRating(_ rating: PackRating, prior: RatingPrior) async throws {
        try run { db in
            let member = Self.id(rating.member.rawValue)
            let old = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT stars FROM pack_ratings WHERE pack_id = ? AND member_id = ?"),
                arguments: [rating.pack.rawValue, member])
            try db.cachedStatement(sql: """
                INSERT INTO pack_ratings (pack_id, member_id, guild_id, stars, review, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (pack_id, member_id) DO UPDATE SET guild_id = excluded.guild_id, stars = excluded.stars,
                    review = excluded.review, updated_at = excluded.updated_at
                """).execute(arguments: [
                    rating.pack.rawValue, member, Self.id(rating.guild.rawValue), rating.stars, rating.review,
                    rating.createdAt.millisecondsSinceEpoch, rating.updatedAt.millisecondsSinceEpoch,
                ])
            let (count, sum) = (old == nil ? 1 : 0, rating.stars - (old ?? 0))
            try db.cachedStatement(sql: """
                UPDATE packs SET rating_count = rating_count + ?1, rating_sum = rating_sum + ?2,
                    score_rating = (CAST(rating_sum + ?2 AS REAL) + ?3 * ?4) / (rating_count + ?1 + ?3)
                WHERE id = ?5
                """).execute(arguments: [count, sum, prior.weight, prior.mean, rating.pack.rawValue])
            if db.changesCount == 0 { throw StoreError.notFound(what: "pack", key: rating.pack.rawValue) }
        }
    }

    public func globalMeanRating() async throws -> Double? {
        try run { db in
            try Double.fetchOne(db.cachedStatement(sql: """
                SELECT CAST(SUM(rating_sum) AS REAL) / SUM(rating_count) FROM packs WHERE status = 'published' AND rating_count > 0
                """))
        }
    }

    public func storedPriorMean() async throws -> Double? {
        try run { db in try Double.fetchOne(db.cachedStatement(sql: "SELECT prior_mean FROM pack_ranking WHERE id = 1")) }
    }

    // MARK: Reports and moderation

    public func reports(of pack: PackID) async throws -> [PackReport] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM pack_reports WHERE pack_id = ? ORDER BY at, reporter_id"),
                arguments: [pack.rawValue]
            ).map(Self.reportRecord)
        }
    }

    public func reportQueue(limit: Int) async throws -> [ReportQueueEntry] {
        let open = try run { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM pack_reports WHERE resolved_at IS NULL ORDER BY at"))
                .map(Self.reportRecord)
        }
        var entries: [ReportQueueEntry] = []
        for (packID, reports) in Dictionary(grouping: open, by: \.pack) {
            guard let pack = try await pack(packID) else { continue }
            entries.append(ReportQueueEntry.make(pack: pack, reports: reports))
        }
        return Array(ReportQueueEntry.ordered(entries).prefix(limit))
    }

    @discardableResult
    public func insertReport(_ report: PackReport) async throws -> Int {
        try run { db in
            do {
                try db.cachedStatement(sql: """
                    INSERT INTO pack_reports (pack_id, reporter_id, guild_id, reason, at, resolved_at) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        report.pack.rawValue, Self.id(report.reporter.rawValue), Self.id(report.guild.rawValue),
                        report.reason.rawValue, report.at.millisecondsSinceEpoch, report.resolvedAt?.millisecondsSinceEpoch,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "pack report", key: "\(report.pack)/\(report.reporter)")
            }
            guard let open = try Int.fetchOne(
                db.cachedStatement(sql: "UPDATE packs SET open_reports = open_reports + 1 WHERE id = ? RETURNING open_reports"),
                arguments: [report.pack.rawValue])
            else { throw StoreError.notFound(what: "pack", key: report.pack.rawValue) }
            return open
        }
    }

    @discardableResult
    public func resolveReports(of pack: PackID, at time: Timestamp) async throws -> Int {
        try run { db in
            try db.cachedStatement(sql: "UPDATE pack_reports SET resolved_at = ? WHERE pack_id = ? AND resolved_at IS NULL")
                .execute(arguments: [time.millisecondsSinceEpoch, pack.rawValue])
            let resolved = db.changesCount
            try db.cachedStatement(sql: "UPDATE packs SET open_reports = 0 WHERE id = ?").execute(arguments: [pack.rawValue])
            return resolved
        }
    }

    public func auditRecords(of pack: PackID) async throws -> [PackAuditRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM pack_audit WHERE pack_id = ? ORDER BY id"), arguments: [pack.rawValue]
            ).map { row in
                let actor: Int64 = row["actor_id"]
                return PackAuditRecord(
                    id: row["id"], pack: PackID(rawValue: row["pack_id"]), actor: MemberID(UInt64(bitPattern: actor)),
                    action: try PackRecordCoding.decode(ModerationAction.self, row["action"], what: "pack audit"),
                    reason: row["reason"], at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    @discardableResult
    public func appendAudit(_ record: PackAuditRecord) async throws -> PackAuditRecord {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO pack_audit (pack_id, actor_id, action, reason, at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [
                    record.pack.rawValue, Self.id(record.actor.rawValue), record.action.rawValue, record.reason,
                    record.at.millisecondsSinceEpoch,
                ])
            var stored = record
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func bannedCreator(_ creator: MemberID) async throws -> BannedCreator? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM pack_banned_creators WHERE creator_id = ?"), arguments: [Self.id(creator.rawValue)]
            ).map { row in
                let by: Int64 = row["banned_by"]
                return BannedCreator(
                    creator: creator, bannedBy: MemberID(UInt64(bitPattern: by)), reason: row["reason"],
                    at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    public func insertBan(_ ban: BannedCreator) async throws {
        try run { db in
            do {
                try db.cachedStatement(sql: "INSERT INTO pack_banned_creators (creator_id, banned_by, reason, at) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [Self.id(ban.creator.rawValue), Self.id(ban.bannedBy.rawValue), ban.reason, ban.at.millisecondsSinceEpoch])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "banned creator", key: ban.creator.description)
            }
        }
    }

    // MARK: Featured

    public func featuredPacks(asOf now: Timestamp) async throws -> [FeaturedPack] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM pack_featured WHERE until IS NULL OR until > ? ORDER BY since, pack_id"),
                arguments: [now.millisecondsSinceEpoch]
            ).map { row in
                let until: Int64? = row["until"]
                return FeaturedPack(
                    pack: PackID(rawValue: row["pack_id"]), since: Timestamp(millisecondsSinceEpoch: row["since"]),
                    until: until.map(Timestamp.init(millisecondsSinceEpoch:)))
            }
        }
    }

    public func setFeatured(_ featured: FeaturedPack) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO pack_featured (pack_id, since, until) VALUES (?, ?, ?)
                ON CONFLICT (pack_id) DO UPDATE SET since = excluded.since, until = excluded.until
                """).execute(arguments: [featured.pack.rawValue, featured.since.millisecondsSinceEpoch, featured.until?.millisecondsSinceEpoch])
        }
    }

    @discardableResult
    public func removeFeatured(_ pack: PackID) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "DELETE FROM pack_featured WHERE pack_id = ?").execute(arguments: [pack.rawValue])
            return db.changesCount > 0
        }
    }

    // MARK: Discovery

    public func browsePacks(sort: PackSort, excluding: [PackID], offset: Int, limit: Int) async throws -> [PackSummary] {
        let order = switch sort {
        case .topRated: "score_rating DESC, id"
        case .trending: "score_trending DESC, id"
        case .new: "published_at DESC, id"
        case .mostUsed: "score_usage DESC, id"
        }
        let exclusion = excluding.isEmpty ? "" : "AND id NOT IN (\(Array(repeating: "?", count: excluding.count).joined(separator: ", ")))"
        return try run { db in
            let arguments = StatementArguments(excluding.map(\.rawValue)) + [limit, offset]
            return try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT \(Self.packColumns) FROM packs WHERE status = 'published' \(exclusion) ORDER BY \(order) LIMIT ? OFFSET ?
                    """),
                arguments: arguments
            ).map(Self.summary)
        }
    }

    /// Ranks inside FTS5 first and joins only the page: joining every match to `packs` before
    /// sorting cost a row lookup per match (thousands for a common word). The index holds every
    /// status, so the ranked prefix may hold unpublished packs; when filtering them out leaves the
    /// page short while more matches exist, the query runs again over every match.
    public func searchPacks(_ query: PackSearchQuery, offset: Int, limit: Int) async throws -> [PackSummary] {
        guard !query.isEmpty, limit > 0 else { return [] }
        return try run { db in
            let wanted = offset + limit
            let ranked = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.*
                    FROM (SELECT rowid, rank FROM packs_fts WHERE packs_fts MATCH ? ORDER BY rank, rowid LIMIT ?) AS f
                    JOIN packs p ON p.seq = f.rowid
                    ORDER BY f.rank, f.rowid
                    """),
                arguments: [query.fts5, wanted])
            let published = ranked.filter { ($0["status"] as String) == PackStatus.published.rawValue }
            if ranked.count < wanted || published.count == ranked.count {
                return try published.dropFirst(offset).map(Self.summary)
            }
            return try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.*
                    FROM packs_fts JOIN packs p ON p.seq = packs_fts.rowid
                    WHERE packs_fts MATCH ? AND p.status = 'published'
                    ORDER BY packs_fts.rank, packs_fts.rowid LIMIT ? OFFSET ?
                    """),
                arguments: [query.fts5, limit, offset]
            ).map(Self.summary)
        }
    }

    public func creatorLeaderboard(order: LeaderboardOrder, prior: RatingPrior, limit: Int) async throws -> [CreatorStanding] {
        let standings = try run { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT creator_id, COUNT(*) AS packs, SUM(score_usage) AS usage, SUM(rating_count) AS count, SUM(rating_sum) AS sum
                FROM packs WHERE status = 'published' GROUP BY creator_id
                """)
            ).map { row in
                let creator: Int64 = row["creator_id"]
                let (count, sum): (Int, Int) = (row["count"], row["sum"])
                return CreatorStanding(
                    creator: MemberID(UInt64(bitPattern: creator)), packs: row["packs"], usage: row["usage"], ratingCount: count,
                    ratingSum: sum, weightedRating: prior.weightedRating(count: count, sum: sum))
            }
        }
        return Array(CreatorStanding.ordered(standings, by: order).prefix(limit))
    }

    public func refreshPackScores(asOf now: Timestamp, prior: RatingPrior) async throws {
        let today = now.utcDay
        try run { db in
            try db.execute(
                sql: """
                    UPDATE packs SET
                        score_rating = CASE WHEN rating_count + ?1 > 0
                            THEN (CAST(rating_sum AS REAL) + ?1 * ?2) / (rating_count + ?1) ELSE ?2 END,
                        score_trending = COALESCE((
                            SELECT SUM(7 - (?3 - last_day)) FROM (
                                SELECT MAX(day) AS last_day FROM pack_draws
                                WHERE pack_id = packs.id AND day > ?3 - 7 AND day <= ?3 GROUP BY member_id)), 0),
                        score_usage = (
                            SELECT COUNT(DISTINCT member_id) FROM pack_draws
                            WHERE pack_id = packs.id AND day > ?3 - 30 AND day <= ?3)
                    """,
                arguments: [prior.weight, prior.mean, today])
            try db.execute(
                sql: """
                    INSERT INTO pack_ranking (id, prior_mean, refreshed_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET prior_mean = excluded.prior_mean, refreshed_at = excluded.refreshed_at
                    """,
                arguments: [prior.mean, now.millisecondsSinceEpoch])
        }
    }

    // MARK: Mapping

    static func summary(_ row: Row) throws -> PackSummary {
        PackSummary(pack: try packRecord(row), scores: packScores(row), characterCount: row["character_count"])
    }

    static func ratingRecord(_ row: Row) -> PackRating {
        let (member, guild): (Int64, Int64) = (row["member_id"], row["guild_id"])
        return PackRating(
            pack: PackID(rawValue: row["pack_id"]), member: MemberID(UInt64(bitPattern: member)),
            guild: GuildID(UInt64(bitPattern: guild)), stars: row["stars"], review: row["review"],
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]), updatedAt: Timestamp(millisecondsSinceEpoch: row["updated_at"]))
    }

    static func reportRecord(_ row: Row) throws -> PackReport {
        let (reporter, guild): (Int64, Int64) = (row["reporter_id"], row["guild_id"])
        let resolved: Int64? = row["resolved_at"]
        return PackReport(
            pack: PackID(rawValue: row["pack_id"]), reporter: MemberID(UInt64(bitPattern: reporter)),
            guild: GuildID(UInt64(bitPattern: guild)),
            reason: try PackRecordCoding.decode(ReportReason.self, row["reason"], what: "pack report"),
            at: Timestamp(millisecondsSinceEpoch: row["at"]), resolvedAt: resolved.map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
