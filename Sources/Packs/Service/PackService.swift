import Clocks
import Foundation
import Gacha
import Storage

/// The packs area: everything a `/packs` command handler or the operator's CLI calls, one method
/// per command. Each operation that changes something runs in ONE store transaction, which also
/// appends its analytics events. Refusals are `PackServiceError`s whose description can be shown
/// to the member as it is; store failures pass through.
///
/// Images go to the blob store before the transaction (content-addressed, so a re-run or a failed
/// transaction leaves at most an unreferenced blob); new ids and the time are drawn before it too.
/// Operations on a pack all write the pack's row, so on PostgreSQL two at once conflict and one
/// re-runs on the other's result (decision 0018).
public struct PackService: Sendable {
    public let store: any PacksStore
    public let blobs: any PackBlobStore
    public let configuration: PackServiceConfiguration
    let importer: PackImporter
    let random: any RandomSource
    let time: GameTime
    /// Whether a manager is Pro (member or server): enabling a Pro-only pack needs it. Nil: nobody is.
    public var proStatus: ProStatus?

    public init(
        store: any PacksStore, blobs: any PackBlobStore, configuration: PackServiceConfiguration = PackServiceConfiguration(),
        random: any RandomSource, time: GameTime
    ) {
        self.store = store
        self.blobs = blobs
        self.configuration = configuration
        self.importer = PackImporter(limits: configuration.limits)
        self.random = random
        self.time = time
    }

    var limits: PackLimits { configuration.limits }

    // MARK: Creating

