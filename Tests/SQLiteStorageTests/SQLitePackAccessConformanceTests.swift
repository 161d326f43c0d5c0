import StoreConformance
import Testing

/// Pack access's cases on SQLite (kept beside the suite so other areas' lists merge cleanly).
extension SQLiteConformanceTests {
    @Test(arguments: PackAccessCase.allCases)
    func packAccess(_ testCase: PackAccessCase) async throws {
        try await Self.suite.run(testCase)
    }
}
