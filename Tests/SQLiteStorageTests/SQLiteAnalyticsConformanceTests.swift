import StoreConformance
import Testing

/// The analytics read model and reports on real SQLite files (the cases in StoreConformance).
@Suite("Store conformance: SQLite analytics")
struct SQLiteAnalyticsConformanceTests {
    @Test(arguments: AnalyticsCase.allCases)
    func analytics(_ testCase: AnalyticsCase) async throws {
        try await SQLiteConformanceTests.suite.run(testCase)
    }
}
