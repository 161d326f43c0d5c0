import DiscordModels
import DiscordREST
import Packs
import Storage

/// Finding packs: browse, search, view, a creator's profile, the leaderboard.
extension PacksFeature {
    func browse(_ context: InteractionContext) async throws {
        let sort = context.optionalString("sort").flatMap(PackSort.init(rawValue:)) ?? .topRated
        let (message, files) = try await browsePage(PackBrowsePageID(owner: try owner(context), sort: sort, page: 0))
        try await context.reply(message, files: files)
    }

    func browsePage(_ id: PackBrowsePageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        let page = try await service.browse(sort: id.sort, page: id.page)
        let access = try await accessModes(page)
        let message = try PackMessages.list(
            title: PackMessages.browseTitle(id.sort), lines: PackMessages.packLines(page, pageSize: pageSize, access: access),
            empty: id.page == 0 ? "No pack is published yet. Make the first one with `/packs create`!" : "No more packs.", id: id,
            hasMore: page.hasMore, footer: "featured packs first · `/packs view pack:<id>` for details")
        return (message, [])
    }

    func search(_ context: InteractionContext) async throws {
        let query = PackSearchQuery(context.stringOption("query"))
        guard !query.isEmpty else { throw PackServiceError.emptySearch }
        let (message, files) = try await searchPage(Self.searchID(owner: try owner(context), page: 0, words: query.words))
        try await context.reply(message, files: files)
    }

    func searchPage(_ id: PackSearchPageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        let page = try await service.search(id.words, page: id.page)
        let access = try await accessModes(page)
        let message = try PackMessages.list(
            title: "🔎 Packs matching “\(PackText.inline(id.words, limit: 80))”",
            lines: PackMessages.packLines(page, pageSize: pageSize, access: access),
            empty: "No published pack matches. Try fewer or shorter words.", id: id, hasMore: page.hasMore)
        return (message, [])
    }

    /// The modes of a page's restricted packs (one read), for their labels.
    func accessModes(_ page: PackPage) async throws -> [PackID: PackAccess] {
        guard let packAccess else { return [:] }
        return try await packAccess.restrictedPacks(among: page.entries.map(\.summary.pack.id))
    }

    /// The search's pager id: as many of the query's words as fit Discord's 100 characters.
    static func searchID(owner: UInt64, page: Int, words: [String]) -> PackSearchPageID {
        var kept = words
        while kept.count > 1, (try? PackSearchPageID(owner: owner, page: page + 1, words: kept.joined(separator: " ")).encoded()) == nil {
            kept.removeLast()
        }
        var text = kept.joined(separator: " ")
        // One very long word: cut it (the query matches words as prefixes, so a cut word still finds them).
        while text.count > 1, (try? PackSearchPageID(owner: owner, page: page + 1, words: text).encoded()) == nil { text.removeLast() }
        return PackSearchPageID(owner: owner, page: page, words: text)
    }

    func view(_ context: InteractionContext) async throws {
        let viewer = try context.player().member
        let pack = try await resolveVisiblePack(context.stringOption("pack"), viewer: viewer)
        let (message, files) = try await viewPage(PackViewPageID(owner: viewer.rawValue, pack: pack, page: 0))
        try await context.reply(message, files: files)
    }

    /// The pack with one page of its characters, and its cover attached from the blob store.
    func viewPage(_ id: PackViewPageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        let details = try await service.view(pack: id.pack, viewer: MemberID(id.owner))
        let cover = try await blobFile(details.summary.pack.cover, name: "cover")
        let access = try await packAccess?.access(of: id.pack) ?? .free
        return (try PackMessages.details(details, id: id, coverFilename: cover?.filename, access: access), cover.map { [$0] } ?? [])
    }

    func creator(_ context: InteractionContext) async throws {
        guard case .string(let text)? = context.interaction.commandData?.option(named: "user")?.value, let creator = UInt64(text) else {
            throw UserMessageError("Choose a member: `/packs creator user:@someone`.")
        }
        let (message, files) = try await creatorPage(PackCreatorPageID(owner: try owner(context), creator: creator, page: 0))
        try await context.reply(message, files: files)
    }

    func creatorPage(_ id: PackCreatorPageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        let profile = try await service.creatorProfile(MemberID(id.creator))
        return (try PackMessages.profile(profile, id: id, pageSize: pageSize), [])
    }

    func leaderboard(_ context: InteractionContext) async throws {
        let order = context.optionalString("by").flatMap(LeaderboardOrder.init(rawValue:)) ?? .usage
        let (message, files) = try await leaderboardPage(PackLeaderboardPageID(owner: try owner(context), order: order, page: 0))
        try await context.reply(message, files: files)
    }

    func leaderboardPage(_ id: PackLeaderboardPageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        // The service ranks the top `limit`; one more than this page tells whether another follows.
        let start = id.page * pageSize
        let standings = try await service.leaderboard(by: id.order, limit: start + pageSize + 1)
        let shown = Array(standings.dropFirst(start).prefix(pageSize))
        return (try PackMessages.leaderboard(shown, id: id, pageSize: pageSize, hasMore: standings.count > start + pageSize), [])
    }
}
