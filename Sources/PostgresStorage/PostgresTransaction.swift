import Logging
import PostgresNIO
import Storage

/// The store primitives of every area on one PostgreSQL connection, inside a REPEATABLE READ
/// transaction the store opened. One type for all areas, so a cross-area operation is one
/// transaction; each area's primitives live in its own folder (`Kernel/`, `Gacha/`).
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs one statement and returns its rows, with the server's errors in the contract's terms.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await connection.query(query, logger: logger).collect()
        } catch let error as PSQLError {
            throw PostgresFailure(error).contractError
        }
    }

    /// Discord ids are unsigned 64-bit; PostgreSQL's BIGINT is signed. The bit pattern is kept.
    static func id(_ value: UInt64) -> Int64 { Int64(bitPattern: value) }

    static func player(guild: Int64, member: Int64) -> PlayerID {
        PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member)))
    }
}

/// A server error, sorted into what the store does with it: re-run the transaction, report a
/// duplicate or a constraint, or pass the server's own message on (which never holds a password:
/// the driver's `PSQLError` hides even that behind a generic description).
enum PostgresFailure: Error, CustomStringConvertible {
    /// 40001 serialization_failure or 40P01 deadlock_detected: the transaction may succeed if re-run.
    case conflict(sqlState: String)
    case store(StoreError)
    case server(sqlState: String, message: String)
    case connection(String)

    init(_ error: PSQLError) {
        guard error.code == .server, let info = error.serverInfo else {
            self = .connection(Self.reason(error))
            return
        }
        let state = info[.sqlState] ?? ""
        let message = info[.message] ?? "server error"
        switch state {
        case "40001", "40P01": self = .conflict(sqlState: state)
        case "23505":
            let table = info[.tableName] ?? ""
            self = .store(.duplicate(what: Self.rowNames[table] ?? table, key: info[.detail] ?? message))
        case "23514", "23503", "23502": self = .store(.constraintViolation(info[.detail] ?? message))
        default: self = .server(sqlState: state, message: message)
        }
    }

    /// The contract's error where there is one.
    var contractError: any Error {
        if case .store(let error) = self { return error }
        return self
    }

    var description: String {
        switch self {
        case .conflict(let state): "transaction conflict (SQLSTATE \(state))"
        case .store(let error): error.description
        case .server(let state, let message): "PostgreSQL error \(state): \(message)"
        case .connection(let reason): "PostgreSQL connection failed: \(reason)"
        }
    }

    /// The contract's name for a row of each table, as the SQLite store reports it.
    static let rowNames = [
        "players": "player", "ledger": "ledger entry", "idempotency_records": "idempotency record",
        "gacha_members": "member", "gacha_inventory": "inventory", "gacha_pulls": "pending pull",
        "premium_trials": "trial", "premium_flags": "feature flag",
    ]

    /// What went wrong on the way to the server: the server's message, or the socket's error.
    static func reason(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return error.code.description
    }
}
