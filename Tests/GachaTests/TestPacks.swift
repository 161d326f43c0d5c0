import Gacha
import Storage
import Synchronization

/// A stand-in for the packs area: a set of packs, each enabled in every server or not, and
/// available (published) or not. Serves both the pool and the directory, and counts the calls.
final class TestPacks: GuildPoolProvider, PackCharacterDirectory {
    struct State {
        var packs: [GuildPool.PackEntry]
        var enabled: Set<String>
        var unavailable: Set<String> = []
        /// Packs the directory no longer knows at all.
        var forgotten: Set<String> = []
        var poolCalls = 0
        var directoryCalls = 0
    }

    let state: Mutex<State>

    init(_ packs: [GuildPool.PackEntry]) {
        state = Mutex(State(packs: packs, enabled: Set(packs.map(\.id))))
    }

    /// `count` packs (`pack-1`…) of `perPack` characters spread over the tiers like a real pack:
    /// 60 % common, 25 % rare, 10 % epic, 5 % legendary (at least one of each).
    convenience init(count: Int, perPack: Int = 40) {
        self.init((1...count).map { TestPacks.pack("pack-\($0)", characters: perPack) })
    }

    static func pack(_ id: String, characters: Int) -> GuildPool.PackEntry {
        let legendary = max(1, characters / 20)
        let epic = max(1, characters / 10)
        let rare = max(1, characters / 4)
        let tiers: [(Rarity, Int)] = [(.legendary, legendary), (.epic, epic), (.rare, rare), (.common, characters - legendary - epic - rare)]
        var entries: [GuildPool.Entry] = []
        for (rarity, count) in tiers {
            for index in 0..<count {
                entries.append(
                    GuildPool.Entry(
                        characterID: "\(rarity.rawValue)\(index)", name: "\(id) \(rarity.rawValue.capitalized) \(index)", rarity: rarity,
                        description: "A character of \(id).", persona: "Speaks for \(id)."))
            }
        }
        return GuildPool.PackEntry(id: id, name: "The \(id) Pack", characters: entries)
    }

    func pool(for guild: GuildID) async throws -> GuildPool {
        let packs = state.withLock { state in
            state.poolCalls += 1
            return state.packs.filter { state.enabled.contains($0.id) && !state.unavailable.contains($0.id) }
        }
        return try GuildPool(packs: packs)
    }

    func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo] {
        state.withLock { state in
            state.directoryCalls += 1
            var found: [PackCharacterID: PackCharacterInfo] = [:]
            for id in ids where !state.forgotten.contains(id.packID) {
                guard let pack = state.packs.first(where: { $0.id == id.packID }),
                    let character = pack.characters.first(where: { $0.characterID == id.characterID })
                else { continue }
                found[id] = PackCharacterInfo(
                    name: character.name, rarity: character.rarity, packName: pack.name,
                    available: !state.unavailable.contains(pack.id), description: character.description, persona: character.persona)
            }
            return found
        }
    }

    /// A server manager disables the pack: it leaves the pool.
    func disable(_ packID: String) { state.withLock { _ = $0.enabled.remove(packID) } }
    /// Moderation hides the pack: it leaves every pool and shows as unavailable.
    func hide(_ packID: String) { state.withLock { _ = $0.unavailable.insert(packID) } }
    /// The directory loses the pack entirely.
    func forget(_ packID: String) { state.withLock { _ = $0.forgotten.insert(packID) } }

    var poolCalls: Int { state.withLock { $0.poolCalls } }
}
