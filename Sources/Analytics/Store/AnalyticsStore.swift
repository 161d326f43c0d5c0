import Storage

/// The analytics area's read primitives over the read model (kept by the kernel's
/// `appendAnalyticsEvent` in the same transaction as each event). A database's transaction type
/// conforms in its own `Analytics/` folder. Days are `Timestamp.utcDay` numbers; a nil guild
/// means every guild.
public protocol AnalyticsReader: StoreReader {
    /// Members whose `first_seen` day is in `fromDay…toDay` (nil `fromDay`: from the start).
    func analyticsCohortMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64) async throws -> [AnalyticsMemberFacts]
    /// Members with the given users (any guild when `guild` is nil).
    func analyticsMembers(users: [MemberID], guild: GuildID?) async throws -> [AnalyticsMemberFacts]
    /// Rollup cells in `fromDay…toDay`, optionally of some metrics only.
    func analyticsRollups(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws -> [AnalyticsRollup]
    /// Rollup cells in `fromDay…toDay` summed over guilds, per day, metric and key (their `guild`
    /// is the one asked for, or 0): what a report needs when it shows no per-guild breakdown.
    func analyticsRollupTotals(guild: GuildID?, fromDay: Int64?, toDay: Int64, metrics: Set<RollupMetric>) async throws -> [AnalyticsRollup]
    /// Distinct members with an activity event in `fromDay…toDay`, per guild (`talkedOnly`: a talk call).
    func analyticsActiveMembers(guild: GuildID?, fromDay: Int64?, toDay: Int64, talkedOnly: Bool) async throws -> [GuildID: Int64]
    /// Subscriptions attributed to the guild (every one when nil).
    func analyticsSubscriptions(guild: GuildID?) async throws -> [AnalyticsSubscription]
    /// Trials attributed to the guild (every one when nil).
    func analyticsTrials(guild: GuildID?) async throws -> [AnalyticsTrial]
    /// Current point balances of the guild's players (every player when nil), in no order.
    func analyticsBalances(guild: GuildID?) async throws -> [Int64]
    /// Raw events in time order (then id), for export: at most `limit`.
    func analyticsExportEvents(guild: GuildID?, fromDay: Int64?, toDay: Int64, limit: Int) async throws -> [AnalyticsEvent]
}

/// The analytics area's write primitives.
public protocol AnalyticsTransaction: AnalyticsReader, StoreTransaction {
    /// Empties the read model and recomputes it from every raw event (`gachabot analytics rebuild`).
    func rebuildAnalyticsReadModel() async throws
}

/// How analytics reaches a database; a store adopts it with an empty extension.
public protocol AnalyticsStore: Sendable {
    @discardableResult
    func writeAnalytics<T: Sendable>(_ body: @escaping @Sendable (any AnalyticsTransaction) async throws -> T) async throws -> T
    func readAnalytics<T: Sendable>(_ body: @escaping @Sendable (any AnalyticsReader) async throws -> T) async throws -> T
}

extension AnalyticsStore where Self: Store, Self.Transaction: AnalyticsTransaction {
    @discardableResult
    public func writeAnalytics<T: Sendable>(_ body: @escaping @Sendable (any AnalyticsTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readAnalytics<T: Sendable>(_ body: @escaping @Sendable (any AnalyticsReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
