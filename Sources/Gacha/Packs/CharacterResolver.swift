/// Turns stored character ids (inventory rows, pulls) into characters to show: base ids from the
/// catalogue, pack ids from the server's pool, the others through the directory in one batched
/// lookup. Nothing owned is ever dropped: an id none knows becomes a stand-in (a retired base
/// character, or a character "from an unavailable pack").
struct CharacterResolver: Sendable {
    let catalogue: Catalogue
    let directory: any PackCharacterDirectory
    /// The server's pool, when known: a pack that left it (disabled here, hidden, removed) is
    /// shown as unavailable even while the directory still knows it.
    let pool: GuildPool?

    /// `rarities`: the rarity recorded with an id where there is one (a pull keeps the rarity it
    /// was rolled at, so its points never change); it wins over the directory's current one.
    func resolve(_ ids: some Sequence<String>, rarities: [String: Rarity] = [:]) async throws -> [String: GameCharacter] {
        var resolved: [String: GameCharacter] = [:]
        var packIDs: Set<PackCharacterID> = []
        for id in ids where resolved[id] == nil {
            if let character = catalogue.character(id) {
                resolved[id] = character
            } else if var character = pool?.character(id) {
                // Rolls here now: no lookup needed.
                if let rarity = rarities[id] { character.rarity = rarity }
                resolved[id] = character
            } else if let packID = PackCharacterID.parse(id) {
                packIDs.insert(packID)
            } else {
                resolved[id] = .retired(id: id, rarity: rarities[id] ?? .common)
            }
        }
        guard !packIDs.isEmpty else { return resolved }
        let known = try await directory.characters(packIDs)
        for packID in packIDs {
            let id = packID.encoded
            resolved[id] = known[packID].map { Self.character(packID, $0, rarity: rarities[id], inPool: pool?.packIDs.contains(packID.packID)) }
                ?? .fromUnavailablePack(packID, rarity: rarities[id] ?? .common)
        }
        return resolved
    }

    func resolve(_ id: String, rarity: Rarity? = nil) async throws -> GameCharacter {
        let rarities = rarity.map { [id: $0] } ?? [:]
        return try await resolve([id], rarities: rarities)[id] ?? .retired(id: id, rarity: rarity ?? .common)
    }

    /// Owned rows as characters, in the rows' order.
    func owned(_ records: [InventoryRecord]) async throws -> [OwnedCharacter] {
        let resolved = try await resolve(records.map(\.characterID))
        return records.map {
            OwnedCharacter(character: resolved[$0.characterID] ?? .retired(id: $0.characterID), acquiredAt: $0.acquiredAt)
        }
    }

    /// A pull's characters as rolled (their recorded rarities).
    func pulled(_ items: [PulledCharacter], also extra: [String] = []) async throws -> [String: GameCharacter] {
        var rarities: [String: Rarity] = [:]
        for item in items { rarities[item.characterID] = item.rarity }
        return try await resolve(items.map(\.characterID) + extra, rarities: rarities)
    }

    /// `inPool`: whether the pack is in the server's pool (nil: the pool is not known here).
    static func character(_ id: PackCharacterID, _ info: PackCharacterInfo, rarity: Rarity?, inPool: Bool?) -> GameCharacter {
        GameCharacter(
            id: id.encoded, name: info.name, series: info.packName, rarity: rarity ?? info.rarity, description: info.description,
            persona: info.persona,
            pack: PackOrigin(packID: id.packID, packName: info.packName, available: info.available && inPool != false),
            personality: info.persona, scenario: info.scenario, firstMessage: info.firstMessage,
            exampleMessages: info.exampleMessages, systemPrompt: info.systemPrompt,
            postHistoryInstructions: info.postHistoryInstructions)
    }
}

extension GameCharacter {
    /// Stands in for an owned pack character whose pack the directory no longer knows.
    static func fromUnavailablePack(_ id: PackCharacterID, rarity: Rarity) -> GameCharacter {
        GameCharacter(
            id: id.encoded, name: id.characterID, series: "Unavailable pack", rarity: rarity,
            description: "From a pack that is no longer available.", persona: "",
            pack: PackOrigin(packID: id.packID, packName: "", available: false))
    }
}
