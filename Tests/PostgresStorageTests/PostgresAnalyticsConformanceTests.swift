import StoreConformance
import Testing

/// The analytics read model and reports on a real PostgreSQL server (the cases in StoreConformance).
@Suite("Store conformance: PostgreSQL analytics", .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason))
struct PostgresAnalyticsConformanceTests {
    @Test(arguments: AnalyticsCase.allCases)
    func analytics(_ testCase: AnalyticsCase) async throws {
        try await PostgresConformanceTests.suite.run(testCase)
    }
}
