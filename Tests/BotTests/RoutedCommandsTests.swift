import Clocks
import DiscordModels
import Foundation
import Gacha
import Packs
import SQLiteStorage
import Testing

@testable import Bot

/// Runs `body` with the router the production bot builds (`BotFeatures.standard`), on a game
/// over a throwaway SQLite file. No handler runs: only the registrations are read.
func withStandardRouter(_ body: (InteractionRouter) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-router-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteStore(path: folder.appendingPathComponent("game.sqlite").path)
    defer { try? store.close() }
    let assets = try ResourceLocator().locate(.assets)
    let game = try GachaGame(
        store: store, catalogue: try Catalogue.load(from: assets.appendingPathComponent("catalogue.json")),
        random: SeededRandomSource(seed: 1), time: .live())
    let packs = PackService(
        store: store, blobs: FileBlobStore(directory: folder.appendingPathComponent("blobs")), random: SeededRandomSource(seed: 1),
        time: .live())
    let attachments = try AttachmentDownloader()
    let packAccess = PackAccessService(store: store, game: game, isPro: { _, _ in false }, time: .live())
    let features = BotFeatures.standard(
        status: BotStatus(version: "test", clock: ManualClock()), game: game, settings: GameCommandSettings(), assets: assets,
        clock: ManualClock(), packs: packs, attachments: attachments,
        premium: try PremiumParts(store: store, settings: PremiumSettings(), assets: assets, time: .live()), packAccess: packAccess)
    do {
        try await body(try InteractionRouter(features: features))
    } catch {
        try? await attachments.shutdown()
        throw error
    }
    try await attachments.shutdown()
}

/// `Commands/*.json` (what Discord shows members) and the router (what the bot answers) agree.
@Suite struct RoutedCommandsTests {
    static func definedInvocations() throws -> [CommandPath.Invocation] {
        let files = try CommandDefinitionFiles(directory: ResourceLocator().locate(.commands)).load()
        return try CommandSync.definitions(from: files).flatMap(CommandPath.invocable(by:))
    }

    @Test func theRoutedCommandPathsAreExactlyThoseTheCommandsFolderDefines() async throws {
        let invocations = try Self.definedInvocations()
        let defined = Set(invocations.map(\.path))
        #expect(defined.count == invocations.count, "each path is defined once")
        try await withStandardRouter { router in
            let routedOnly = router.commandPaths.subtracting(defined).sorted()
            let definedOnly = defined.subtracting(router.commandPaths).sorted()
            #expect(router.commandPaths == defined, "routed but not defined: \(routedOnly); defined but not routed: \(definedOnly)")
            let autocompleted = Set(invocations.filter { $0.options.contains { $0.autocomplete == true } }.map(\.path))
            #expect(router.autocompletePaths == autocompleted, "every option marked autocomplete has a handler, and only those")
        }
    }

    /// What makes the check above hold for subcommands: a command with subcommands is invoked at
    /// each subcommand (type 1) and at each subcommand of a group (type 2), never at its bare name.
    @Test func invocablePathsIncludeSubcommandsAndEachSubcommandOfAGroup() throws {
        let json = #"""
            {
              "name": "packs", "description": "Creator packs.",
              "options": [
                { "type": 1, "name": "browse", "description": "Browse.",
                  "options": [{ "type": 3, "name": "query", "description": "Search.", "autocomplete": true }] },
                { "type": 2, "name": "admin", "description": "Admin.",
                  "options": [
                    { "type": 1, "name": "feature", "description": "Feature a pack." },
                    { "type": 1, "name": "unfeature", "description": "Stop featuring a pack." }
                  ] }
              ]
            }
            """#
        let packs = try JSONDecoder().decode(ApplicationCommandDefinition.self, from: Data(json.utf8))
        let invocations = CommandPath.invocable(by: packs)
        #expect(invocations.map(\.path) == ["packs browse", "packs admin feature", "packs admin unfeature"])
        #expect(invocations.first?.options.map(\.name) == ["query"], "the options are the subcommand's")

        let roll = ApplicationCommandDefinition(
            name: "roll", description: "Roll.", options: [ApplicationCommandOptionDefinition(type: .string, name: "banner", description: "Which.")])
        #expect(CommandPath.invocable(by: roll).map(\.path) == ["roll"])
    }

    @Test func aPathIsReadFromTheInteractionAsTheMemberTypedIt() {
        let grouped = ApplicationCommandData(
            id: 1, name: "packs",
            options: [InteractionOption(name: "admin", type: .subCommandGroup, options: [InteractionOption(name: "feature", type: .subCommand)])])
        #expect(CommandPath(grouped) == "packs admin feature")
        #expect(CommandPath(grouped).description == "/packs admin feature")
        let plain = ApplicationCommandData(id: 1, name: "buy", options: [InteractionOption(name: "item", type: .string, value: .string("pull_5"))])
        #expect(CommandPath(plain) == "buy")
    }
}
