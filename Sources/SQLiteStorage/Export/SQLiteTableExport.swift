import Foundation
import GRDB
import Storage

/// Raw, read-only access to the SQLite file's tables, for `gachabot migrate-data`: which tables
/// and columns exist, and their rows in `rowid` order, a batch at a time. Table and column names
/// are checked against SQLite's own catalogue before they reach any SQL.
extension SQLiteStore {
    /// The store's tables: SQLite's and GRDB's bookkeeping, and the full-text index's shadow
    /// tables, left out.
    public func exportableTables() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name <> 'grdb_migrations' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                    AND name NOT IN (SELECT name || suffix FROM sqlite_master, (SELECT '_data' AS suffix UNION ALL SELECT '_idx'
                        UNION ALL SELECT '_content' UNION ALL SELECT '_docsize' UNION ALL SELECT '_config')
                        WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
                    ORDER BY name
                    """)
        }
    }

    /// A table's columns, in their declared order.
    public func exportColumns(of table: String) async throws -> [String] {
        try await pool.read { db in
            guard try Self.tableExists(table, db) else { throw SQLiteExportError.unknownTable(table) }
            return try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0["name"] }
        }
    }

    public func exportRowCount(of table: String) async throws -> Int {
        try await pool.read { db in
            guard try Self.tableExists(table, db) else { throw SQLiteExportError.unknownTable(table) }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
    }

    /// Up to `limit` rows of `columns` after `cursor` (nil: from the start) in key order, and the
    /// cursor to pass next (nil when no rows were left). Tables are read by `rowid`, or by their
    /// primary key when they are `WITHOUT ROWID`.
    public func exportRows(
        of table: String, columns: [String], after cursor: ExportCursor?, limit: Int
    ) async throws -> (rows: [[TableValue]], next: ExportCursor?) {
        try await pool.read { db in
            guard try Self.tableExists(table, db) else { throw SQLiteExportError.unknownTable(table) }
            let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?)", arguments: [table])
            let known = Set(info.map { $0["name"] as String })
            if let unknown = columns.first(where: { !known.contains($0) }) { throw SQLiteExportError.unknownColumn(table: table, column: unknown) }
            let withoutRowID = try Bool.fetchOne(
                db, sql: "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? false
            let key = withoutRowID
                ? info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { ($0["name"] as String).quotedDatabaseIdentifier }
                : ["rowid"]
            let keyList = key.joined(separator: ", ")
            let list = (key + columns.map(\.quotedDatabaseIdentifier)).joined(separator: ", ")
            var sql = "SELECT \(list) FROM \(table.quotedDatabaseIdentifier)"
            var arguments = StatementArguments()
            if let cursor {
                sql += " WHERE (\(keyList)) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
                arguments = StatementArguments(cursor.key)
            }
            sql += " ORDER BY \(keyList) LIMIT ?"
            arguments += [limit]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let values = rows.map { row in (key.count..<row.count).map { Self.exported(row[$0] as DatabaseValue) } }
            let next = rows.last.map { row in ExportCursor(key: (0..<key.count).map { row[$0] as DatabaseValue }) }
            return (values, next)
        }
    }

    static func tableExists(_ table: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? false
    }

    private static func exported(_ value: DatabaseValue) -> TableValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let double): .real(double)
        case .string(let string): .text(string)
        case .blob(let data): .blob(Array(data))
        }
    }
}

/// Where `exportRows` stopped: the last row's key.
public struct ExportCursor: Sendable {
    let key: [DatabaseValue]
}

public enum SQLiteExportError: Error, Equatable, CustomStringConvertible {
    case unknownTable(String)
    case unknownColumn(table: String, column: String)

    public var description: String {
        switch self {
        case .unknownTable(let table): "the SQLite database has no table \(table)"
        case .unknownColumn(let table, let column): "the SQLite table \(table) has no column \(column)"
        }
    }
}

extension SQLiteStore {
    /// `SUM(column)` over a table, for the copy's checks (ledger amounts).
    public func exportSum(of table: String, column: String) async throws -> Int64 {
        try await pool.read { db in
            guard try Self.tableExists(table, db) else { throw SQLiteExportError.unknownTable(table) }
            return try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(\(column.quotedDatabaseIdentifier)), 0) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
    }
}
