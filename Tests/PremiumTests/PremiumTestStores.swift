import Foundation
import Logging
import PostgresStorage
import Premium
import SQLiteStorage
import Storage
import Testing

/// The databases the premium tests run on: SQLite always, PostgreSQL when
/// `GACHABOT_TEST_POSTGRES_URL` names a server (`scripts/with-postgres` sets it; CI requires it).
enum PremiumTestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }

    static var available: [PremiumTestDatabase] {
        postgresURL == nil && ProcessInfo.processInfo.environment["CI"] != "true" ? [.sqlite] : allCases
    }

    static var logger: Logger {
        var logger = Logger(label: "premium-tests")
        logger.logLevel = .error
        return logger
    }

    /// Runs `body` with a new, migrated store of this database and removes it afterwards.
    func withStore(_ body: (any PremiumStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("premium-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
            defer { try? store.close() }
            try await body(store)
        case .postgres:
            let url = try #require(Self.postgresURL, "CI=true but GACHABOT_TEST_POSTGRES_URL is missing or invalid")
            try await PostgresStore.withTemporaryDatabase(serverURL: url, prefix: "gachabot_premium", logger: Self.logger) { store in
                try await body(store)
            }
        }
    }
}

extension PremiumTestDatabase {
    /// Runs `body` with two independent stores on one new database, as two processes would have:
    /// two SQLite pools on one file, or two PostgreSQL connection pools on one database.
    func withTwoStores(_ body: (any PremiumStore, any PremiumStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("premium-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("store.sqlite").path
            let first = try SQLiteStore(path: path)
            defer { try? first.close() }
            let second = try SQLiteStore(path: path)
            defer { try? second.close() }
            try await body(first, second)
        case .postgres:
            let url = try #require(Self.postgresURL, "CI=true but GACHABOT_TEST_POSTGRES_URL is missing or invalid")
            try await PostgresStore.withTemporaryDatabase(serverURL: url, prefix: "gachabot_premium", logger: Self.logger) { first in
                try await PostgresStore.withStore(url: first.url, maximumConnections: 2, logger: Self.logger) { second in
                    try await body(first, second)
                }
            }
        }
    }
}

extension Timestamp {
    static func seconds(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: seconds * 1000) }
}
