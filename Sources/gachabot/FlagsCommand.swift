import ArgumentParser
import Foundation
import Logging
import Premium
import Storage

/// `gachabot flags list|set|kill|revive|kill-all|revive-all`: feature flags in the database, for
/// operators only (no Discord command changes a flag). A member is in a flag's rollout when their
/// Unleash-compatible bucket (`FlagBucketing`) is at most the rollout, the flag is not killed,
/// and the global switch is not killed.
struct FlagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "List feature flags, set a flag's rollout, kill a flag (or every flag) at once, or run the guardrail check.",
        subcommands: [List.self, Set.self, Kill.self, Revive.self, KillAll.self, ReviveAll.self, Check.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every flag with its rollout, and the global switch.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await FlagsCommand.withStore(database) { store, _ in
                let (flags, killed) = try await store.readPremium { reader in (try await reader.featureFlags(), try await reader.flagsKilled()) }
                print("Global switch: \(killed ? "KILLED (every flag is off)" : "on")")
                if flags.isEmpty { print("No flags.") }
                for flag in flags {
                    print("\(flag.name): rollout \(flag.rollout)%\(flag.killed ? ", KILLED" : "")\(flag.guardrail.map { ", guardrail \($0)" } ?? "")")
                }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a flag or change its rollout (0-100); revives a killed flag.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The flag's name.") var name: String
        @Option(help: "The share of members in the rollout, 0 to 100.") var rollout: Int
        @Option(help: "A metric that rolls the flag back when the exposed group does worse (e.g. d7_retention).")
        var guardrail: String?

        func run() async throws {
            guard (0...100).contains(rollout) else { throw ValidationError("--rollout must be 0 to 100, not \(rollout)") }
            if let guardrail, GuardrailMetric(rawValue: guardrail) == nil {
                let known = GuardrailMetric.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--guardrail must be one of \(known), not \"\(guardrail)\"")
            }
            try await FlagsCommand.withStore(database) { store, now in
                let guardrail = self.guardrail
                let flag = FeatureFlag(name: name, rollout: rollout, killed: false, guardrail: guardrail, updatedAt: now)
                try flag.validate()
                try await store.writePremium { tx in
                    let existing = try await tx.featureFlag(flag.name)
                    var stored = flag
                    stored.guardrail = guardrail ?? existing?.guardrail
                    try await tx.upsertFeatureFlag(stored)
                    try await tx.appendFlagAudit(
                        FlagAuditEntry(
                            name: flag.name, rolloutBefore: existing?.rollout ?? 0, rolloutAfter: flag.rollout, actor: "cli",
                            reason: "gachabot flags set", at: now))
                }
                print("\(name): rollout \(rollout)%.")
            }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn one flag off for everyone at once (its rollout is kept).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The flag's name.") var name: String

        func run() async throws { try await FlagsCommand.setKilled(name, true, database) }
    }

    struct Revive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Undo `kill`: the flag's rollout applies again.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The flag's name.") var name: String

        func run() async throws { try await FlagsCommand.setKilled(name, false, database) }
    }

    struct KillAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "kill-all", abstract: "The global kill switch: every flag off at once.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await FlagsCommand.withStore(database) { store, now in
                try await store.writePremium { tx in try await tx.setFlagsKilled(true, at: now) }
                print("Every flag is off (global kill switch). `gachabot flags revive-all` undoes it.")
            }
        }
    }

    struct ReviveAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revive-all", abstract: "Undo `kill-all`.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await FlagsCommand.withStore(database) { store, now in
                try await store.writePremium { tx in try await tx.setFlagsKilled(false, at: now) }
                print("The global kill switch is off: each flag's rollout applies.")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare each guarded flag's exposed members with the rest; roll a flag back to 0% when its metric dropped too far.",
            discussion: """
                For every flag that names a guardrail (`flags set NAME --rollout N --guardrail trial_to_paid|d7_retention`), \
                not killed and above 0%: members in the rollout's buckets are compared with the rest over the window. When \
                the exposed group's rate is lower than the rest's by more than the threshold (relative), the flag goes to \
                0% and an audit row records the comparison. Too few members (under --min-users in either group, or under \
                --min-successes in the rest) keeps the flag. `gachabot run` runs this check daily, with the settings of GACHABOT_GUARDRAIL_FILE or the defaults.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A guardrail settings file (the format of GACHABOT_GUARDRAIL_FILE); the options below override it.")
        var config: String?
        @Option(help: "The relative drop that rolls a flag back (0.2: 20% lower).") var threshold: Double?
        @Option(help: "A flag's own threshold, as NAME=VALUE (repeatable).") var flagThreshold: [String] = []
        @Option(help: "How many days back the cohorts reach.") var windowDays: Int?
        @Option(help: "The fewest cohort members each group needs before judging.") var minUsers: Int?
        @Option(help: "The fewest successes the rest needs before judging.") var minSuccesses: Int?

        func run() async throws {
            var configuration = GuardrailConfiguration()
            if let config {
                do { configuration = try GuardrailConfiguration.read(path: config, source: "--config") } catch {
                    throw ValidationError("\(error)")
                }
            }
            for entry in flagThreshold {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let value = Double(parts[1]) else {
                    throw ValidationError("--flag-threshold must be NAME=VALUE (e.g. talk=0.1), not \"\(entry)\"")
                }
                configuration.thresholds[parts[0]] = value
            }
            if let threshold { configuration.threshold = threshold }
            if let windowDays {
                guard windowDays >= 1 else { throw ValidationError("--window-days must be at least 1, not \(windowDays)") }
                configuration.window = .seconds(Int64(windowDays) * 86_400)
            }
            if let minUsers { configuration.minimumUsersPerGroup = minUsers }
            if let minSuccesses { configuration.minimumSuccessesInRest = minSuccesses }
            do { try configuration.validate() } catch { throw ValidationError("\(error)") }
            try await FlagsCommand.withStore(database) { store, now in
                let results = try await FlagGuardrail(store: store, configuration: configuration, now: { now }).check()
                if results.isEmpty { print("No live flag names a guardrail.") }
                let logger = Logger(label: "gachabot.flags")
                for result in results {
                    print(result.description)
                    if result.verdict == .rolledBack { logger.warning("guardrail rolled a flag back: \(result)") }
                }
            }
        }
    }

    static func setKilled(_ name: String, _ killed: Bool, _ database: DatabaseOptions) async throws {
        try await withStore(database) { store, now in
            let found = try await store.writePremium { tx -> Bool in
                guard var flag = try await tx.featureFlag(name) else { return false }
                flag.killed = killed
                flag.updatedAt = now
                try await tx.upsertFeatureFlag(flag)
                return true
            }
            guard found else { throw ValidationError("no flag named \"\(name)\" (`gachabot flags list` shows them)") }
            print(killed ? "\(name) is off for everyone." : "\(name) follows its rollout again.")
        }
    }

    /// Opens the store (migrating it) and turns any failure into one line and exit status 1.
    static func withStore(_ database: DatabaseOptions, _ body: @escaping (any PremiumStore, Timestamp) async throws -> Void) async throws {
        LogSetup.bootstrap(secrets: { [] })
        let now = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        do {
            try FileManager.default.createDirectory(atPath: database.dataDirectory, withIntermediateDirectories: true)
            try await StoreOpener.withStore(try database.location(), logger: Logger(label: "gachabot")) { store in
                try await body(store, now)
            }
        } catch let error as ValidationError {
            printError("gachabot: \(error.message)")
            throw ExitCode(1)
        } catch {
            printError("gachabot: \(error)")
            throw ExitCode(1)
        }
    }
}
