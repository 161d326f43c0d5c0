import Economy
import Foundation
import Packs
import PostgresStorage
import SQLiteStorage
import Storage

/// `gachabot migrate-data`: copies a SQLite store into a PostgreSQL one, table by table in the
/// order their foreign keys need, then the pack images from the data folder's blob files, and
/// checks the result: every table's row count, the points and money ledgers' sums, and both
/// ledgers' invariants on the copy.
///
/// Safe to run again: rows already copied are skipped by their keys (`ON CONFLICT DO NOTHING`),
/// blobs are content-addressed, and sequences are moved past the copied ids. The bot must not
/// write to the SQLite file meanwhile (stop it first): the copy reads each table in turn.
public struct SQLiteToPostgresCopy: Sendable {
    /// Tables the copy leaves alone, and why.
    public static let notCopied: [String: String] = [
        "schema_migrations": "each database records its own migrations",
        "pack_search": "PostgreSQL's trigger fills it from packs",
        "economy_payable_versions": "PostgreSQL's own conflict counters",
        "blobs": "filled from the data folder's blob files",
    ]
    /// SQLite columns PostgreSQL has no use for, and why: not copied, not counted as lost.
    public static let sqliteOnlyColumns: [String: [String: String]] = [
        "packs": ["seq": "the row key SQLite's full-text index refers to; PostgreSQL indexes packs in pack_search"]
    ]
    /// Ledgers whose sums must match: (table, amount column).
    public static let ledgers: [(table: String, column: String)] = [("ledger", "amount"), ("economy_entries", "amount")]

    let source: SQLiteStore
    let target: PostgresStore
    let blobDirectory: URL?
    let batchSize: Int
    let progress: @Sendable (String) -> Void

    public init(
        source: SQLiteStore, target: PostgresStore, blobDirectory: URL?, batchSize: Int = 1_000,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.source = source
        self.target = target
        self.blobDirectory = blobDirectory
        self.batchSize = max(1, batchSize)
        self.progress = progress
    }

    /// Checks every table before copying anything: a SQLite table or column PostgreSQL lacks
    /// would be lost, so the copy refuses to start.
    public func run() async throws -> DataCopyReport {
        let sourceTables = Set(try await source.exportableTables())
        let shapes = try await target.importableTables().filter { Self.notCopied[$0.name] == nil && sourceTables.contains($0.name) }
        let lost = sourceTables.subtracting(shapes.map(\.name)).subtracting(Self.notCopied.keys).sorted()
        guard lost.isEmpty else { throw DataCopyError.missingTables(lost) }
        var plans: [(shape: PostgresTableShape, columns: [String])] = []
        for shape in try Self.ordered(shapes) {
            let ignored = Self.sqliteOnlyColumns[shape.name] ?? [:]
            let columns = try await source.exportColumns(of: shape.name).filter { ignored[$0] == nil }
            let missing = columns.filter { name in !shape.columns.contains { $0.name == name } }
            guard missing.isEmpty else { throw DataCopyError.missingColumns(table: shape.name, columns: missing) }
            plans.append((shape, columns))
        }

        var report = DataCopyReport()
        for (shape, columns) in plans {
            let sourceCount = try await source.exportRowCount(of: shape.name)
            let before = try await target.importRowCount(of: shape)
            var inserted = 0
            if !shape.hasUniqueKey && before > 0 {
                // Rows without a key cannot be told apart: copy only into an empty table.
                guard before == sourceCount else { throw DataCopyError.cannotResume(table: shape.name, source: sourceCount, target: before) }
            } else {
                var cursor: ExportCursor?
                repeat {
                    let batch = try await source.exportRows(of: shape.name, columns: columns, after: cursor, limit: batchSize)
                    inserted += try await target.importRows(into: shape, columns: columns, rows: batch.rows)
                    cursor = batch.next
                } while cursor != nil
                try await target.resetSequences(of: shape)
            }
            let targetCount = try await target.importRowCount(of: shape)
            report.tables.append(.init(name: shape.name, source: sourceCount, target: targetCount, inserted: inserted))
            progress("\(shape.name): \(sourceCount) rows, \(inserted) copied now, \(targetCount) in PostgreSQL")
            if targetCount != sourceCount {
                report.problems.append("\(shape.name): \(sourceCount) rows in SQLite, \(targetCount) in PostgreSQL")
            }
        }

        try await copyBlobs(into: &report)

        for ledger in Self.ledgers where sourceTables.contains(ledger.table) {
            let sums = DataCopyReport.LedgerSum(
                table: ledger.table, source: try await source.exportSum(of: ledger.table, column: ledger.column),
                target: try await target.importSum(of: ledger.table, column: ledger.column))
            report.ledgerSums.append(sums)
            if sums.source != sums.target { report.problems.append("\(ledger.table): sums \(sums.source) in SQLite, \(sums.target) in PostgreSQL") }
        }
        let points = try await target.read { try await $0.ledgerDiscrepancies() }
        let money = try await target.read { try await $0.moneyDiscrepancies() }
        report.problems += points.map { "points ledger on PostgreSQL: \($0)" } + money.map { "money ledger on PostgreSQL: \($0)" }
        return report
    }

