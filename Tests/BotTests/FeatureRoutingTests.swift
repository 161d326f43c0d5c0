import BotHarness
import DiscordModels
import DiscordSandbox
import Testing

@testable import Bot

/// The router of features: commands and autocomplete by full path (subcommands and groups), and
/// start-up refusal of two registrations that would compete for the same interactions.
@Suite(.timeLimit(.minutes(1)))
struct FeatureRoutingTests {
    /// A feature whose handlers answer with the path or prefix they were registered for.
    struct EchoFeature: BotFeature {
        let name: String
        var commands: [CommandPath] = []
        var autocompletes: [CommandPath] = []
        var components: [String] = []
        var modals: [String] = []

        func register(in routes: inout FeatureRoutes) {
            for path in commands {
                routes.command(path) { context in try await context.reply(InteractionMessageData(content: "\(name): \(path)")) }
            }
            for path in autocompletes {
                routes.autocomplete(path) { context in
                    try await context.autocomplete([ApplicationCommandOptionChoice(name: "\(path)", value: .string(name))])
                }
            }
            for prefix in components {
                routes.component(prefix: prefix) { context in try await context.update(InteractionMessageData(content: "\(name): \(prefix)")) }
            }
            for prefix in modals {
                routes.modal(prefix: prefix) { context in try await context.reply(InteractionMessageData(content: "\(name): \(prefix)")) }
            }
        }
    }

    @Test func commandsAndAutocompleteAreRoutedByFullPathThroughSubcommandsAndGroups() async throws {
        let packs = EchoFeature(
            name: "Packs", commands: ["packs browse", "packs admin feature", "packs admin unfeature"],
            autocompletes: ["packs admin feature"])
        let gacha = EchoFeature(name: "Gacha", commands: ["roll"])
        let router = try InteractionRouter(features: [packs, gacha])
        #expect(router.commandPaths == ["packs browse", "packs admin feature", "packs admin unfeature", "roll"])
        #expect(router.autocompletePaths == ["packs admin feature"])

        try await RouterRig.run(router) { rig in
            let sandbox = rig.sandbox
            func content(_ action: MemberAction) async throws -> String? {
                let injected = try sandbox.injectInteraction(action)
                return (jsonObject(try await sandbox.interactionCallback(for: injected.id))?["data"] as? [String: Any])?["content"] as? String
            }
            #expect(try await content(.slashCommand(name: "packs", options: [.subcommand("browse")])) == "Packs: /packs browse")
            #expect(
                try await content(.slashCommand(name: "packs", options: [.group("admin", [.subcommand("feature", [.string("pack", "p1")])])]))
                    == "Packs: /packs admin feature")
            #expect(
                try await content(.slashCommand(name: "packs", options: [.group("admin", [.subcommand("unfeature")])]))
                    == "Packs: /packs admin unfeature")
            #expect(try await content(.slashCommand(name: "roll")) == "Gacha: /roll")
            let bare = try await content(.slashCommand(name: "packs"))
            #expect(bare?.contains("not known") == true, "the bare name of a command with subcommands has no handler: \(bare ?? "")")

