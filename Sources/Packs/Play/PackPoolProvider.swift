import Gacha
import Storage
import Synchronization

/// The packs area as the game sees it: a guild's roll pool (the characters of the packs it enabled
/// that are published and not hidden) and pack characters' names wherever they are shown.
///
/// A guild's pool is cached with its pool version, which every change to that pool moves (enable,
/// disable, hide, restore, remove, a new version). A roll reads only the version, one indexed row,
/// so its cost does not grow with the catalogue; the pool itself is re-read after a change. Names
/// are neutralised here (`SafeText`), so the game and the bot show them as they are.
public final class PackPoolProvider: GuildPoolProvider, PackCharacterDirectory {
    private let store: any PacksStore
    private let cache = Mutex<[GuildID: CachedPool]>([:])

    private struct CachedPool {
        let version: Int64
        let pool: GuildPool
    }

    public init(store: any PacksStore) {
        self.store = store
    }

    public func pool(for guild: GuildID) async throws -> GuildPool {
        let version = try await store.readPacks { reader in try await reader.poolVersion(guild) }
        if let cached = cache.withLock({ $0[guild] }), cached.version == version { return cached.pool }
        let stored = try await store.readPacks { reader in try await reader.guildPool(guild) }
        // Which of them are restricted (Pro-only, by subscription): read only with the pool, after
        // a change, never on a roll's path. `setPackAccess` bumps the pool version.
        var restricted: [PackID: PackAccess] = [:]
        if let access = store as? any PackAccessStore {
            let ids = Array(Set(stored.characters.map(\.pack))).sorted()
            restricted = try await access.readPackAccess { reader in try await reader.restrictedPacks(among: ids) }
        }
        let pool = try GuildPool(packs: Self.entries(stored, restricted: restricted))
        cache.withLock { cache in
            // A slower reader must not put back an older pool than one already cached.
            if let current = cache[guild], current.version > stored.version { return }
            cache[guild] = CachedPool(version: stored.version, pool: pool)
        }
        return pool
    }

    public func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo] {
        guard !ids.isEmpty else { return [:] }
        return try await store.readPacks { reader in
            var found: [PackCharacterID: PackCharacterInfo] = [:]
            for id in ids {
                guard let lookup = try await reader.packCharacter(pack: PackID(id.packID), character: id.characterID) else { continue }
                found[id] = PackCharacterInfo(
                    name: SafeText(lookup.character.name, limit: 80, singleLine: true).text, rarity: lookup.character.rarity,
                    packName: SafeText(lookup.packName, limit: 80, singleLine: true).text, available: lookup.isAvailable,
                    description: SafeText(lookup.character.description, limit: 1_000).text,
                    persona: SafeText(lookup.character.personality, limit: 1_000).text,
                    // Talk's card fields: quoted as data in prompts (never shown in Discord as they are).
                    scenario: lookup.character.scenario, firstMessage: lookup.character.firstMessage,
                    exampleMessages: lookup.character.messageExample, systemPrompt: lookup.character.systemPrompt,
                    postHistoryInstructions: lookup.character.postHistoryInstructions)
            }
            return found
        }
    }

    static func entries(_ stored: GuildPackPool, restricted: [PackID: PackAccess] = [:]) -> [GuildPool.PackEntry] {
        var order: [PackID] = []
        var byPack: [PackID: (name: String, characters: [GuildPool.Entry])] = [:]
        for character in stored.characters {
            if byPack[character.pack] == nil {
                order.append(character.pack)
                byPack[character.pack] = (SafeText(character.packName, limit: 80, singleLine: true).text, [])
            }
            byPack[character.pack]?.characters.append(
                GuildPool.Entry(
                    characterID: character.character, name: SafeText(character.name, limit: 80, singleLine: true).text,
                    rarity: character.rarity))
        }
        return order.compactMap { id in
            byPack[id].map {
                GuildPool.PackEntry(
                    id: id.rawValue, name: $0.name, characters: $0.characters, restricted: restricted[id] != nil,
                    accessNote: restricted[id]?.label)
            }
        }
    }
}
