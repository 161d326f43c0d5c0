import DiscordModels
import DiscordREST
import Foundation
import Gacha
import Packs
import Premium
import Storage

/// What creators do: create, add characters, import, publish, edit, unpublish, list their own.
extension PacksFeature {
    func create(_ context: InteractionContext) async throws {
        let player = try context.player()
        let cover = try await download(context, option: "cover")
        let pack = try await service.create(
            creator: player, name: context.stringOption("name"), description: context.optionalString("description") ?? "",
            tags: Self.tags(context.optionalString("tags")), cover: cover?.data)
        try await context.replyPrivately(
            "📦 Created the draft **\(PackText.inline(pack.name))** (`\(pack.id.rawValue)`). Add characters with "
                + "`/packs add-character pack:\(pack.id.rawValue)` (a PNG card or a Character Card V2 JSON), "
                + "then `/packs publish pack:\(pack.id.rawValue)`.")
    }

    func addCharacter(_ context: InteractionContext) async throws {
        let player = try context.player()
        let pack = try await resolveOwnPack(context.stringOption("pack"), creator: player.member)
        guard let card = try await download(context, option: "card") else {
            throw UserMessageError("Attach a card: a PNG with a `chara` chunk, or a Character Card V2 JSON file.")
        }
        let rarity = context.optionalString("rarity").flatMap(Rarity.init(rawValue:))
        let character = try await service.addCharacter(
            pack: pack, creator: player, card: card.data, file: card.filename, rarity: rarity, characterID: context.optionalString("id"))
        var embed = Embed(
            title: "Added \(PackText.inline(character.name))",
            description: "\(Format.stars(character.rarity)) \(Format.rarityName(character.rarity)) · id `\(PackText.inline(character.id))`"
                + (character.description.isEmpty ? "" : "\n\n" + PackText.block(character.description, limit: 500)),
            color: Format.color(character.rarity))
        // The character's image as the service stored it (content-addressed in the blob store).
        let image = try await blobFile(character.image, name: "character")
        if let image { embed.thumbnail = Embed.Media(url: "attachment://\(image.filename)") }
        try await context.reply(InteractionMessageData(embeds: [embed], flags: .ephemeral), files: image.map { [$0] } ?? [])
    }

    func importPack(_ context: InteractionContext) async throws {
        let player = try context.player()
        guard let file = try await download(context, option: "file") else {
            throw UserMessageError("Attach a pack file: a JSON manifest with its characters under `characters`.")
        }
        let pack = try await service.importPack(creator: player, manifest: file.data, file: file.filename)
        let details = try await service.view(pack: pack.id, viewer: player.member)
        try await context.replyPrivately(
            "📦 Imported **\(PackText.inline(pack.name))** (`\(pack.id.rawValue)`) as a draft with "
                + "\(details.characters.count) character\(details.characters.count == 1 ? "" : "s"). "
                + "Check it with `/packs view pack:\(pack.id.rawValue)`, then `/packs publish pack:\(pack.id.rawValue)`.")
    }

    func publish(_ context: InteractionContext) async throws {
        let player = try context.player()
        let id = try await resolveOwnPack(context.stringOption("pack"), creator: player.member)
        let pack: PackRecord
        do {
            pack = try await service.publish(pack: id, creator: player, cap: try await publishCap(context))
        } catch PackServiceError.publishCapReached(let cap) {
            // The cap, with Pro's buttons (issue 17: unlimited packs for Pro creators).
            let row = await usage?.upgradeRow(for: context) ?? []
            try await context.replyPrivately(PackServiceError.publishCapReached(cap: cap).description, components: row.isEmpty ? nil : row)
            return
        }
        try await context.replyPrivately(
            "🎉 **\(PackText.inline(pack.name))** is published. Anyone can find it with `/packs search`, and server managers "
                + "can add it to their roll pool with `/packs enable pack:\(pack.id.rawValue)`.")
    }

    /// Free creators' published-pack cap, or nil for a Pro member (or without the premium parts).
    func publishCap(_ context: InteractionContext) async throws -> Int? {
        guard let usage else { return nil }
        return try await usage.access.tier(context, at: usage.now()) == .pro ? nil : service.configuration.freeCreatorPublishedPacks
    }

    func unpublish(_ context: InteractionContext) async throws {
        let player = try context.player()
        let pack = try await service.unpublish(
            pack: try await resolveOwnPack(context.stringOption("pack"), creator: player.member), creator: player)
        try await context.replyPrivately(
            "**\(PackText.inline(pack.name))** is a draft again: it left browse, search and every server's roll pool. "
                + "Characters members own stay theirs.")
    }

    func edit(_ context: InteractionContext) async throws {
        let player = try context.player()
        let id = try await resolveOwnPack(context.stringOption("pack"), creator: player.member)
        let name = context.optionalString("name")
        let description = context.optionalString("description")
        let tags = context.optionalString("tags").map(Self.tags)
        let cover = try await download(context, option: "cover")
        guard name != nil || description != nil || tags != nil || cover != nil else {
            throw UserMessageError("Give at least one thing to change: `name`, `description`, `tags` or `cover`.")
        }
        let pack = try await service.edit(pack: id, creator: player, name: name, description: description, tags: tags, cover: cover?.data)
        try await context.replyPrivately("✏️ Saved **\(PackText.inline(pack.name))** (`\(pack.id.rawValue)`).")
    }

    func mine(_ context: InteractionContext) async throws {
        let (message, files) = try await minePage(PackMinePageID(owner: try owner(context), page: 0))
        try await context.reply(message, files: files)
    }

    func minePage(_ id: PackMinePageID) async throws -> (InteractionMessageData, [FileAttachment]) {
        let packs = try await service.mine(creator: MemberID(id.owner))
        let start = id.page * pageSize
        let lines = packs.dropFirst(start).prefix(pageSize).enumerated().map { index, summary in
            PackMessages.line(summary, number: start + index + 1, showStatus: true)
        }
        let message = try PackMessages.list(
            title: "Your packs (\(packs.count))", lines: lines, empty: "You have no packs yet: start one with `/packs create`.", id: id,
            hasMore: start + pageSize < packs.count, ephemeral: true)
        return (message, [])
    }

    /// `tags:` as typed: comma-separated, trimmed, empty ones dropped (the service checks count and length).
    static func tags(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// A blob (a cover or a character's image) as a file to attach, named `name.<ext>` after its
    /// format; nil when there is none or it is no longer stored.
    func blobFile(_ address: BlobAddress?, name: String) async throws -> FileAttachment? {
        guard let address, let data = try await service.blobs.get(address) else { return nil }
        guard let image = try? PackImage(validating: data, file: name, limits: service.configuration.limits) else { return nil }
        return FileAttachment(filename: "\(name).\(image.format.fileExtension)", contentType: image.format.mimeType, data: data)
    }
}
