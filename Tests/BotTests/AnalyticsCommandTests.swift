import Analytics
import Foundation
import SQLiteStorage
import Storage
import Testing

/// `gachabot analytics seed|export|rebuild` and `gachabot owner report`, run as the operator would.
@Suite(.timeLimit(.minutes(2))) struct AnalyticsCommandTests {
    @Test func seedReportExportAndRebuildAgree() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "sqlite:" + folder.appendingPathComponent("store.sqlite").path

        let seeded = try ExecutableTests.run(
            ["analytics", "seed", "--database", database, "--guilds", "2", "--members", "40", "--events", "900", "--days", "20", "--seed", "5"])
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains("Seeded"))

        let json = try ExecutableTests.run(["owner", "report", "--database", database, "--period", "all", "--granularity", "week", "--json"])
        #expect(json.status == 0, "\(json.output)")
        let report = try JSONDecoder().decode(OwnerReport.self, from: Data(json.output.utf8))
        #expect(report.funnel.total.newMembers == 40)
        #expect(report.funnel.header.granularity == .week)

        // The same numbers from the store in this process.
        let store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        defer { try? store.close() }
        let mine = try await OwnerReports(store: store).all(guild: nil, period: .all, granularity: .week, now: report.funnel.header.window.end)
        #expect(mine.funnel == report.funnel)
        #expect(mine.economy == report.economy)
        #expect(mine.ai == report.ai)

        let text = try ExecutableTests.run(["owner", "report", "--database", database, "--period", "all"])
        #expect(text.status == 0)
        #expect(text.output.contains("Funnel — all guilds, all time"))
        #expect(text.output.contains("total"))

        let export = try ExecutableTests.run(["analytics", "export", "--csv", "--database", database, "--period", "all"])
        #expect(export.status == 0)
        let rows = try AnalyticsCSV.parse(export.output)
        let stored = try await store.read { try await $0.analyticsEvents(player: nil, name: nil, limit: 100_000) }
        #expect(rows.first == AnalyticsCSV.eventColumns)
        #expect(rows.count - 1 == stored.count)
        #expect(Set(rows.dropFirst().map { $0[0] }) == Set(stored.compactMap { $0.id.map(String.init) }))

        let rollups = try ExecutableTests.run(["analytics", "export", "--csv", "--rollups", "--database", database, "--period", "all", "--guild", "1000"])
        #expect(rollups.status == 0)
        let cells = try AnalyticsCSV.parse(rollups.output)
        #expect(cells.first == AnalyticsCSV.rollupColumns)
        #expect(cells.dropFirst().allSatisfy { $0[0] == "1000" })
        #expect(cells.count > 1)

        let rebuilt = try ExecutableTests.run(["analytics", "rebuild", "--database", database])
        #expect(rebuilt.status == 0, "\(rebuilt.output)")
        let after = try await OwnerReports(store: store).all(guild: nil, period: .all, granularity: .week, now: report.funnel.header.window.end)
        #expect(after == mine)
    }

    @Test func badArgumentsAreNamed() throws {
        let period = try ExecutableTests.run(["owner", "report", "--period", "12"])
        #expect(period.status != 0)
        #expect(period.output.contains("--period must be 7, 30, 90 or all"))
        let guild = try ExecutableTests.run(["analytics", "export", "--csv", "--guild", "abc"])
        #expect(guild.status != 0)
        #expect(guild.output.contains("--guild must be a guild id"))
        let csv = try ExecutableTests.run(["analytics", "export"])
        #expect(csv.status != 0)
        #expect(csv.output.contains("--csv"))
        let seed = try ExecutableTests.run(["analytics", "seed", "--guilds", "0"])
        #expect(seed.status != 0)
        #expect(seed.output.contains("--guilds must be at least 1"))
    }
}