    /// `/packs create`: a new draft pack owned by `creator.member`.
    public func create(
        creator: PlayerID, name: String, description: String = "", tags: [String] = [], cover: Data? = nil
    ) async throws -> PackRecord {
        try checkFields(name: name, description: description, tags: tags)
        let coverAddress = try await storeImage(cover, file: "cover")
        let now = time.now()
        let pack = PackRecord(
            id: PackID.random(random), creator: creator.member, name: name, description: description, tags: tags,
            cover: coverAddress, createdAt: now)
        try await store.writePacks { tx in
            try await tx.insertPack(pack)
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: .packCreated, player: creator, at: now, properties: ["pack": pack.id.rawValue]))
        }
        return pack
    }

    /// `/packs add-character`: a card (PNG or CCv2 JSON) added to one of the creator's draft or
    /// published packs. Its id is the card's `extensions.gachabot.id`, else `characterID`, else
    /// made from its name; its rarity the card's, else `rarity`.
    @discardableResult
    public func addCharacter(
        pack id: PackID, creator: PlayerID, card: Data, file: String, rarity: Rarity? = nil, characterID: String? = nil
    ) async throws -> PackCharacterRecord {
        let imported: ImportedCharacter
        do { imported = try importer.importCard(card, file: file) } catch { throw PackServiceError.invalidContent(error) }
        guard let rarity = imported.card.gachabot.rarity ?? rarity else { throw PackServiceError.missingRarity }
        let requestedID = imported.card.gachabot.id ?? characterID
        if let requestedID {
            do {
                try GachabotExtension.checkID(requestedID, path: "id", file: file, limits: limits)
            } catch { throw PackServiceError.invalidContent(error) }
        }
        let image = try await storeImage(imported.image?.data, file: file)
        let now = time.now()
        return try await store.writePacks { tx in
            var pack = try await self.ownPack(id, creator: creator.member, tx)
            guard pack.status == .draft || pack.status == .published else {
                throw PackServiceError.wrongStatus(pack.status, action: "add characters to")
            }
            let existing = try await tx.characters(of: id, includingRetired: true)
            let rolling = existing.filter { !$0.retired }.count
            guard rolling + 1 <= self.limits.maxCharactersPerPack else {
                throw PackServiceError.tooManyCharacters(count: rolling + 1, limit: self.limits.maxCharactersPerPack)
            }
            let taken = Set(existing.map(\.id))
            let characterID: String
            if let requestedID {
                guard !taken.contains(requestedID) else { throw PackServiceError.duplicateCharacter(requestedID) }
                characterID = requestedID
            } else {
                characterID = Self.freeID(for: imported.card.name, taken: taken, limit: self.limits.maxCharacterIDCharacters)
            }
            let record = Self.record(
                pack: id, id: characterID, rarity: rarity, card: imported.card, image: image,
                position: (existing.map(\.position).max() ?? -1) + 1)
            try await tx.upsertCharacters([record])
            pack.updatedAt = now
            if pack.status == .published { pack.version += 1 }
            try await tx.updatePack(pack)
            return record
        }
    }

    /// `/packs import` and `gachabot packs import`: a pack file becomes a new draft pack of
    /// `creator`, with its characters, cover and images.
    @discardableResult
    public func importPack(creator: PlayerID, manifest: Data, file: String, files: [String: Data] = [:]) async throws -> PackRecord {
        let imported = try parse(manifest: manifest, file: file, files: files)
        let (cover, images) = try await storeImages(of: imported)
        let now = time.now()
        let pack = PackRecord(
            id: PackID.random(random), creator: creator.member, name: imported.name, description: imported.description,
            tags: imported.tags, cover: cover, version: imported.version, createdAt: now)
        try await store.writePacks { tx in
            try await tx.insertPack(pack)
            try await tx.upsertCharacters(Self.records(of: imported, pack: pack.id, images: images))
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packCreated, player: creator, at: now,
                properties: ["pack": pack.id.rawValue, "characters": String(imported.characters.count)]))
        }
        return pack
    }

    /// A new version of one of the creator's packs from a pack file. Characters keep their ids:
    /// those in the file are added or replaced, those missing are retired (they stay owned and no
    /// longer roll). A published pack needs a higher `version` and stays published.
    @discardableResult
    public func newVersion(
        pack id: PackID, creator: PlayerID, manifest: Data, file: String, files: [String: Data] = [:]
    ) async throws -> PackVersionChange {
        let imported = try parse(manifest: manifest, file: file, files: files)
        let (cover, images) = try await storeImages(of: imported)
        let now = time.now()
        return try await store.writePacks { tx in
            var pack = try await self.ownPack(id, creator: creator.member, tx)
            switch pack.status {
            case .draft: break
            case .published:
                guard imported.version > pack.version else {
                    throw PackServiceError.versionNotNewer(current: pack.version, uploaded: imported.version)
                }
            case .hidden, .removed: throw PackServiceError.wrongStatus(pack.status, action: "upload a new version of")
            }
            let before = try await tx.characters(of: id, includingRetired: true)
            let beforeIDs = Set(before.map(\.id))
            let newIDs = imported.characters.map(\.id)
            try await tx.upsertCharacters(Self.records(of: imported, pack: id, images: images))
            try await tx.retireCharacters(of: id, keeping: Set(newIDs))
            pack.name = imported.name
            pack.description = imported.description
            pack.tags = imported.tags
            pack.cover = cover ?? pack.cover
            pack.version = imported.version
            pack.updatedAt = now
            try await tx.updatePack(pack)
            if pack.status == .published {
                try await tx.appendAnalyticsEvent(AnalyticsEvent(
                    name: .packPublished, player: creator, at: now,
                    properties: ["pack": id.rawValue, "version": String(pack.version)]))
            }
            let retired = before.filter { !$0.retired && !newIDs.contains($0.id) }.map(\.id)
            return PackVersionChange(
                pack: pack, added: newIDs.filter { !beforeIDs.contains($0) }, updated: newIDs.filter { beforeIDs.contains($0) },
                retired: retired)
        }
    }

    // MARK: Publishing

    /// `/packs publish`: a draft goes public. Refused for a banned creator, an empty pack, or one
    /// over `maxCharactersPerPack`.
    @discardableResult
    public func publish(pack id: PackID, creator: PlayerID) async throws -> PackRecord {
        let now = time.now()
        return try await store.writePacks { tx in
            var pack = try await self.ownPack(id, creator: creator.member, tx)
            guard pack.status == .draft else { throw PackServiceError.wrongStatus(pack.status, action: "publish") }
            if try await tx.bannedCreator(creator.member) != nil { throw PackServiceError.bannedCreator }
            let count = try await tx.characters(of: id, includingRetired: false).count
            guard count > 0 else { throw PackServiceError.noCharacters }
            guard count <= self.limits.maxCharactersPerPack else {
                throw PackServiceError.tooManyCharacters(count: count, limit: self.limits.maxCharactersPerPack)
            }
            pack.status = .published
            pack.publishedAt = pack.publishedAt ?? now
            pack.updatedAt = now
            try await tx.updatePack(pack)
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packPublished, player: creator, at: now, properties: ["pack": id.rawValue, "version": String(pack.version)]))
            return pack
        }
    }

    /// `/packs unpublish`: back to draft; it leaves browse, search and every pool (guilds keep it
    /// enabled, so it comes back if republished). Owned characters stay owned.
    @discardableResult
    public func unpublish(pack id: PackID, creator: PlayerID) async throws -> PackRecord {
        let now = time.now()
        return try await store.writePacks { tx in
            var pack = try await self.ownPack(id, creator: creator.member, tx)
            guard pack.status == .published else { throw PackServiceError.wrongStatus(pack.status, action: "unpublish") }
            pack.status = .draft
            pack.updatedAt = now
            try await tx.updatePack(pack)
            return pack
        }
    }

    /// `/packs edit`: name, description and tags (nil leaves a field as it is).
    @discardableResult
    public func edit(
        pack id: PackID, creator: PlayerID, name: String? = nil, description: String? = nil, tags: [String]? = nil,
        cover: Data? = nil
    ) async throws -> PackRecord {
        let coverAddress = try await storeImage(cover, file: "cover")
        let now = time.now()
        return try await store.writePacks { tx in
            var pack = try await self.ownPack(id, creator: creator.member, tx)
            guard pack.status == .draft || pack.status == .published else {
                throw PackServiceError.wrongStatus(pack.status, action: "edit")
            }
            try self.checkFields(name: name ?? pack.name, description: description ?? pack.description, tags: tags ?? pack.tags)
            pack.name = name ?? pack.name
            pack.description = description ?? pack.description
            pack.tags = tags ?? pack.tags
            pack.cover = coverAddress ?? pack.cover
            pack.updatedAt = now
            try await tx.updatePack(pack)
            return pack
        }
    }

    /// `/packs mine`: every pack of the creator, in any status, newest first.
    public func mine(creator: MemberID) async throws -> [PackSummary] {
        try await store.readPacks { tx in
            var summaries: [PackSummary] = []
            for pack in try await tx.packs(creator: creator) {
                let scores = try await tx.scores(of: pack.id) ?? PackScores()
                let count = try await tx.characters(of: pack.id, includingRetired: false).count
                summaries.append(PackSummary(pack: pack, scores: scores, characterCount: count))
            }
            return summaries
        }
    }

    // MARK: Helpers

    /// The pack, if `creator` made it; otherwise `packNotFound` or `notYourPack`. A removed pack
    /// is gone for its creator too.
    func ownPack(_ id: PackID, creator: MemberID, _ tx: any PacksReader) async throws -> PackRecord {
        guard let pack = try await tx.pack(id), pack.status != .removed else { throw PackServiceError.packNotFound(id.rawValue) }
        guard pack.creator == creator else { throw PackServiceError.notYourPack }
        return pack
    }

    func checkFields(name: String, description: String, tags: [String]) throws {
        let rule = TextRule(file: "the pack")
        do {
            try rule.check(name, path: "name", limit: limits.maxNameCharacters, required: true)
            try rule.check(description, path: "description", limit: limits.maxPackDescriptionCharacters)
            try rule.checkTags(tags, path: "tags", limits: limits)
        } catch { throw PackServiceError.invalidContent(error) }
    }

    func parse(manifest: Data, file: String, files: [String: Data]) throws -> ImportedPack {
        do { return try importer.importPack(manifest: manifest, file: file, files: files) } catch {
            throw PackServiceError.invalidContent(error)
        }
    }

    /// Checks an image and stores it; nil in, nil out.
    func storeImage(_ data: Data?, file: String) async throws -> BlobAddress? {
        guard let data else { return nil }
        do { _ = try importer.validateImage(data, file: file) } catch { throw PackServiceError.invalidContent(error) }
        return try await blobs.put(data)
    }

    /// The cover and every character's image, stored once each (content addresses dedupe them).
    func storeImages(of pack: ImportedPack) async throws -> (cover: BlobAddress?, images: [String: BlobAddress]) {
        var cover: BlobAddress?
        if let image = pack.cover { cover = try await blobs.put(image.data) }
        var images: [String: BlobAddress] = [:]
        for character in pack.characters {
            if let image = character.image { images[character.id] = try await blobs.put(image.data) }
        }
        return (cover, images)
    }

    static func records(of pack: ImportedPack, pack id: PackID, images: [String: BlobAddress]) -> [PackCharacterRecord] {
        pack.characters.enumerated().map { position, character in
            record(pack: id, id: character.id, rarity: character.rarity, card: character.card, image: images[character.id], position: position)
        }
    }

    static func record(
        pack: PackID, id: String, rarity: Rarity, card: CharacterCard, image: BlobAddress?, position: Int
    ) -> PackCharacterRecord {
        PackCharacterRecord(
            pack: pack, id: id, rarity: rarity, name: card.name, description: card.description, personality: card.personality,
            scenario: card.scenario, firstMessage: card.firstMessage, messageExample: card.messageExample,
            systemPrompt: card.systemPrompt, tags: card.tags, creatorNotes: card.creatorNotes, image: image, position: position,
            postHistoryInstructions: card.postHistoryInstructions)
    }

    /// An id made from a name (`Nova Vasquez` → `nova-vasquez`), with `-2`, `-3`… when taken.
    static func freeID(for name: String, taken: Set<String>, limit: Int) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        let base = String((slug.isEmpty ? "character" : slug).prefix(max(1, limit - 4)))
        if !taken.contains(base) { return base }
        var number = 2
        while taken.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }
}
