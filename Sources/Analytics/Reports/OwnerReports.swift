import Storage

/// The reports' entry point: each report reads one consistent snapshot of the read model and
/// applies the definitions in docs/analytics.md. A nil guild is every guild (the operator's view).
public struct OwnerReports: Sendable {
    public let store: any AnalyticsStore

    public init(store: any AnalyticsStore) { self.store = store }

    public func funnel(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> FunnelReport {
        let header = Self.header(guild, period, granularity, now)
        let members = try await store.readAnalytics { try await $0.analyticsCohortMembers(guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay) }
        return ReportDefinitions.funnel(header: header, members: members)
    }

    public func retention(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> RetentionReport {
        let header = Self.header(guild, period, granularity, now)
        let members = try await store.readAnalytics { try await $0.analyticsCohortMembers(guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay) }
        return ReportDefinitions.retention(header: header, members: members)
    }

    public func revenue(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> RevenueReport {
        let header = Self.header(guild, period, granularity, now)
        let (subscriptions, trials, rollups) = try await store.readAnalytics { reader in
            (
                try await reader.analyticsSubscriptions(guild: guild), try await reader.analyticsTrials(guild: guild),
                try await reader.analyticsRollups(guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, metrics: [.revenue])
            )
        }
        return ReportDefinitions.revenue(header: header, subscriptions: subscriptions, trials: trials, rollups: rollups)
    }

    public func economy(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> EconomyReport {
        let header = Self.header(guild, period, granularity, now)
        let (rollups, active, balances) = try await store.readAnalytics { reader in
            (
                try await reader.analyticsRollupTotals(
                    guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, metrics: [.minted, .burned, .purchases]),
                try await reader.analyticsActiveMembers(guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, talkedOnly: false),
                try await reader.analyticsBalances(guild: guild)
            )
        }
        return ReportDefinitions.economy(header: header, rollups: rollups, activeMembers: active.values.reduce(0, +), balances: balances)
    }

    public func ai(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> AIReport {
        let header = Self.header(guild, period, granularity, now)
        let (rollups, talking) = try await store.readAnalytics { reader in
            (
                // Totals for the counts; per guild only what the per-guild breakdown needs.
                try await reader.analyticsRollupTotals(
                    guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, metrics: [.talkCalls, .talkTokens, .tokensPerCall])
                    + reader.analyticsRollups(
                        guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, metrics: [.talkCost, .revenue]),
                try await reader.analyticsActiveMembers(guild: guild, fromDay: header.window.firstDay, toDay: header.window.lastDay, talkedOnly: true)
            )
        }
        return ReportDefinitions.ai(header: header, rollups: rollups, talkingMembers: talking.values.reduce(0, +))
    }

    public func churn(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> ChurnReport {
        let header = Self.header(guild, period, granularity, now)
        let today = now.utcDay
        let inputs = try await store.readAnalytics { reader -> ChurnInputs in
            var weeks: [[GuildID: Int64]] = []
            // Week 0 is the last 7 days (today included); weeks 1…4 the 28 days before.
            for week in Int64(0)...4 {
                let last = today - week * 7
                weeks.append(try await reader.analyticsActiveMembers(guild: guild, fromDay: last - 6, toDay: last, talkedOnly: false))
            }
            let subscriptions = try await reader.analyticsSubscriptions(guild: guild)
            let trials = try await reader.analyticsTrials(guild: guild)
            let payingUsers = Set(subscriptions.filter { $0.isPaying(at: now) }.map(\.player.member))
            let members = try await reader.analyticsMembers(users: payingUsers.sorted(), guild: nil)
            return ChurnInputs(weeks: weeks, subscriptions: subscriptions, trials: trials, proMembers: members)
        }
        return ReportDefinitions.churn(header: header, inputs: inputs)
    }

    /// Every report for one scope and period.
    public func all(guild: GuildID?, period: ReportPeriod, granularity: Granularity, now: Timestamp) async throws -> OwnerReport {
        OwnerReport(
            funnel: try await funnel(guild: guild, period: period, granularity: granularity, now: now),
            retention: try await retention(guild: guild, period: period, granularity: granularity, now: now),
            revenue: try await revenue(guild: guild, period: period, granularity: granularity, now: now),
            economy: try await economy(guild: guild, period: period, granularity: granularity, now: now),
            ai: try await ai(guild: guild, period: period, granularity: granularity, now: now),
            churn: try await churn(guild: guild, period: period, granularity: granularity, now: now))
    }

    static func header(_ guild: GuildID?, _ period: ReportPeriod, _ granularity: Granularity, _ now: Timestamp) -> ReportHeader {
        ReportHeader(guild: guild, period: period, granularity: granularity, window: period.window(now: now))
    }
}

/// What the churn signals read, in one snapshot.
public struct ChurnInputs: Sendable {
    /// Distinct active members per guild: index 0 the last 7 days, 1…4 the four weeks before.
    public var weeks: [[GuildID: Int64]]
    public var subscriptions: [AnalyticsSubscription]
    public var trials: [AnalyticsTrial]
    /// The read-model rows of every paying member's user.
    public var proMembers: [AnalyticsMemberFacts]

    public init(weeks: [[GuildID: Int64]], subscriptions: [AnalyticsSubscription], trials: [AnalyticsTrial], proMembers: [AnalyticsMemberFacts]) {
        self.weeks = weeks
        self.subscriptions = subscriptions
        self.trials = trials
        self.proMembers = proMembers
    }
}
