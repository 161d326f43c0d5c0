import Foundation
import GRDB
import Storage

/// The game store on a SQLite file, through GRDB: a `DatabasePool` in WAL mode (one writer at a
/// time, readers in parallel), foreign keys on, and the schema kept by versioned migrations that
/// run when the store opens.
public final class SQLiteGameStore: GameStore {
    /// Where the bot keeps its database unless told otherwise.
    public static let defaultPath = "./data/gachabot.sqlite"

    public let path: String
    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer

    /// Opens (creating the folder and the file if needed) and migrates the database at `path`.
    /// `checkpointInterval`: write transactions between two WAL checkpoints (a few pages each).
    public init(path: String = SQLiteGameStore.defaultPath, checkpointInterval: Int = 64) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (say `gachabot migrate`) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        // Checkpoints run off the write path (see `WALCheckpointer`).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        checkpointer = try WALCheckpointer(path: path, interval: checkpointInterval)
    }

    /// Applies every pending migration and returns the identifiers now applied, oldest first.
    /// Opening the store already does this; `gachabot migrate` calls it to report.
    @discardableResult
    public func migrate() throws -> [String] {
        try Self.migrator.migrate(pool)
        return try pool.read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    /// `gachabot migrate`: opens (creating if needed) the database at `path`, applies pending
    /// migrations, closes it, and returns the applied identifiers.
    public static func migrate(path: String = SQLiteGameStore.defaultPath) throws -> [String] {
        let store = try SQLiteGameStore(path: path)
        defer { try? store.close() }
        return try store.migrate()
    }

    /// The identifiers of every migration this build knows, in order.
    public static var knownMigrations: [String] { SchemaMigrations.all.map(\.identifier) }

    /// Closes the file; later calls fail. Tests use it to simulate a restart.
    public func close() throws {
        try checkpointer.close()
        try pool.close()
    }

    /// Checkpoints run so far (tests read it).
    public var completedCheckpoints: Int { checkpointer.completedCheckpoints }

    /// Waits until a queued checkpoint has run (tests use it to make the WAL's size predictable).
    public func waitForCheckpoint() { checkpointer.drain() }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        do {
            let result = try await pool.write { db in try body(SQLiteTransaction(db: db)) }
            checkpointer.didCommit()
            return result
        } catch let error as DatabaseError {
            throw SQLiteTransaction.translate(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        do {
            return try await pool.read { db in try body(SQLiteTransaction(db: db)) }
        } catch let error as DatabaseError {
            throw SQLiteTransaction.translate(error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in SchemaMigrations.all {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }
}
