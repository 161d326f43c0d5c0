import ArgumentParser
import Foundation
import Logging
import PostgresStorage
import SQLiteStorage
import StoreMigration

/// `gachabot migrate-data --from sqlite:PATH --to postgres://…`: moving a bot that outgrew SQLite.
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy everything from a SQLite store into PostgreSQL, then check counts and ledger sums. Safe to run again.",
        discussion: """
            Stop the bot first: the copy reads the SQLite file table by table. PostgreSQL is migrated to this binary's \
            schema, the rows are copied in foreign-key order (rows already there are skipped), pack images move from the \
            data folder's blobs/ into the database, and sequences move past the copied ids. The copy then compares every \
            table's row count and the points and money ledgers' sums, and checks both ledgers' invariants on PostgreSQL. \
            Exit status 0 only when all of it agrees.
            """)

    @Option(help: "The SQLite store to copy: sqlite:PATH.") var from: String
    @Option(help: "The PostgreSQL database to fill: postgres://USER:PASSWORD@HOST:PORT/DATABASE.") var to: String
    @Option(help: "Folder of the SQLite store's pack images (default: blobs/ beside the SQLite file).") var blobs: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        LogSetup.bootstrap(secrets: { [] })
        guard case .sqlite(let path) = try DatabaseLocation(from) else { throw ValidationError("--from must be sqlite:PATH, not \(from)") }
        guard case .postgres(let url) = try DatabaseLocation(to) else { throw ValidationError("--to must be a postgres:// URL") }
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("--from: there is no SQLite file at \(path)") }
        let blobDirectory = URL(fileURLWithPath: blobs ?? URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("blobs").path)
        var logger = Logger(label: "gachabot")
        logger.logLevel = .warning
        do {
            let source = try StoreOpener.openSQLite(path)
            defer { try? source.close() }
            let json = self.json
            let report = try await PostgresStore.withStore(url: url, logger: logger) { target in
                try await SQLiteToPostgresCopy(
                    source: source, target: target, blobDirectory: blobDirectory, progress: { if !json { print($0) } }
                ).run()
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                for sum in report.ledgerSums { print("\(sum.table): sum \(sum.source) in SQLite, \(sum.target) in PostgreSQL") }
                print(report.problems.isEmpty ? "Copied and checked: every count, sum and invariant agrees." : "Problems:")
            }
            for problem in report.problems { printError("  \(problem)") }
            if !report.problems.isEmpty { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("gachabot migrate-data: \(error)")
            throw ExitCode(1)
        }
    }
}