            func choices(_ options: [CommandOptionValue]) async throws -> [[String: Any]]? {
                let injected = try sandbox.injectInteraction(.autocomplete(name: "packs", options: options))
                let body = jsonObject(try await sandbox.interactionCallback(for: injected.id))
                return (body?["data"] as? [String: Any])?["choices"] as? [[String: Any]]
            }
            let suggested = try await choices([.group("admin", [.subcommand("feature", [.string("pack", "p", focused: true)])])])
            #expect(suggested?.first?["name"] as? String == "/packs admin feature")
            let elsewhere = try await choices([.subcommand("browse", [.string("query", "p", focused: true)])])
            #expect(elsewhere?.isEmpty == true, "no autocomplete is registered at /packs browse")
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
        }
    }

    @Test func aDuplicateCommandPathIsRefusedNamingBothFeaturesAndNothingOfTheSecondIsTaken() throws {
        var router = InteractionRouter()
        try router.install(EchoFeature(name: "Packs", commands: ["packs browse"]))
        var refused: RouteConflict?
        do {
            try router.install(EchoFeature(name: "Shop", commands: ["shop", "packs browse"], components: ["shop:"]))
        } catch {
            refused = error
        }
        let error = try #require(refused, "the second registration of /packs browse is refused")
        #expect(error.reason == .samePath)
        #expect(error.existing == RouteRegistration(kind: .command, key: "packs browse", feature: "Packs"))
        #expect(error.refused == RouteRegistration(kind: .command, key: "packs browse", feature: "Shop"))
        let message = error.description
        #expect(message.contains("/packs browse") && message.contains("feature Packs") && message.contains("feature Shop"), "\(message)")
        #expect(router.commandPaths == ["packs browse"], "a refused feature leaves nothing behind")
        #expect(router.registrations.map(\.feature) == ["Packs"])

        // The same path within one feature, and a second autocomplete for one path, are refused too.
        let twice = #expect(throws: RouteConflict.self) { try InteractionRouter(features: [EchoFeature(name: "Talk", commands: ["talk", "talk"])]) }
        #expect(twice?.existing.feature == "Talk" && twice?.refused.feature == "Talk")
        let suggestions = #expect(throws: RouteConflict.self) {
            try InteractionRouter(features: [
                EchoFeature(name: "Gacha", autocompletes: ["release"]), EchoFeature(name: "Premium", autocompletes: ["release"]),
            ])
        }
        #expect(suggestions?.existing.kind == .autocomplete)
        #expect(suggestions?.description.contains("feature Gacha") == true && suggestions?.description.contains("feature Premium") == true)

        // A subcommand and another command's name are different paths.
        let distinct = try InteractionRouter(features: [
            EchoFeature(name: "A", commands: ["packs browse"]), EchoFeature(name: "B", commands: ["browse"]),
        ])
        #expect(distinct.commandPaths.count == 2)
    }

    @Test(arguments: [("pull:", "pull:keep:"), ("pull:keep:", "pull:"), ("inv:", "inv:")])
    func anOverlappingCustomIDPrefixIsRefusedNamingBoth(first: String, second: String) throws {
        let error = #expect(throws: RouteConflict.self) {
            try InteractionRouter(features: [EchoFeature(name: "Pulls", components: [first]), EchoFeature(name: "Packs", components: [second])])
        }
        #expect(error?.reason == .overlappingPrefix)
        #expect(error?.existing == RouteRegistration(kind: .component, key: first, feature: "Pulls"))
        #expect(error?.refused == RouteRegistration(kind: .component, key: second, feature: "Packs"))
        let message = error?.description ?? ""
        #expect(
            message.contains("\"\(first)\"") && message.contains("\"\(second)\"") && message.contains("feature Pulls")
                && message.contains("feature Packs"), "\(message)")
    }

    @Test func componentAndModalPrefixesShareOneNamespaceAndNeighboursThatDoNotOverlapAreAccepted() throws {
        let error = #expect(throws: RouteConflict.self) {
            try InteractionRouter(features: [EchoFeature(name: "Talk", components: ["talk:"]), EchoFeature(name: "Premium", modals: ["talk:buy:"])])
        }
        #expect(error?.refused.kind == .modal && error?.existing.kind == .component)

        let router = try InteractionRouter(features: [
            EchoFeature(name: "Pulls", components: ["pull:keep:", "pull:keeper:", "pull:apply:"]),
            EchoFeature(name: "Talk", modals: ["talk:"]),
        ])
        #expect(router.registrations.count == 4)
    }

    /// The production bot's features install without a conflict, each under its own name.
    @Test func theStandardFeaturesInstallWithoutAConflict() async throws {
        try await withStandardRouter { router in
            let features = Set(router.registrations.map(\.feature))
            #expect(features == ["Status", "Gacha", "Pulls", "Packs", "Premium", "Talk", "Owner", "Referrals", "Creator"])
            let prefixes = router.registrations.filter { $0.kind == .component }.map(\.key).sorted()
            #expect(
                prefixes == [
                    "inv:", "packs:board:", "packs:browse:", "packs:creator:", "packs:mine:", "packs:search:", "packs:view:",
                    "premium:trial:", "pull:apply:", "pull:deny:", "pull:keep:", "pull:page:", "pull:replace:", "shop:buy:",
                ])
        }
    }
}
