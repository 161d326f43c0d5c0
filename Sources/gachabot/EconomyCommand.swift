import ArgumentParser
import Economy
import Foundation
import Logging
import Storage

/// `gachabot economy allocate --month YYYY-MM` and `gachabot economy earnings USER_ID`: the
/// creator revenue share, for operators (docs/economy.md).
struct EconomyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "economy",
        abstract: "Allocate a month's creator pool, or show a creator's earnings.",
        subcommands: [Allocate.self, Earnings.self]
    )

    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Share a finished month's creator pool. Idempotent: a second run prints the first run's report and writes nothing.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions
        @Option(help: "The month, YYYY-MM (UTC), after it has ended.") var month: String

        func run() async throws {
            try await EconomyCommand.withStore(database, economy) { store, configuration, now in
                let month = try AllocationMonth(self.month)
                let outcome = try await RevenueAllocator(store: store, configuration: configuration).allocate(month, now: now)
                print(outcome.report.render())
                print(outcome.applied ? "Applied." : "Already allocated on an earlier run: nothing written.")
            }
        }
    }

    struct Earnings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A creator's earnings: month to date, pending, payable, paid, history.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions
        @Argument(help: "The creator's Discord user id.") var userID: String

        func run() async throws {
            let creator = try PremiumCommand.user(userID)
            try await EconomyCommand.withStore(database, economy) { store, configuration, now in
                let (earnings, history) = try await CreatorEarnings.load(creator, configuration: configuration, now: now, store: store)
                if earnings.isEmpty { print("Creator \(creator.rawValue) has no earnings yet.") }
                for e in earnings {
                    print(
                        "\(e.currency.uppercased()): month to date \(AllocationReport.money(e.monthToDate)), pending "
                            + "\(AllocationReport.money(e.pending)), payable \(AllocationReport.money(e.payable)), paid \(AllocationReport.money(e.paid))")
                }
                for posting in history {
                    print(
                        "  \(PremiumCommand.format(posting.at)) \(posting.kind.rawValue) \(AllocationReport.money(-posting.entry.amount)) "
                            + "\(posting.entry.currency.uppercased()) (\(posting.reference))")
                }
            }
        }
    }

    /// Opens the store (migrating it) and reads the configuration; any failure is one line on
    /// standard error and exit status 1.
    static func withStore(
        _ database: DatabaseOptions, _ options: EconomyOptions,
        _ body: @escaping (any EconomyStore, EconomyConfiguration, Timestamp) async throws -> Void
    ) async throws {
        LogSetup.bootstrap(secrets: { [] })
        let now = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        do {
            let configuration = options.config.isEmpty ? EconomyConfiguration() : try EconomyConfiguration.load(path: options.config)
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            let location = try database.location()
            try await StoreOpener.withStore(location, logger: Logger(label: "gachabot")) { store in
                try await body(store, configuration, now)
            }
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `--config FILE`: the economy's configuration.
struct EconomyOptions: ParsableArguments {
    @Option(help: "The economy configuration (default: Assets/economy.json).") var config: String = "Assets/economy.json"

    /// For commands that take no `--config` (the shipped file, or the defaults when it is absent).
    static var defaults: EconomyOptions {
        var options = EconomyOptions()
        options.config = FileManager.default.fileExists(atPath: "Assets/economy.json") ? "Assets/economy.json" : ""
        return options
    }
}
