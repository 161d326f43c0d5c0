import ArgumentParser
import Economy
import Foundation
import Storage

/// `gachabot creators verify|unverify USER_ID`, `gachabot creators list` and `gachabot creators
/// queue`: the verified badge, granted by operators only, and the creators who applied for it.
struct CreatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "creators",
        abstract: "Grant, remove and list creators' verified badge; see who applied.",
        subcommands: [Verify.self, Unverify.self, List.self, Queue.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give the creator the verified badge.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The creator's Discord user id.") var userID: String

        func run() async throws {
            let creator = try PremiumCommand.user(userID)
            try await EconomyCommand.withStore(database, EconomyOptions.defaults) { store, _, now in
                let changed = try await store.writeEconomy { try await $0.setCreatorVerified(creator, verified: true, at: now) }
                print(changed ? "Creator \(creator.rawValue) is verified." : "Creator \(creator.rawValue) was already verified: nothing changed.")
            }
        }
    }

    struct Unverify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the creator's verified badge.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The creator's Discord user id.") var userID: String

        func run() async throws {
            let creator = try PremiumCommand.user(userID)
            try await EconomyCommand.withStore(database, EconomyOptions.defaults) { store, _, now in
                let changed = try await store.writeEconomy { try await $0.setCreatorVerified(creator, verified: false, at: now) }
                print(changed ? "Creator \(creator.rawValue) is no longer verified." : "Creator \(creator.rawValue) was not verified: nothing changed.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List verified creators.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await EconomyCommand.withStore(database, EconomyOptions.defaults) { store, _, _ in
                let creators = try await store.readEconomy { try await $0.verifiedCreators() }
                if creators.isEmpty { print("No verified creators.") }
                for (creator, at) in creators { print("\(creator.rawValue) verified \(PremiumCommand.format(at))") }
            }
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List creators who applied with /creator apply and met the criteria, oldest first; verify them with `creators verify`.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await EconomyCommand.withStore(database, EconomyOptions.defaults) { store, _, _ in
                let queue = try await CreatorVerification(store: store).queue()
                if queue.isEmpty { print("No creator is waiting for verification.") }
                for entry in queue { print("\(entry.creator.rawValue) applied \(PremiumCommand.format(entry.appliedAt))") }
            }
        }
    }
}
