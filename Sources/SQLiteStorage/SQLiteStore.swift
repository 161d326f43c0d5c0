import Foundation
import GRDB
import Storage

/// Every area's state in one SQLite file, through GRDB: a `DatabasePool` in WAL mode whose writer
/// connection runs write transactions one at a time, a few read-only connections for snapshots,
/// foreign keys on, and the schema kept by versioned migrations that run when the store opens.
///
/// GRDB's transaction closures are synchronous, and store bodies are async (PostgreSQL's driver
/// is). So the store opens a transaction itself on a connection it hands to one body at a time
/// (`ConnectionPool`), and the body's primitives run their statements on that connection. Writers
/// are serialized, so no SQLite write ever conflicts and bodies never need a re-run here; writes
/// that queue share one commit (group commit, decision 0028).
public final class SQLiteStore: Store {
    /// Where the bot keeps its database unless told otherwise.
    public static let defaultPath = "./data/gachabot.sqlite"

    public let path: String
    private let pool: DatabasePool
    private let writer: GroupCommitWriter
    private let readers: ConnectionPool<DatabaseQueue>
    private let readerQueues: [DatabaseQueue]
    private let checkpointer: WALCheckpointer

    /// Opens (creating the folder and the file if needed) and migrates the database at `path`.
    /// `checkpointInterval`: write transactions between two WAL checkpoints (a few pages each).
    /// `readerCount`: connections for concurrent read snapshots.
    public init(path: String = SQLiteStore.defaultPath, checkpointInterval: Int = 64, readerCount: Int = 2) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Self.configuration
        // Checkpoints run off the write path (see `WALCheckpointer`).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SchemaMigrations.check(pool)
        try SchemaMigrations.migrator.migrate(pool)
        var readerConfiguration = Self.configuration
        readerConfiguration.readonly = true
        readerQueues = try (0..<max(1, readerCount)).map { index in
            readerConfiguration.label = "reader \(index)"
            return try DatabaseQueue(path: path, configuration: readerConfiguration)
        }
        readers = ConnectionPool(readerQueues)
        let checkpointer = try WALCheckpointer(path: path, interval: checkpointInterval)
        self.checkpointer = checkpointer
        writer = GroupCommitWriter(connection: pool, didCommit: { checkpointer.didCommit() })
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (say `gachabot migrate`) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        // The store's transactions span several GRDB accesses (one per primitive).
        configuration.allowsUnsafeTransactions = true
        return configuration
    }

    /// Writes that queue behind another share its commit (`GroupCommitWriter`): each body still
    /// runs alone, and its caller returns once its work is durable.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) async throws -> T) async throws -> T {
        try await writer.write(body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) async throws -> T) async throws -> T {
        try await readers.withConnection { connection in
            try await Self.transaction(SQLiteTransaction(connection: connection), begin: "BEGIN DEFERRED", body)
        }
    }

    private static func transaction<T>(
        _ transaction: SQLiteTransaction, begin: String, _ body: (SQLiteTransaction) async throws -> T
    ) async throws -> T {
        try transaction.run { db in try db.execute(sql: begin) }
        do {
            let result = try await body(transaction)
            try transaction.run { db in try db.execute(sql: "COMMIT") }
            return result
        } catch {
            try? transaction.run { db in if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") } }
            throw error
        }
    }

    /// Applies every pending migration and returns the identifiers now applied, oldest first.
    /// Opening the store already does this; `gachabot migrate` calls it to report.
    @discardableResult
    public func migrate() throws -> [String] {
        try SchemaMigrations.migrator.migrate(pool)
        // In the order they were declared: sorting by name put "v14_…" before "v1_…".
        let applied = try pool.read { db in try SchemaMigrations.migrator.appliedIdentifiers(db) }
        return Self.knownMigrations.filter(applied.contains) + applied.subtracting(Self.knownMigrations).sorted()
    }

    /// The identifiers of every migration this build knows, in order.
    public static var knownMigrations: [String] { SchemaMigrations.all.map(\.identifier) }

    /// Closes the file; later calls fail. Tests use it to simulate a restart.
    public func close() throws {
        try checkpointer.close()
        for reader in readerQueues { try reader.close() }
        try pool.close()
    }

    /// Writes queued behind the batch that runs now, and the write batches run so far: what group
    /// commit did (tests and benchmarks read them).
    public var waitingWrites: Int { writer.waitingWrites }
    public var writeBatches: Int { writer.batches }

    /// Checkpoints run so far (tests read it).
    public var completedCheckpoints: Int { checkpointer.completedCheckpoints }

    /// Waits until a queued checkpoint has run (tests use it to make the WAL's size predictable).
    public func waitForCheckpoint() { checkpointer.drain() }
}

extension SQLiteStore {
    /// The statements of the first migration, so a test can build a file as the first release
    /// left it and check what the later migrations make of its rows.
    public static var firstSchemaForTests: [String] { SchemaMigrations.all[0].statements }
}
