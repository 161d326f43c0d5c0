import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Creates a database of its own on the server `serverURL` points at (its name is
    /// `prefix` and a random suffix), runs `body` with a migrated store on it, and drops it. Tests
    /// and benchmarks use it so each run starts empty and runs beside others.
    public static func withTemporaryDatabase<T: Sendable>(
        serverURL: PostgresURL, prefix: String = "gachabot_tmp", maximumConnections: Int = 4, logger: Logger,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await administer(serverURL, logger: logger, "CREATE DATABASE \(name)")
        var url = serverURL
        url.database = name
        do {
            let result = try await withStore(url: url, maximumConnections: maximumConnections, logger: logger, body)
            try await administer(serverURL, logger: logger, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await administer(serverURL, logger: logger, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// One statement outside any transaction (CREATE and DROP DATABASE refuse to run in one), on a
    /// single connection to the server's database.
    private static func administer(_ url: PostgresURL, logger: Logger, _ statement: String) async throws {
        let store = PostgresStore(url: url, maximumConnections: 1, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            try await store.checkReachable()
            do {
                _ = try await store.client.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
            } catch let error as PSQLError {
                throw PostgresFailure(error)
            }
        }
    }
}
