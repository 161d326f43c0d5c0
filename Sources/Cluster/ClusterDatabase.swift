import Logging
import PostgresNIO

/// Statements on the cluster's own connection pool, with errors named without the password.
struct ClusterDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// One statement, its rows collected.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch let error as PSQLError {
            throw ClusterError.database(Self.describe(error))
        }
    }

    /// A READ COMMITTED transaction on one connection: row locks (`FOR UPDATE`) serialize the
    /// processes, and an UPDATE's WHERE is checked again after a lock wait.
    func transaction<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                let handle = Connection(connection: connection, logger: logger)
                _ = try await handle.rows("BEGIN")
                do {
                    let result = try await body(handle)
                    _ = try await handle.rows("COMMIT")
                    return result
                } catch {
                    _ = try? await handle.rows("ROLLBACK")
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw ClusterError.database(Self.describe(error))
        }
    }

    struct Connection {
        let connection: PostgresConnection
        let logger: Logger

        func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
            try await connection.query(query, logger: logger).collect()
        }
    }

    /// The server's message and SQLSTATE, never the connection's configuration.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        return "\(error.code)"
    }
}

/// What the cluster's coordination can fail with.
public enum ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database refused or could not run a statement.
    case database(String)

    public var description: String {
        switch self {
        case .database(let reason): "cluster coordination in PostgreSQL failed: \(reason)"
        }
    }
}
