import Analytics
import ArgumentParser
import Foundation
import Logging
import Storage

/// `gachabot owner report`: the operator's view of every report, for one guild or all
/// (docs/analytics.md).
struct OwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner",
        abstract: "Owner analytics for the operator: every guild or one.",
        subcommands: [Report.self]
    )

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Funnel, retention, revenue, economy, AI and churn signals: the numbers /owner shows.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var scope: AnalyticsScopeOptions
        @Option(help: "Rows per day or per week (Monday start, UTC): day or week.") var granularity: String = "day"
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() async throws {
            try await AnalyticsCommand.withStore(database) { store, now in
                let (guild, period) = try scope.parse()
                guard let granularity = Granularity(argument: self.granularity) else {
                    throw ValidationError("--granularity must be day or week (got \(self.granularity))")
                }
                let report = try await OwnerReports(store: store).all(guild: guild, period: period, granularity: granularity, now: now)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    print(ReportText.render(report), terminator: "")
                }
            }
        }
    }
}

/// `--guild ID` and `--period 7|30|90|all`, shared by report and export.
struct AnalyticsScopeOptions: ParsableArguments {
    @Option(help: "One guild's id; every guild when left out.") var guild: String?
    @Option(help: "The last 7, 30 or 90 UTC days (today included), or all.") var period: String = "30"

    func parse() throws -> (GuildID?, ReportPeriod) {
        guard let period = ReportPeriod(argument: self.period) else {
            throw ValidationError("--period must be 7, 30, 90 or all (got \(self.period))")
        }
        guard let text = guild else { return (nil, period) }
        guard let id = UInt64(text), id > 0 else { throw ValidationError("--guild must be a guild id, a positive number (got \(text))") }
        return (GuildID(id), period)
    }
}

/// `gachabot analytics export|rebuild|seed`.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Export raw events or daily rollups as CSV, rebuild the read model, or seed synthetic activity.",
        subcommands: [Export.self, Rebuild.self, Seed.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raw events (or --rollups: daily rollups) as RFC 4180 CSV on standard output, at most \(AnalyticsCSV.rowCap) rows.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var scope: AnalyticsScopeOptions
        @Flag(help: "CSV (the only format; required so a later format cannot change what a script gets).") var csv = false
        @Flag(help: "The daily rollups instead of raw events.") var rollups = false

        func run() async throws {
            guard csv else { throw ValidationError("say --csv: CSV is the export format") }
            try await AnalyticsCommand.withStore(database) { store, now in
                let (guild, period) = try scope.parse()
                let window = period.window(now: now)
                let (text, rows) = try await store.readAnalytics { reader -> (String, Int) in
                    if rollups {
                        let cells = try await reader.analyticsRollups(guild: guild, fromDay: window.firstDay, toDay: window.lastDay, metrics: [])
                            .sorted { ($0.day, $0.guild, $0.metric.rawValue, $0.key) < ($1.day, $1.guild, $1.metric.rawValue, $1.key) }
                        let kept = Array(cells.prefix(AnalyticsCSV.rowCap))
                        return (AnalyticsCSV.rollups(kept), cells.count)
                    }
                    let events = try await reader.analyticsExportEvents(
                        guild: guild, fromDay: window.firstDay, toDay: window.lastDay, limit: AnalyticsCSV.rowCap + 1)
                    return (AnalyticsCSV.events(Array(events.prefix(AnalyticsCSV.rowCap))), events.count)
                }
                FileHandle.standardOutput.write(Data(text.utf8))
                if rows > AnalyticsCSV.rowCap {
                    printError("gachabot: export cut at \(AnalyticsCSV.rowCap) rows (the cap); narrow --period or --guild for the rest")
                }
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the analytics read model from the raw events, in one transaction.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await AnalyticsCommand.withStore(database) { store, _ in
                let started = Date()
                try await store.writeAnalytics { try await $0.rebuildAnalyticsReadModel() }
                print("Rebuilt the analytics read model in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
            }
        }
    }

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write seeded synthetic activity through the event write path (docs/analytics.md: distributions).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Guilds.") var guilds: Int = 3
        @Option(help: "Members, spread over the guilds.") var members: Int = 300
        @Option(help: "Events in all (about).") var events: Int = 20_000
        @Option(help: "Days of history, ending now.") var days: Int = 60
        @Option(help: "The seed: the same seed gives the same events.") var seed: UInt64 = 1
        @Option(help: "Events per write transaction.") var batch: Int = 2_000

        func run() async throws {
            try await AnalyticsCommand.withStore(database) { store, now in
                let activity = SyntheticActivity(guilds: guilds, members: members, events: events, days: days, seed: seed, end: now)
                if let problem = activity.problem { throw ValidationError(problem) }
                guard batch >= 1 else { throw ValidationError("--batch must be at least 1 (got \(batch))") }
                let started = Date()
                let written = try await AnalyticsSeeding.write(activity, to: store, batch: batch)
                print("Seeded \(written) events for \(members) members in \(guilds) guilds over \(days) days "
                    + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
            }
        }
    }

    /// Opens the store (migrating it); any failure is one line on standard error and exit status 1.
    static func withStore(_ database: DatabaseOptions, _ body: @escaping (any AnalyticsStore, Timestamp) async throws -> Void) async throws {
        LogSetup.bootstrap(secrets: { [] })
        let now = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        do {
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            try await StoreOpener.withStore(try database.location(), logger: Logger(label: "gachabot")) { store in try await body(store, now) }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}
