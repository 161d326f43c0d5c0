import Analytics
import Foundation
import GRDB
import Storage

/// The analytics area's primitives: reads over the read model the `analytics_events` trigger keeps.
extension SQLiteTransaction: AnalyticsTransaction {
    static let dayMs: Int64 = 86_400_000

    /// The millisecond bounds `[from, to)` of a day range.
    static func bounds(_ fromDay: Int64?, _ toDay: Int64) -> (Int64, Int64) {
        (fromDay.map { $0 * dayMs } ?? Int64.min, (toDay + 1) * dayMs)
    }

    static func sqlID(_ guild: GuildID) -> Int64 { Int64(bitPattern: guild.rawValue) }

    public func analyticsCohortMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64) async throws -> [AnalyticsMemberFacts] {
        let (from, to) = Self.bounds(fromDay, toDay)
        return try run { db in
            let rows: [Row]
            if let guild {
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(Self.memberColumns) FROM analytics_members WHERE guild_id = ? AND first_seen >= ? AND first_seen < ?"),
                    arguments: [Self.sqlID(guild), from, to])
            } else {
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(Self.memberColumns) FROM analytics_members WHERE first_seen >= ? AND first_seen < ?"), arguments: [from, to])
            }
            return rows.map(Self.memberFacts)
        }
    }

    public func analyticsMembers(users: [MemberID], guild: GuildID?) async throws -> [AnalyticsMemberFacts] {
        guard !users.isEmpty else { return [] }
        return try run { db in
            var facts: [AnalyticsMemberFacts] = []
            for chunk in stride(from: 0, to: users.count, by: 500).map({ Array(users[$0..<min($0 + 500, users.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                var arguments = StatementArguments(chunk.map { Int64(bitPattern: $0.rawValue) })
                var sql = "SELECT \(Self.memberColumns) FROM analytics_members WHERE member_id IN (\(marks))"
                if let guild {
                    sql += " AND guild_id = ?"
                    arguments += [Self.sqlID(guild)]
                }
                facts += try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.memberFacts)
            }
            return facts
        }
    }

    public func analyticsRollups(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws -> [AnalyticsRollup] {
        let names = metrics.isEmpty ? RollupMetric.allCases.map(\.rawValue) : metrics.map(\.rawValue).sorted()
        let marks = Array(repeating: "?", count: names.count).joined(separator: ",")
        var arguments = StatementArguments([fromDay ?? Int64.min, toDay])
        var sql = "SELECT * FROM analytics_daily WHERE day >= ? AND day <= ? AND metric IN (\(marks))"
        arguments += StatementArguments(names)
        if let guild {
            sql += " AND guild_id = ?"
            arguments += [Self.sqlID(guild)]
        }
        return try run { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).compactMap { row in
                guard let metric = RollupMetric(rawValue: row["metric"]) else { return nil }
                let guild: Int64 = row["guild_id"]
                return AnalyticsRollup(
                    guild: GuildID(UInt64(bitPattern: guild)), day: row["day"], metric: metric, key: row["key"], value: row["value"])
            }
        }
    }

    public func analyticsRollupTotals(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws
        -> [AnalyticsRollup]
    {
        let names = metrics.isEmpty ? RollupMetric.allCases.map(\.rawValue) : metrics.map(\.rawValue).sorted()
        let marks = Array(repeating: "?", count: names.count).joined(separator: ",")
        var arguments = StatementArguments([fromDay ?? Int64.min, toDay])
        var sql = "SELECT day, metric, key, sum(value) AS value FROM analytics_daily WHERE day >= ? AND day <= ? AND metric IN (\(marks))"
        arguments += StatementArguments(names)
        if let guild {
            sql += " AND guild_id = ?"
            arguments += [Self.sqlID(guild)]
        }
        sql += " GROUP BY day, metric, key"
        let reported = guild ?? GuildID(0)
        return try run { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).compactMap { row in
                guard let metric = RollupMetric(rawValue: row["metric"]) else { return nil }
                return AnalyticsRollup(guild: reported, day: row["day"], metric: metric, key: row["key"], value: row["value"])
            }
        }
    }

    public func analyticsActiveMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64, talkedOnly: Bool) async throws -> [GuildID: Int64] {
        var sql = "SELECT guild_id, count(DISTINCT member_id) AS n FROM analytics_member_days WHERE day >= ? AND day <= ?"
        var arguments = StatementArguments([fromDay ?? Int64.min, toDay])
        if let guild {
            sql += " AND guild_id = ?"
            arguments += [Self.sqlID(guild)]
        }
        if talkedOnly { sql += " AND talked = 1" }
        sql += " GROUP BY guild_id"
        return try run { db in
            var counts: [GuildID: Int64] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) {
                let guild: Int64 = row["guild_id"]
                counts[GuildID(UInt64(bitPattern: guild))] = row["n"]
            }
            return counts
        }
    }

    public func analyticsSubscriptions(guild: GuildID?) async throws -> [AnalyticsSubscription] {
        try run { db in
            let rows =
                if let guild {
                    try Row.fetchAll(
                        db.cachedStatement(sql: "SELECT * FROM analytics_subscriptions WHERE guild_id = ? ORDER BY subscription_id"),
                        arguments: [Self.sqlID(guild)])
                } else {
                    try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM analytics_subscriptions ORDER BY subscription_id"))
                }
            return rows.map { row in
                AnalyticsSubscription(
                    subscriptionID: row["subscription_id"], player: Self.player(row), paidFrom: Self.time(row["paid_from"]),
                    endedAt: Self.time(row["ended_at"]), monthlyAmount: row["monthly_amount"] ?? 0, currency: row["currency"] ?? "")
            }
        }
    }

    public func analyticsTrials(guild: GuildID?) async throws -> [AnalyticsTrial] {
        try run { db in
            let rows =
                if let guild {
                    try Row.fetchAll(
                        db.cachedStatement(sql: "SELECT * FROM analytics_trials WHERE guild_id = ? AND started_at IS NOT NULL ORDER BY member_id"),
                        arguments: [Self.sqlID(guild)])
                } else {
                    try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM analytics_trials WHERE started_at IS NOT NULL ORDER BY member_id"))
                }
            return rows.map { row in
                let started: Int64 = row["started_at"]
                let ended: Int64 = row["ended"]
                let method: Int64? = row["has_payment_method"]
                return AnalyticsTrial(
                    player: Self.player(row), startedAt: Timestamp(millisecondsSinceEpoch: started), endsAt: Self.time(row["ends_at"]),
                    ended: ended != 0, hasPaymentMethod: (method ?? 1) != 0)
            }
        }
    }

    public func analyticsBalances(guild: GuildID?) async throws -> [Int64] {
        try run { db in
            if let guild {
                return try Int64.fetchAll(db.cachedStatement(sql: "SELECT balance FROM players WHERE guild_id = ?"), arguments: [Self.sqlID(guild)])
            }
            return try Int64.fetchAll(db.cachedStatement(sql: "SELECT balance FROM players"))
        }
    }

    public func analyticsExportEvents(guild: GuildID?, fromDay: Int64?, toDay: Int64, limit: Int) async throws -> [AnalyticsEvent] {
        let (from, to) = Self.bounds(fromDay, toDay)
        var sql = "SELECT * FROM analytics_events WHERE at >= ? AND at < ?"
        var arguments = StatementArguments([from, to])
        if let guild {
            sql += " AND guild_id = ?"
            arguments += [Self.sqlID(guild)]
        }
        sql += " ORDER BY at, id LIMIT ?"
        arguments += [limit]
        return try run { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                AnalyticsEvent(
                    id: row["id"], name: EventName(rawValue: row["name"]), player: Self.player(row),
                    at: Timestamp(millisecondsSinceEpoch: row["at"]), properties: try StringMapJSON.decode(row["properties"]))
            }
        }
    }

    public func rebuildAnalyticsReadModel() async throws {
        try run { db in
            for statement in AnalyticsSchema.rebuild { try db.execute(sql: statement) }
        }
    }

    static func time(_ value: Int64?) -> Timestamp? { value.map { Timestamp(millisecondsSinceEpoch: $0) } }

    static let memberColumns = "guild_id, member_id, first_seen, first_roll, first_talk, first_trial, first_conversion, last_activity"

    /// By column index: a report reads tens of thousands of these rows.
    static func memberFacts(_ row: Row) -> AnalyticsMemberFacts {
        let guild: Int64 = row[0]
        let member: Int64 = row[1]
        return AnalyticsMemberFacts(
            player: PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member))),
            firstSeen: time(row[2]), firstRoll: time(row[3]), firstTalk: time(row[4]), firstTrialStart: time(row[5]),
            firstConversion: time(row[6]), lastActivity: time(row[7]))
    }
}

extension SQLiteStore: AnalyticsStore {}
