import Bot
import Foundation
import Logging
import PostgresStorage
import SQLiteStorage

/// `--database sqlite` (a new file in a temporary folder) or `--database postgres://…` (a new
/// database on that server, dropped afterwards): every gacha benchmark starts empty.
enum BenchmarkDatabase {
    case sqlite
    case postgres(PostgresURL)

    init(_ text: String) throws {
        if text == "sqlite" {
            self = .sqlite
        } else {
            self = .postgres(try PostgresURL(text))
        }
    }

    var name: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// `maximumConnections`: PostgreSQL's pool for this run.
    func withStore<T: Sendable>(maximumConnections: Int = 32, _ body: (any BotStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
            defer { try? store.close() }
            return try await body(store)
        case .postgres(let url):
            var logger = Logger(label: "benchmark")
            logger.logLevel = .error
            return try await PostgresStore.withTemporaryDatabase(
                serverURL: url, prefix: "gachabot_bench", maximumConnections: maximumConnections, logger: logger
            ) { store in try await body(store) }
        }
    }
}
