import DiscordModels
import Foundation
import Packs
import Storage

/// The `pack:` option: autocomplete suggests packs by name (their id is the value sent), and the
/// value that arrives is resolved again here, whatever it is: an id (chosen from the suggestions
/// or typed), or a name typed without choosing. The service then checks the member may act on it.
extension PacksFeature {
    // MARK: Suggestions

    /// The member's own packs (any status) whose name holds what they typed.
    func suggestOwnPacks(_ context: InteractionContext) async throws {
        let packs = try await service.autocomplete(context.focusedText, creator: try context.player().member)
        try await context.autocomplete(packs.map { Self.choice($0, note: $0.status.rawValue) })
    }

    /// Published packs matching what they typed (the best rated while nothing is typed).
    func suggestPublishedPacks(_ context: InteractionContext) async throws {
        try await context.autocomplete(try await service.autocomplete(context.focusedText).map { Self.choice($0, note: nil) })
    }

    /// The packs this server enabled whose name holds what they typed.
    func suggestEnabledPacks(_ context: InteractionContext) async throws {
        let guild = try context.player().guild
        let typed = context.focusedText
        let packs = try await enabledPacks(in: guild).filter { Self.matches($0.name, typed) }
        try await context.autocomplete(packs.prefix(25).map { Self.choice($0, note: nil) })
    }

    static func choice(_ pack: PackRecord, note: String?) -> ApplicationCommandOptionChoice {
        // Choice names are plain text (no Markdown) of at most 100 characters.
        let label = PackText.plain(pack.name, limit: 64) + (note.map { " (\($0))" } ?? "")
        return ApplicationCommandOptionChoice(name: String(label.prefix(100)), value: .string(pack.id.rawValue))
    }

    static func matches(_ name: String, _ typed: String) -> Bool {
        let typed = typed.trimmingCharacters(in: .whitespaces)
        return typed.isEmpty || name.range(of: typed, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    // MARK: Resolving what was sent

    /// One of `creator`'s packs, by id or exact name.
    func resolveOwnPack(_ raw: String, creator: MemberID) async throws -> PackID {
        let mine = try await service.mine(creator: creator).map(\.pack)
        return try Self.resolve(raw, among: mine)
    }

    /// A pack the viewer may see: a published one, or one of their own.
    func resolveVisiblePack(_ raw: String, viewer: MemberID) async throws -> PackID {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if PackID.isWellFormed(text), (try? await service.view(pack: PackID(text), viewer: viewer)) != nil { return PackID(text) }
        var candidates = try await service.mine(creator: viewer).map(\.pack)
        if !PackSearchQuery(text).isEmpty {
            candidates += try await service.search(text, page: 0).entries.map(\.summary.pack)
        }
        return try Self.resolve(text, among: candidates)
    }

    /// A pack this server enabled (whatever its state now: a hidden pack can still be disabled).
    func resolveEnabledPack(_ raw: String, guild: Storage.GuildID) async throws -> PackID {
        try Self.resolve(raw, among: try await enabledPacks(in: guild))
    }

    func enabledPacks(in guild: Storage.GuildID) async throws -> [PackRecord] {
        try await service.store.readPacks { tx in
            var packs: [PackRecord] = []
            for id in try await tx.enabledPacks(in: guild) {
                if let pack = try await tx.pack(id) { packs.append(pack) }
            }
            return packs
        }
    }

    /// The candidate with id `raw`, else the one whose name is `raw` (ignoring case), else the only
    /// one whose name holds it.
    static func resolve(_ raw: String, among candidates: [PackRecord]) throws -> PackID {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let byID = candidates.first(where: { $0.id.rawValue == text }) { return byID.id }
        let named = candidates.filter { $0.name.compare(text, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        if let only = Set(named.map(\.id)).first, Set(named.map(\.id)).count == 1 { return only }
        let holding = Set(candidates.filter { !text.isEmpty && matches($0.name, text) }.map(\.id))
        if named.isEmpty, holding.count == 1, let only = holding.first { return only }
        throw UserMessageError(
            "There is no single pack called “\(PackText.inline(text, limit: 48))” here. Pick one of the suggestions, or give its id "
                + "(`/packs search` and `/packs mine` show ids).")
    }
}