    /// Pack images: every blob file of the data folder, stored in PostgreSQL under its address.
    func copyBlobs(into report: inout DataCopyReport) async throws {
        guard let blobDirectory, FileManager.default.fileExists(atPath: blobDirectory.path) else { return }
        let files = FileManager.default.enumerator(at: blobDirectory, includingPropertiesForKeys: [.isRegularFileKey])
        var urls: [URL] = []
        while let url = files?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, !url.lastPathComponent.hasPrefix(".") else { continue }
            urls.append(url)
        }
        for url in urls.sorted(by: { $0.path < $1.path }) {
            let data = try Data(contentsOf: url)
            let address = try await target.put(data)
            if address.rawValue == url.lastPathComponent {
                report.blobs += 1
            } else {
                report.problems.append("blob \(url.lastPathComponent): its bytes hash to \(address.rawValue) (a damaged file)")
            }
        }
        progress("pack images: \(report.blobs) in PostgreSQL")
    }

    /// Referenced tables first; a cycle (none today) is refused rather than guessed.
    static func ordered(_ shapes: [PostgresTableShape]) throws -> [PostgresTableShape] {
        var remaining = Dictionary(uniqueKeysWithValues: shapes.map { ($0.name, $0) })
        var ordered: [PostgresTableShape] = []
        var placed: Set<String> = []
        while !remaining.isEmpty {
            let ready = remaining.values.filter { $0.references.subtracting(placed).intersection(remaining.keys).isEmpty }
                .sorted { $0.name < $1.name }
            guard !ready.isEmpty else { throw DataCopyError.referenceCycle(remaining.keys.sorted()) }
            for shape in ready {
                ordered.append(shape)
                placed.insert(shape.name)
                remaining[shape.name] = nil
            }
        }
        return ordered
    }
}

/// What a copy did and found. `problems` empty: the copy is complete and consistent.
public struct DataCopyReport: Sendable, Encodable {
    public struct Table: Sendable, Encodable {
        public var name: String
        public var source: Int
        public var target: Int
        public var inserted: Int
    }

    public struct LedgerSum: Sendable, Encodable {
        public var table: String
        public var source: Int64
        public var target: Int64
    }

    public var tables: [Table] = []
    public var blobs = 0
    public var ledgerSums: [LedgerSum] = []
    public var problems: [String] = []
}

public enum DataCopyError: Error, Equatable, CustomStringConvertible {
    case missingTables([String])
    case missingColumns(table: String, columns: [String])
    case cannotResume(table: String, source: Int, target: Int)
    case referenceCycle([String])

    public var description: String {
        switch self {
        case .missingTables(let tables):
            "PostgreSQL has no table for \(tables.joined(separator: ", ")): run this binary's migrations there, or use the binary that wrote the SQLite file"
        case .missingColumns(let table, let columns):
            "PostgreSQL's \(table) has no column \(columns.joined(separator: ", ")): its data would be lost, so nothing was copied"
        case .cannotResume(let table, let source, let target):
            "\(table) has no key to skip copied rows by, and PostgreSQL already holds \(target) of its \(source) rows: empty that table and run again"
        case .referenceCycle(let tables): "the tables \(tables.joined(separator: ", ")) reference each other; no copy order exists"
        }
    }
}
