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
        abstract: "List feature flags, set a flag's rollout, or kill a flag (or every flag) at once.",
        subcommands: [List.self, Set.self, Kill.self, Revive.self, KillAll.self, ReviveAll.self]
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
            try await FlagsCommand.withStore(database) { store, now in
                let guardrail = self.guardrail
                let flag = FeatureFlag(name: name, rollout: rollout, killed: false, guardrail: guardrail, updatedAt: now)
                try flag.validate()
                try await store.writePremium { tx in
                    let kept = try await tx.featureFlag(flag.name)?.guardrail
                    var stored = flag
                    stored.guardrail = guardrail ?? kept
                    try await tx.upsertFeatureFlag(stored)
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
            try await StoreOpener.withPremiumStore(try database.location(), logger: Logger(label: "gachabot")) { store in
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
