import ArgumentParser
import Premium

/// `gachabot experiments report NAME`: a price experiment's per-variant figures, for operators.
struct ExperimentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments", abstract: "Report on price experiments.", subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per variant: members exposed, completed Checkouts, paid conversions, revenue and revenue per exposed member.",
            discussion: """
                Exposures are the members assigned a variant at their first Checkout link. Checkouts count members with a \\
                completed Checkout Session (`conversion`); paid conversions count members who paid anything (a Checkout or a \\
                renewal above 0); revenue sums those payments in the currency's minor unit (cents), and revenue per exposed \\
                member divides it by the exposures, rounded down.
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The experiment's name, as in the price experiment file.") var name: String

        func run() async throws {
            let name = self.name
            try await FlagsCommand.withStore(database) { store, _ in
                let (assignments, outcomes) = try await store.readPremium { reader in
                    (try await reader.experimentAssignments(name), try await reader.experimentOutcomes(name))
                }
                print(ExperimentReport(experiment: name, assignments: assignments, outcomes: outcomes).description)
            }
        }
    }
}
