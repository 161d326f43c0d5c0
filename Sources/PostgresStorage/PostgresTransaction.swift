import Logging
import PostgresNIO
import Storage
import Synchronization

/// The store primitives of every area on one PostgreSQL connection, inside a REPEATABLE READ
/// transaction the store opened. One type for all areas, so a cross-area operation is one
/// transaction; each area's primitives live in its own folder (`Kernel/`, `Gacha/`).
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let state: TransactionState

    init(connection: PostgresConnection, logger: Logger, mode: TransactionState.Mode) {
        self.connection = connection
        self.logger = logger
        self.state = TransactionState(mode: mode)
    }

    /// Runs one statement and returns its rows, with the server's errors in the contract's terms.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try state.statementStarts()
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

/// What one transaction knows beyond its statements: whether it may run another statement, and the
/// balances it has seen since it locked a player's row.
final class TransactionState: Sendable {
    enum Mode: Sendable {
        /// Inside BEGIN … COMMIT.
        case transaction
        /// A read run as one statement without BEGIN (one statement is one snapshot); a second
        /// statement throws `needsTransaction` and the store runs the body again inside BEGIN.
        case singleStatement
    }

    /// Thrown by a single-statement read that needs more than one statement.
    struct NeedsTransaction: Error {}

    private struct Values {
        var statements = 0
        var balances: [PlayerID: Int64] = [:]
    }

    let mode: Mode
    private let values = Mutex(Values())

    init(mode: Mode) { self.mode = mode }

    func statementStarts() throws {
        let count = values.withLock { values in
            values.statements += 1
            return values.statements
        }
        if mode == .singleStatement && count > 1 { throw NeedsTransaction() }
    }

    /// Whether a single-statement read tried a second statement (even if its body caught the error).
    var neededTransaction: Bool { mode == .singleStatement && values.withLock { $0.statements > 1 } }

    /// A balance read while this transaction holds the player's row lock (or after it moved the
    /// balance itself): nothing else can change it before the commit, so it needs no second read.
    func knownBalance(_ player: PlayerID) -> Int64? { values.withLock { $0.balances[player] } }

    func remember(balance: Int64, of player: PlayerID) { values.withLock { $0.balances[player] = balance } }
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
        "packs": "pack", "pack_reports": "pack report", "pack_banned_creators": "banned creator",
        "premium_trials": "trial", "premium_flags": "feature flag",
    ]

    /// What went wrong on the way to the server: the server's message, or the socket's error.
    static func reason(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return error.code.description
    }
}
