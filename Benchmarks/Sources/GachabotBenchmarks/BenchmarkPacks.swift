import Gacha
import Storage

/// `--packs N`: N packs of `perPack` characters enabled in the benchmark guild, built once, as a
/// caching provider of the packs area would hold them: the pool for rolls and a directory for
/// showing owned pack characters. Tiers like a typical pack: 60 % common, 25 % rare, 10 % epic,
/// 5 % legendary.
struct BenchmarkPacks: GuildPoolProvider, PackCharacterDirectory {
    let pool: GuildPool
    private let directory: [PackCharacterID: PackCharacterInfo]

    init(count: Int, perPack: Int = 40) throws {
        var packs: [GuildPool.PackEntry] = []
        var directory: [PackCharacterID: PackCharacterInfo] = [:]
        for pack in 0..<count {
            let packID = "bench\(pack)"
            let name = "Benchmark Pack \(pack)"
            var characters: [GuildPool.Entry] = []
            for index in 0..<perPack {
                let share = index * 100 / max(perPack, 1)
                let rarity: Rarity = share < 5 ? .legendary : share < 15 ? .epic : share < 40 ? .rare : .common
                let entry = GuildPool.Entry(
                    characterID: "c\(index)", name: "\(name) Character \(index)", rarity: rarity,
                    description: "A benchmark character.", persona: "Speaks in numbers.")
                characters.append(entry)
                directory[try PackCharacterID(packID: packID, characterID: entry.characterID)] = PackCharacterInfo(
                    name: entry.name, rarity: rarity, packName: name, available: true, description: entry.description,
                    persona: entry.persona)
            }
            packs.append(GuildPool.PackEntry(id: packID, name: name, characters: characters))
        }
        pool = try GuildPool(packs: packs)
        self.directory = directory
    }

    func pool(for guild: GuildID) async throws -> GuildPool { pool }

    func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo] {
        var found: [PackCharacterID: PackCharacterInfo] = [:]
        for id in ids { found[id] = directory[id] }
        return found
    }
}
