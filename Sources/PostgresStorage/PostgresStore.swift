import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Storage

/// Every area's state in one PostgreSQL database, through postgres-nio's connection pool.
///
/// Write transactions run at REPEATABLE READ (one snapshot each); a transaction that writes a row
/// another one changed after its snapshot fails with 40001 (or 40P01 for a deadlock), and the store
/// rolls it back and runs the body again, up to `maximumAttempts` times, which is why bodies must
/// be safe to re-run (see `Store`). What SERIALIZABLE would add, protection against two
/// transactions that read the same rows and write different ones, comes from `lockPlayer`, which
/// every operation of an area takes for the player it acts for. SERIALIZABLE itself is not used:
/// its predicate locks cover whole index pages of small tables, so transactions for different
/// players conflicted (see docs/decisions/0018). Duplicates are decided by unique constraints.
///
/// The pool's connections live while `run()` runs: use `PostgresStore.withStore`, which runs it
/// in a child task and ends it when the body returns.
public final class PostgresStore: Store {
    public let url: PostgresURL
    let client: PostgresClient
    let logger: Logger
    public let maximumAttempts: Int

    public static let defaultMaximumConnections = 16

    /// `maximumConnections`: the pool's size; nil takes the URL's `pool_size`, else 16.
    public init(url: PostgresURL, maximumConnections: Int? = nil, maximumAttempts: Int = 24, logger: Logger) {
        self.url = url
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = maximumConnections ?? url.poolSize ?? Self.defaultMaximumConnections
        configuration.options.connectTimeout = .seconds(5)
        // The pool logs every failed connection attempt at info; a failure reaches callers anyway.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.logger = logger
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// Opens a store on `url`, checks that the server answers and that its schema is not newer than
    /// this binary, applies pending migrations (unless `migrate` is false), runs `body`, and closes
    /// the pool. An unreachable server ends with `StoreOpenError.unreachable`, whose message names
    /// the URL without its password.
    @discardableResult
    public static func withStore<T: Sendable>(
        url: PostgresURL, maximumConnections: Int? = nil, logger: Logger, migrate: Bool = true,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = PostgresStore(url: url, maximumConnections: maximumConnections, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            try await store.checkReachable()
            if migrate { try await store.migrate() } else { try await PostgresMigrations.check(store) }
            return try await body(store)
        }
    }

    /// Connects once on a connection of its own, so a server that is down, refuses the login or
    /// lacks the database is reported at once with its reason (the pool would keep retrying).
    func checkReachable() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try url.connectionConfiguration(), id: 0,
                logger: logger
            ).get()
            try? await connection.close()
        } catch let error as PSQLError {
            throw StoreOpenError.unreachable(database: url.description, reason: PostgresFailure.reason(error))
        } catch {
            throw StoreOpenError.unreachable(database: url.description, reason: String(describing: error))
        }
    }

    /// Applies pending migrations and returns every applied identifier, oldest first.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await PostgresMigrations.migrate(self)
    }

    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) async throws -> T) async throws -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", body)
    }

    /// A read first runs as a single statement without BEGIN and COMMIT (one statement sees one
    /// snapshot), which saves two round trips for the many reads that need only one. A body that
    /// reaches for a second statement stops there and runs again inside a read-only REPEATABLE READ
    /// transaction, which sees one consistent state and never conflicts.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) async throws -> T) async throws -> T {
        do {
            return try await singleStatement(body)
        } catch is TransactionState.NeedsTransaction {
            return try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    private func singleStatement<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let transaction = PostgresTransaction(connection: connection, logger: logger, mode: .singleStatement)
                let result = try await body(transaction)
                // A body that caught `NeedsTransaction` itself must not return what it saw.
                if transaction.state.neededTransaction { throw TransactionState.NeedsTransaction() }
                return result
            }
        } catch let error as PSQLError {
            throw PostgresFailure(error).contractError
        }
    }

    /// Runs attempts until one commits, a non-conflict error ends it, or the attempts run out.
    /// Between attempts it waits a random time that doubles up to 64 ms ("full jitter"), so
    /// transactions that keep colliding on one hot row (one member's balance) spread out instead of
    /// colliding again in step.
    private func transaction<T: Sendable>(
        _ begin: PostgresQuery, _ body: @escaping @Sendable (PostgresTransaction) async throws -> T
    ) async throws -> T {
        for number in 1..<maximumAttempts {
            do {
                return try await attempt(begin, body)
            } catch PostgresFailure.conflict {
                let ceiling = Int64(1) << min(number + 9, 16)  // 1 ms, 2 ms … 64 ms, in microseconds
                try await Task.sleep(for: .microseconds(Int64.random(in: 0..<ceiling)))
            }
        }
        do {
            return try await attempt(begin, body)
        } catch PostgresFailure.conflict {
            throw StoreError.tooManyConflicts(attempts: maximumAttempts)
        }
    }

    private func attempt<T: Sendable>(
        _ begin: PostgresQuery, _ body: @escaping @Sendable (PostgresTransaction) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let transaction = PostgresTransaction(connection: connection, logger: logger, mode: .transaction)
                try await transaction.rows(begin)
                do {
                    let result = try await body(transaction)
                    try await transaction.rows("COMMIT")
                    return result
                } catch {
                    // After a failed statement the server ignores everything but ROLLBACK.
                    _ = try? await transaction.rows("ROLLBACK")
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw PostgresFailure(error).contractError
        }
    }
}
