import Analytics
import PostgresNIO
import Storage

/// The analytics area's primitives: reads over the read model the `analytics_events` trigger keeps.
/// A NULL guild parameter switches the guild filter off (each statement is planned with its values).
extension PostgresTransaction: AnalyticsTransaction {
    static let dayMs: Int64 = 86_400_000

    static func bounds(_ fromDay: Int64?, _ toDay: Int64) -> (Int64, Int64) {
        (fromDay.map { $0 * dayMs } ?? Int64.min, (toDay + 1) * dayMs)
    }

    static let memberColumns = "guild_id, member_id, first_seen, first_roll, first_talk, first_trial, first_conversion, last_activity"

    public func analyticsCohortMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64) async throws -> [AnalyticsMemberFacts] {
        let (from, to) = Self.bounds(fromDay, toDay)
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT \(unescaped: Self.memberColumns) FROM analytics_members
            WHERE (\(g)::BIGINT IS NULL OR guild_id = \(g)) AND first_seen >= \(from) AND first_seen < \(to)
            """).map(Self.memberFacts)
    }

    public func analyticsMembers(users: [MemberID], guild: GuildID?) async throws -> [AnalyticsMemberFacts] {
        guard !users.isEmpty else { return [] }
        let ids = users.map { Self.id($0.rawValue) }
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT \(unescaped: Self.memberColumns) FROM analytics_members
            WHERE member_id = ANY(\(ids)::BIGINT[]) AND (\(g)::BIGINT IS NULL OR guild_id = \(g))
            """).map(Self.memberFacts)
    }

    public func analyticsRollups(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws -> [AnalyticsRollup] {
        let names = metrics.isEmpty ? RollupMetric.allCases.map(\.rawValue) : metrics.map(\.rawValue).sorted()
        let g = guild.map { Self.id($0.rawValue) }
        let from = fromDay ?? Int64.min
        return try await rows("""
            SELECT guild_id, day, metric, key, value FROM analytics_daily
            WHERE day >= \(from) AND day <= \(toDay) AND metric = ANY(\(names)::TEXT[]) AND (\(g)::BIGINT IS NULL OR guild_id = \(g))
            """).compactMap { row in
            let (guild, day, metric, key, value) = try row.decode((Int64, Int64, String, String, Int64).self)
            guard let metric = RollupMetric(rawValue: metric) else { return nil }
            return AnalyticsRollup(guild: GuildID(UInt64(bitPattern: guild)), day: day, metric: metric, key: key, value: value)
        }
    }

    public func analyticsRollupTotals(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws
        -> [AnalyticsRollup]
    {
        let names = metrics.isEmpty ? RollupMetric.allCases.map(\.rawValue) : metrics.map(\.rawValue).sorted()
        let g = guild.map { Self.id($0.rawValue) }
        let from = fromDay ?? Int64.min
        let reported = guild ?? GuildID(0)
        return try await rows("""
            SELECT day, metric, key, sum(value)::BIGINT FROM analytics_daily
            WHERE day >= \(from) AND day <= \(toDay) AND metric = ANY(\(names)::TEXT[]) AND (\(g)::BIGINT IS NULL OR guild_id = \(g))
            GROUP BY day, metric, key
            """).compactMap { row in
            let (day, metric, key, value) = try row.decode((Int64, String, String, Int64).self)
            guard let metric = RollupMetric(rawValue: metric) else { return nil }
            return AnalyticsRollup(guild: reported, day: day, metric: metric, key: key, value: value)
        }
    }

    public func analyticsActiveMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64, talkedOnly: Bool) async throws -> [GuildID: Int64] {
        let g = guild.map { Self.id($0.rawValue) }
        let from = fromDay ?? Int64.min
        let minimum = talkedOnly ? 1 : 0
        var counts: [GuildID: Int64] = [:]
        for row in try await rows("""
            SELECT guild_id, count(DISTINCT member_id)::BIGINT FROM analytics_member_days
            WHERE day >= \(from) AND day <= \(toDay) AND talked >= \(minimum) AND (\(g)::BIGINT IS NULL OR guild_id = \(g))
            GROUP BY guild_id
            """)
        {
            let (guild, n) = try row.decode((Int64, Int64).self)
            counts[GuildID(UInt64(bitPattern: guild))] = n
        }
        return counts
    }

    public func analyticsSubscriptions(guild: GuildID?) async throws -> [AnalyticsSubscription] {
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT subscription_id, guild_id, member_id, paid_from, ended_at, monthly_amount, currency FROM analytics_subscriptions
            WHERE (\(g)::BIGINT IS NULL OR guild_id = \(g)) ORDER BY subscription_id
            """).map { row in
            let (id, guild, member, paid, ended, monthly, currency) = try row.decode((String, Int64, Int64, Int64?, Int64?, Double?, String?).self)
            return AnalyticsSubscription(
                subscriptionID: id, player: Self.player(guild: guild, member: member), paidFrom: Self.time(paid), endedAt: Self.time(ended),
                monthlyAmount: monthly ?? 0, currency: currency ?? "")
        }
    }

    public func analyticsTrials(guild: GuildID?) async throws -> [AnalyticsTrial] {
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT member_id, guild_id, started_at, ends_at, ended, has_payment_method FROM analytics_trials
            WHERE started_at IS NOT NULL AND (\(g)::BIGINT IS NULL OR guild_id = \(g)) ORDER BY member_id
            """).map { row in
            let (member, guild, started, ends, ended, method) = try row.decode((Int64, Int64, Int64, Int64?, Int32, Int32?).self)
            return AnalyticsTrial(
                player: Self.player(guild: guild, member: member), startedAt: Timestamp(millisecondsSinceEpoch: started),
                endsAt: Self.time(ends), ended: ended != 0, hasPaymentMethod: (method ?? 1) != 0)
        }
    }

    public func analyticsBalances(guild: GuildID?) async throws -> [Int64] {
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("SELECT balance FROM players WHERE (\(g)::BIGINT IS NULL OR guild_id = \(g))").map { try $0.decode(Int64.self) }
    }

    public func analyticsExportEvents(guild: GuildID?, fromDay: Int64?, toDay: Int64, limit: Int) async throws -> [AnalyticsEvent] {
        let (from, to) = Self.bounds(fromDay, toDay)
        let g = guild.map { Self.id($0.rawValue) }
        return try await rows("""
            SELECT id, name, guild_id, member_id, at, properties FROM analytics_events
            WHERE at >= \(from) AND at < \(to) AND (\(g)::BIGINT IS NULL OR guild_id = \(g))
            ORDER BY at, id LIMIT \(limit)
            """).map { row in
            let (id, name, guild, member, at, properties) = try row.decode((Int64, String, Int64, Int64, Int64, String).self)
            return AnalyticsEvent(
                id: id, name: EventName(rawValue: name), player: Self.player(guild: guild, member: member),
                at: Timestamp(millisecondsSinceEpoch: at), properties: try StringMapJSON.decode(properties))
        }
    }

    public func rebuildAnalyticsReadModel() async throws {
        for statement in PostgresAnalyticsSchema.rebuild { try await rows(statement) }
    }

    static func time(_ value: Int64?) -> Timestamp? { value.map { Timestamp(millisecondsSinceEpoch: $0) } }

    static func memberFacts(_ row: PostgresRow) throws -> AnalyticsMemberFacts {
        let (guild, member, seen, roll, talk, trial, conversion, last) =
            try row.decode((Int64, Int64, Int64?, Int64?, Int64?, Int64?, Int64?, Int64?).self)
        return AnalyticsMemberFacts(
            player: player(guild: guild, member: member), firstSeen: time(seen), firstRoll: time(roll), firstTalk: time(talk),
            firstTrialStart: time(trial), firstConversion: time(conversion), lastActivity: time(last))
    }
}

extension PostgresStore: AnalyticsStore {}
