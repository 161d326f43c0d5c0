import Analytics
import Foundation
import Storage

/// `/owner export`: a guild's raw events or daily rollups of a period, as the Analytics module's
/// CSV (`AnalyticsCSV`, the same columns and quoting as `gachabot analytics export`, so a
/// spreadsheet or DuckDB recomputes the same figures). Discord adds one constraint: the file
/// must fit an upload, so the export stops at `AnalyticsCSV.rowCap` rows or `maximumBytes`,
/// whichever comes first, and says so.
struct OwnerCSVExport: Sendable {
    enum Data: String, Sendable {
        case events
        case rollups
    }

    /// Below Discord's smallest upload limit (10 MiB), with room for the reply around it.
    static let maximumBytes = 8 * 1024 * 1024
    static var maximumRows: Int { AnalyticsCSV.rowCap }

    struct File: Sendable {
        var filename: String
        var csv: Foundation.Data
        var rows: Int
        var truncated: Bool
    }

    let store: any AnalyticsStore

    func export(_ data: Data, guild: GuildID, period: ReportPeriod, now: Timestamp) async throws -> File {
        let window = period.window(now: now)
        // One more than the cap, to know whether there was more.
        let limit = Self.maximumRows + 1
        let header: String
        var lines: [String]
        switch data {
        case .events:
            let events = try await store.readAnalytics {
                try await $0.analyticsExportEvents(guild: guild, fromDay: window.firstDay, toDay: window.lastDay, limit: limit)
            }
            header = AnalyticsCSV.events([])
            lines = events.prefix(limit).map { String(AnalyticsCSV.events([$0]).dropFirst(header.count)) }
        case .rollups:
            let rollups = try await store.readAnalytics {
                try await $0.analyticsRollups(guild: guild, fromDay: window.firstDay, toDay: window.lastDay, metrics: Set(RollupMetric.allCases))
            }
            header = AnalyticsCSV.rollups([])
            lines = rollups.sorted { ($0.day, $0.metric.rawValue, $0.key) < ($1.day, $1.metric.rawValue, $1.key) }
                .prefix(limit).map { String(AnalyticsCSV.rollups([$0]).dropFirst(header.count)) }
        }
        var truncated = lines.count > Self.maximumRows
        var csv = Foundation.Data(header.utf8)
        var rows = 0
        for line in lines.prefix(Self.maximumRows) {
            let bytes = Foundation.Data(line.utf8)
            if csv.count + bytes.count > Self.maximumBytes {
                truncated = true
                break
            }
            csv.append(bytes)
            rows += 1
        }
        let from = window.firstDay.map { ReportFormat.date(day: $0) } ?? "start"
        return File(
            filename: "gachabot-\(data.rawValue)-\(guild.rawValue)-\(from)-to-\(ReportFormat.date(day: window.lastDay)).csv", csv: csv,
            rows: rows, truncated: truncated)
    }
}
