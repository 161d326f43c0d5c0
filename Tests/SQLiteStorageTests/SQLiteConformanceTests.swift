import Foundation
import SQLiteStorage
import StoreConformance
import Testing

/// The whole store contract on real SQLite files, one new file per case.
@Suite("Store conformance: SQLite")
struct SQLiteConformanceTests {
    static let suite = StoreConformance<SQLiteStore>(
        serializesWriters: true,
        withStore: { body in
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteStore(path: directory.appendingPathComponent("nested/store.sqlite").path)
            defer { try? store.close() }
            try await body(store)
        },
        recordDraws: { store, draws in try await store.recordPackDrawsForTests(draws) })

    @Test(arguments: KernelCase.allCases)
    func kernel(_ testCase: KernelCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: GachaCase.allCases)
    func gacha(_ testCase: GachaCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: PacksCase.allCases)
    func packs(_ testCase: PacksCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: PremiumCase.allCases)
    func premium(_ testCase: PremiumCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: TalkCase.allCases)
    func talk(_ testCase: TalkCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: EconomyCase.allCases)
    func economy(_ testCase: EconomyCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: OwnerAlertsCase.allCases)
    func ownerAlerts(_ testCase: OwnerAlertsCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: CreatorCase.allCases)
    func creators(_ testCase: CreatorCase) async throws {
        try await Self.suite.run(testCase)
    }

    @Test(arguments: ReferralCase.allCases)
    func referrals(_ testCase: ReferralCase) async throws {
        try await Self.suite.run(testCase)
    }
}

/// A fresh folder under the system temp directory; the caller removes it.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sqlitestore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
