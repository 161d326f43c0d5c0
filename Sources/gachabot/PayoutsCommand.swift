import ArgumentParser
import Economy
import Foundation
import Storage

/// `gachabot payouts request|list|mark-paid|fail`: the payout queue, settled by operators only
/// (no Discord command moves money). Sending is manual until Stripe Connect (docs/economy.md).
struct PayoutsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Request, list and settle creator payouts.",
        subcommands: [Request.self, List.self, MarkPaid.self, Fail.self]
    )

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a pending payout for every creator whose balance past the hold reaches the minimum.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions

        func run() async throws {
            try await EconomyCommand.withStore(database, economy) { store, configuration, now in
                let payouts = try await PayoutService(store: store, configuration: configuration).requestPayouts(now: now)
                if payouts.isEmpty { print("No creator has a payable balance of at least \(AllocationReport.money(configuration.payoutMinimum)) past the hold.") }
                for payout in payouts { print(PayoutsCommand.describe(payout)) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List payouts, newest first (default: pending ones).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions
        @Option(help: "pending, paid, failed or all.") var status: String = "pending"

        func run() async throws {
            let filter: PayoutStatus?
            if status == "all" {
                filter = nil
            } else if let known = PayoutStatus(rawValue: status) {
                filter = known
            } else {
                throw ValidationError("--status must be pending, paid, failed or all, not \"\(status.prefix(40))\"")
            }
            try await EconomyCommand.withStore(database, economy) { store, _, _ in
                let payouts = try await store.readEconomy { try await $0.payouts(status: filter, creator: nil) }
                if payouts.isEmpty { print("No \(filter?.rawValue ?? "") payouts.") }
                for payout in payouts { print(PayoutsCommand.describe(payout)) }
            }
        }
    }

    struct MarkPaid: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mark-paid", abstract: "Record that a pending payout was sent.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions
        @Argument(help: "The payout id (see payouts list).") var id: String
        @Option(help: "The transfer's reference (bank or Stripe id).") var reference: String

        func run() async throws {
            let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reference.isEmpty, reference.count <= 200 else { throw ValidationError("--reference must be 1 to 200 characters") }
            try await EconomyCommand.withStore(database, economy) { store, configuration, now in
                let payout = try await PayoutService(store: store, configuration: configuration).markPaid(id, reference: reference, now: now)
                print(PayoutsCommand.describe(payout))
            }
        }
    }

    struct Fail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a pending payout failed; its amount returns to the creator's payable.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var economy: EconomyOptions
        @Argument(help: "The payout id (see payouts list).") var id: String

        func run() async throws {
            try await EconomyCommand.withStore(database, economy) { store, configuration, now in
                let payout = try await PayoutService(store: store, configuration: configuration).fail(id, now: now)
                print(PayoutsCommand.describe(payout))
            }
        }
    }

    static func describe(_ payout: PayoutRecord) -> String {
        var line = "\(payout.id): creator \(payout.creator.rawValue), \(AllocationReport.money(payout.amount)) \(payout.currency.uppercased()), "
            + "\(payout.status.rawValue), requested \(PremiumCommand.format(payout.requestedAt))"
        if let settled = payout.settledAt { line += ", settled \(PremiumCommand.format(settled))" }
        if let reference = payout.reference { line += ", reference \(reference)" }
        return line
    }
}
