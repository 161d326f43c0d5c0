import Bot
import CoreMetrics
import Foundation
import Logging
import Packs
import PostgresStorage
import SQLiteStorage
import Storage

/// Opens the store at a location for the length of `body`, migrating it first, and closes it
/// afterwards. Every failure to open is a `StoreOpenError` with one clear message.
enum StoreOpener {
    /// `metrics`: where the store's transaction metrics go (the HTTP server's registry); nil: nowhere.
    static func withStore<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, metrics: (any MetricsFactory)? = nil, _ body: (any BotStore) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            let store = try openSQLite(path, metrics: storeMetrics(metrics, .sqlite))
            defer { try? store.close() }
            return try await body(store)
        case .postgres(let url):
            return try await PostgresStore.withStore(url: url, logger: logger, metrics: storeMetrics(metrics, .postgresql)) { store in
                try await body(store)
            }
        }
    }

    static func storeMetrics(_ factory: (any MetricsFactory)?, _ database: StoreMetrics.Database) -> StoreMetrics {
        factory.map { StoreMetrics(factory: $0, database: database) } ?? .disabled(database)
    }

    /// The store and where pack images live: with SQLite, files under `DATA/blobs`; with
    /// PostgreSQL, the database's `blobs` table (decision 0021).
    static func withPacksStore<T: Sendable>(
        _ location: DatabaseLocation, dataDirectory: String, logger: Logger,
        _ body: (any BotStore, any PackBlobStore) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            let store = try openSQLite(path)
            defer { try? store.close() }
            let blobs = FileBlobStore(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("blobs", isDirectory: true))
            return try await body(store, blobs)
        case .postgres(let url):
            return try await PostgresStore.withStore(url: url, logger: logger) { store in try await body(store, store) }
        }
    }

    /// Applies pending migrations and returns what is applied, oldest first.
    static func migrate(_ location: DatabaseLocation, logger: Logger) async throws -> [String] {
        switch location {
        case .sqlite(let path):
            let store = try openSQLite(path)
            defer { try? store.close() }
            return try store.migrate()
        case .postgres(let url):
            return try await PostgresStore.withStore(url: url, logger: logger) { store in try await store.migrate() }
        }
    }

    static func openSQLite(_ path: String, metrics: StoreMetrics = .disabled(.sqlite)) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: path, metrics: metrics)
        } catch let error as StoreOpenError {
            throw error
        } catch {
            throw StoreOpenError.unreachable(database: "sqlite:\(path)", reason: String(describing: error))
        }
    }
}
