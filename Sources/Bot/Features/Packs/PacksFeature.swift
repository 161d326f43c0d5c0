import DiscordModels
import DiscordREST
import Foundation
import Packs
import Storage

/// `/packs`: creators make, import, publish and edit packs; members browse, search, view, rate
/// and report them; server managers enable and disable them for their server's roll pool. Every
/// list is paged with buttons only the member who ran the command can press.
///
/// Each handler calls `PackService` once for what it changes (the service runs one store
/// transaction per change, with its analytics events). The `pack:` option is only a suggestion
/// from autocomplete: the value a member sends is looked up again here, and the service checks
/// ownership and visibility itself. Files attached to `add-character`, `import` and `cover` are
/// downloaded by `AttachmentDownloader` (size-capped, from Discord's CDN only).
struct PacksFeature: BotFeature {
    let name = "Packs"
    let service: PackService
    let downloader: AttachmentDownloader
    /// Access modes shown in lists, and the Pro prompt of a refused enable; nil: every pack is free.
    var packAccess: PackAccessService? = nil
    var usage: PremiumUsage? = nil

    var pageSize: Int { service.configuration.pageSize }

    func register(in routes: inout FeatureRoutes) {
        // Creators (private answers).
        routes.command("packs create", ephemeral: true) { context in try await create(context) }
        routes.command("packs add-character", ephemeral: true) { context in try await addCharacter(context) }
        routes.command("packs import", ephemeral: true) { context in try await importPack(context) }
        routes.command("packs publish", ephemeral: true) { context in try await publish(context) }
        routes.command("packs edit", ephemeral: true) { context in try await edit(context) }
        routes.command("packs unpublish", ephemeral: true) { context in try await unpublish(context) }
        routes.command("packs mine", ephemeral: true) { context in try await mine(context) }
        // Discovery.
        routes.command("packs browse") { context in try await browse(context) }
        routes.command("packs search") { context in try await search(context) }
        routes.command("packs view") { context in try await view(context) }
        routes.command("packs creator") { context in try await creator(context) }
        routes.command("packs leaderboard") { context in try await leaderboard(context) }
        // Server managers and members.
        routes.command("packs enable") { context in try await enable(context) }
        routes.command("packs disable") { context in try await disable(context) }
        routes.command("packs rate") { context in try await rate(context) }
        routes.command("packs report", ephemeral: true) { context in try await report(context) }

        for path: CommandPath in ["packs add-character", "packs publish", "packs edit", "packs unpublish"] {
            routes.autocomplete(path) { context in try await suggestOwnPacks(context) }
        }
        for path: CommandPath in ["packs view", "packs enable", "packs rate", "packs report"] {
            routes.autocomplete(path) { context in try await suggestPublishedPacks(context) }
        }
        routes.autocomplete("packs disable") { context in try await suggestEnabledPacks(context) }

        routes.component(PackBrowsePageID.self) { context, id in
            try await turn(context, id) { id in try await browsePage(id) }
        }
        routes.component(PackSearchPageID.self) { context, id in
            try await turn(context, id) { id in try await searchPage(id) }
        }
        routes.component(PackMinePageID.self) { context, id in
            try await turn(context, id) { id in try await minePage(id) }
        }
        routes.component(PackLeaderboardPageID.self) { context, id in
            try await turn(context, id) { id in try await leaderboardPage(id) }
        }
        routes.component(PackCreatorPageID.self) { context, id in
            try await turn(context, id) { id in try await creatorPage(id) }
        }
        routes.component(PackViewPageID.self) { context, id in
            try await turn(context, id) { id in try await viewPage(id) }
        }
        registerAccess(in: &routes)
    }

    /// Turns a list's page for the member who ran the command, and only for them.
    private func turn<ID: PackPageID>(
        _ context: InteractionContext, _ id: ID, render: (ID) async throws -> (InteractionMessageData, [FileAttachment])
    ) async throws {
        guard context.userID?.rawValue == id.owner else {
            throw UserMessageError("This isn't yours: only the member who ran the command can turn its pages. Run it yourself to get your own list.")
        }
        guard id.page >= 0 else { throw OutOfDateCustomID(customID: (try? id.encoded()) ?? ID.prefix, userMessage: ID.outOfDateMessage) }
        let (message, files) = try await render(id)
        try await context.update(message, files: files)
    }

    /// The invoking member's id, for the pager ids.
    func owner(_ context: InteractionContext) throws -> UInt64 {
        guard let user = context.userID else { throw UserMessageError("Use `/packs` in a server.") }
        return user.rawValue
    }

    /// The bytes of the file attached to option `name`, or nil when none is attached.
    func download(_ context: InteractionContext, option name: String) async throws -> (data: Data, filename: String)? {
        guard let attachment = try context.attachment(named: name) else { return nil }
        let data = try await downloader.download(attachment)
        // The member named the file: it reaches the service's error messages, so neutralise it.
        return (data, PackText.plain(attachment.filename, limit: 64))
    }
}
