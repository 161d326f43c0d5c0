import Analytics
import Foundation
import Storage

/// `owner-report`: the owner reports over seeded activity (issue 18, item 9). Seeds `events` events
/// for `members` members in `guilds` guilds over `days` days through the event write path in large
/// transactions (the read model follows by its trigger), then times funnel + retention + economy +
/// revenue for all guilds and for one guild, `runs` times each, and reports the medians.
enum OwnerReportBenchmark {
    struct Result: Encodable {
        var benchmark = "owner-report"
        var database: String
        var events: Int
        var members: Int
        var guilds: Int
        var days: Int
        var period: String
        var seedSeconds: Double
        var seedEventsPerSecond: Double
        var allGuildsMs: [Double]
        var allGuildsMedianMs: Double
        var oneGuildMs: [Double]
        var oneGuildMedianMs: Double
        var funnelNewMembers: Int64
    }

    static func run(database: BenchmarkDatabase, events: Int, members: Int, guilds: Int, days: Int, runs: Int, period: ReportPeriod) async throws -> Result {
        let end = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        let activity = SyntheticActivity(guilds: guilds, members: members, events: events, days: days, seed: 18, end: end)
        if let problem = activity.problem { throw BenchmarkError.usage(problem) }
        return try await database.withStore(maximumConnections: 8) { store in
            let seedStart = Date()
            let written = try await AnalyticsSeeding.write(activity, to: store, batch: 20_000)
            let seedSeconds = Date().timeIntervalSince(seedStart)
            FileHandle.standardError.write(Data("seeded \(written) events in \(String(format: "%.1f", seedSeconds)) s\n".utf8))
            let reports = OwnerReports(store: store)
            func timed(_ guild: GuildID?) async throws -> (Double, Int64) {
                let start = ContinuousClock.now
                let funnel = try await reports.funnel(guild: guild, period: period, granularity: .day, now: end)
                _ = try await reports.retention(guild: guild, period: period, granularity: .day, now: end)
                _ = try await reports.economy(guild: guild, period: period, granularity: .day, now: end)
                _ = try await reports.revenue(guild: guild, period: period, granularity: .day, now: end)
                let elapsed = ContinuousClock.now - start
                return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, funnel.total.newMembers)
            }
            var all: [Double] = []
            var one: [Double] = []
            var newMembers: Int64 = 0
            for _ in 0..<runs {
                let (ms, n) = try await timed(nil)
                all.append(ms)
                newMembers = n
                one.append(try await timed(GuildID(activity.firstGuild)).0)
            }
            return Result(
                database: database.name, events: written, members: members, guilds: guilds, days: days, period: period.rawValue,
                seedSeconds: seedSeconds, seedEventsPerSecond: Double(written) / seedSeconds, allGuildsMs: all,
                allGuildsMedianMs: all.sorted()[all.count / 2], oneGuildMs: one, oneGuildMedianMs: one.sorted()[one.count / 2],
                funnelNewMembers: newMembers)
        }
    }
}
