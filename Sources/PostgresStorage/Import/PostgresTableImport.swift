import Logging
import NIOCore
import PostgresNIO
import Storage

/// A PostgreSQL table as `gachabot migrate-data` fills it: its columns with their types, whether
/// rows can be told apart (a primary key or unique constraint), and the tables it references.
public struct PostgresTableShape: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: String
        /// `format_type`'s spelling, used as the cast of each value (`bigint`, `jsonb`, `boolean`, …).
        public var type: String
        /// An identity column `GENERATED ALWAYS`: inserts need `OVERRIDING SYSTEM VALUE`.
        public var alwaysIdentity: Bool
    }

    public var name: String
    /// Generated columns are left out: the server computes them.
    public var columns: [Column]
    public var hasUniqueKey: Bool
    public var references: Set<String>
}

/// Raw access to the PostgreSQL database's tables for `gachabot migrate-data`: their shapes, and
/// inserts of copied rows that skip rows already there, so a copy can run again. Names come from
/// the server's catalogue and are quoted; values travel as binds.
extension PostgresStore {
    public func importableTables() async throws -> [PostgresTableShape] {
        try await read { tx in
            let names = try await tx.rows("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname
                """).map { try $0.decode(String.self) }
            var shapes: [PostgresTableShape] = []
            for name in names {
                let columns = try await tx.rows("""
                    SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attidentity = 'a'
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relname = \(name) AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
                      AND a.attgenerated = ''
                    ORDER BY a.attnum
                    """).map { row in
                    let (column, type, always) = try row.decode((String, String, Bool).self)
                    return PostgresTableShape.Column(name: column, type: type, alwaysIdentity: always)
                }
                let unique = try await tx.rows("""
                    SELECT COUNT(*) > 0 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relname = \(name) AND n.nspname = current_schema() AND i.indisunique
                    """).first?.decode(Bool.self) ?? false
                let references = try await tx.rows("""
                    SELECT DISTINCT r.relname::text FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                    JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE k.contype = 'f' AND c.relname = \(name) AND n.nspname = current_schema() AND r.relname <> c.relname
                    """).map { try $0.decode(String.self) }
                shapes.append(PostgresTableShape(name: name, columns: columns, hasUniqueKey: unique, references: Set(references)))
            }
            return shapes
        }
    }

    public func importRowCount(of table: PostgresTableShape) async throws -> Int {
        try await read { tx in
            try await tx.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(Self.quoted(table.name))")).first?.decode(Int.self) ?? 0
        }
    }

    /// Inserts `rows` (values in the order of `columns`) in one transaction; a row whose key is
    /// already there is skipped. Returns how many rows were inserted.
    @discardableResult
    public func importRows(into table: PostgresTableShape, columns: [String], rows: [[TableValue]]) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let types = try columns.map { name in
            guard let column = table.columns.first(where: { $0.name == name }) else {
                throw StoreError.constraintViolation("the PostgreSQL table \(table.name) has no column \(name)")
            }
            return column.type
        }
        let overriding = table.columns.contains { $0.alwaysIdentity && columns.contains($0.name) }
        let head = "INSERT INTO \(Self.quoted(table.name)) (\(columns.map(Self.quoted).joined(separator: ", ")))"
            + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES "
        return try await write { tx in
            var inserted = 0
            // A statement's binds are capped at 65,535; 200 rows of a wide table stay well under.
            for chunk in stride(from: 0, to: rows.count, by: 200).map({ Array(rows[$0..<min($0 + 200, rows.count)]) }) {
                var bindings = PostgresBindings()
                var tuples: [String] = []
                for row in chunk {
                    var placeholders: [String] = []
                    for (value, type) in zip(row, types) {
                        switch value {
                        case .null: bindings.appendNull()
                        case .integer(let integer): bindings.append(String(integer))
                        case .real(let double): bindings.append("\(double)")
                        case .text(let text): bindings.append(text)
                        case .blob(let bytes):
                            // Bytes into bytea as they are; into a text column as UTF-8.
                            if type == "bytea" {
                                bindings.append(ByteBuffer(bytes: bytes))
                            } else {
                                bindings.append(String(decoding: bytes, as: UTF8.self))
                            }
                        }
                        let cast = value.isBlob && type == "bytea" ? "" : "::\(type)"
                        placeholders.append("$\(bindings.count)\(cast)")
                    }
                    tuples.append("(\(placeholders.joined(separator: ", ")))")
                }
                let sql = head + tuples.joined(separator: ", ") + " ON CONFLICT DO NOTHING RETURNING 1"
                inserted += try await tx.rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).count
            }
            return inserted
        }
    }

    /// Moves each identity or serial column's sequence past the largest value copied, so new rows
    /// do not collide with copied ones.
    public func resetSequences(of table: PostgresTableShape) async throws {
        try await write { tx in
            for column in table.columns {
                guard
                    let sequence = try await tx.rows("SELECT pg_get_serial_sequence(\(Self.quoted(table.name)), \(column.name))")
                        .first?.decode(String?.self)
                else { continue }
                try await tx.rows(PostgresQuery(unsafeSQL: """
                    SELECT setval(\(Self.literal(sequence)), COALESCE((SELECT MAX(\(Self.quoted(column.name))) FROM \(Self.quoted(table.name))), 0) + 1, false)
                    """))
            }
        }
    }

    /// `SUM(column)` over a table, for the copy's checks (ledger amounts).
    public func importSum(of table: String, column: String) async throws -> Int64 {
        try await read { tx in
            try await tx.rows(PostgresQuery(unsafeSQL: "SELECT COALESCE(SUM(\(Self.quoted(column))), 0)::BIGINT FROM \(Self.quoted(table))"))
                .first?.decode(Int64.self) ?? 0
        }
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

extension TableValue {
    var isBlob: Bool { if case .blob = self { true } else { false } }
}
