import Foundation
import Logging
import PostgresStorage
import StoreConformance
import Testing

/// The whole store contract on a real PostgreSQL server, one new database per case.
/// `scripts/test` starts a throwaway server and sets `GACHABOT_TEST_POSTGRES_URL`.
@Suite("Store conformance: PostgreSQL", .enabled(if: TestPostgres.url != nil, TestPostgres.skipReason))
struct PostgresConformanceTests {
    static let suite = StoreConformance<PostgresStore>(
        serializesWriters: false,
        withStore: { body in try await TestPostgres.withStore { store in try await body(store) } },
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

/// The test server, from the environment.
enum TestPostgres {
    static let url: PostgresURL? = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }
    static let skipReason: Comment =
        "GACHABOT_TEST_POSTGRES_URL is not set: scripts/test starts a throwaway PostgreSQL and sets it"

    static var logger: Logger {
        var logger = Logger(label: "postgres-tests")
        logger.logLevel = .error
        return logger
    }

    static func withStore<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        let url = try #require(url)
        return try await PostgresStore.withTemporaryDatabase(serverURL: url, prefix: "gachabot_test", logger: logger, body)
    }
}

/// CI must never skip the PostgreSQL tests silently.
@Test func postgresIsConfiguredWhenRunningInCI() {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        #expect(TestPostgres.url != nil, "CI=true but GACHABOT_TEST_POSTGRES_URL is missing or invalid")
    }
}
