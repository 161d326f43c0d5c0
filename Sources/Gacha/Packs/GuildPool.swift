/// The packs enabled in one server, ready to roll from: what the base catalogue's tiers are joined
/// with. The packs area builds it (and caches it per guild); the game only reads it.
///
/// Each tier's pack characters sit in one array sorted by id, so a draw is one index and a seeded
/// roll does not depend on the order the provider listed them in.
public struct GuildPool: Sendable {
    /// A pack of the pool, as `/rates` lists it.
    public struct Pack: Hashable, Sendable {
        public var id: String
        /// Already neutralised by the provider (the game never shows raw user text).
        public var name: String
        /// Characters per tier that can be rolled.
        public var counts: [Rarity: Int]
        /// Who may roll it when not everyone ("🔒 Pro", "100 points / 30 days"), worded by the provider.
        public var accessNote: String? = nil
        public var total: Int { counts.values.reduce(0, +) }
    }

    /// A character handed to the pool by the provider.
    public struct Entry: Hashable, Sendable {
        /// The id within the pack (no ':').
        public var characterID: String
        public var name: String
        public var rarity: Rarity
        public var description: String
        public var persona: String

        public init(characterID: String, name: String, rarity: Rarity, description: String = "", persona: String = "") {
            self.characterID = characterID
            self.name = name
            self.rarity = rarity
            self.description = description
            self.persona = persona
        }
    }

    /// A pack handed to the pool by the provider, with its rollable characters.
    public struct PackEntry: Hashable, Sendable {
        public var id: String
        public var name: String
        public var characters: [Entry]
        /// Not free to everyone (Pro-only, or by subscription): a roll asks `PackAccessPolicy`.
        public var restricted: Bool
        /// How `/rates` words its access when restricted.
        public var accessNote: String?

        public init(id: String, name: String, characters: [Entry], restricted: Bool = false, accessNote: String? = nil) {
            self.id = id
            self.name = name
            self.characters = characters
            self.restricted = restricted
            self.accessNote = accessNote
        }
    }

    /// The pool's packs, in the provider's order.
    public let packs: [Pack]
    /// Their ids: whether a pack still rolls in this server.
    public let packIDs: Set<String>
    /// The packs whose access is restricted: empty in a server that enabled none, so its rolls
    /// never ask whether the member may draw from them.
    public let restrictedPackIDs: Set<String>
    /// The pack characters of each tier, sorted by id (`pk:<pack>:<character>`).
    public let byRarity: [Rarity: [GameCharacter]]
    /// Each pack character's tier and position in `byRarity[tier]`, so a pull skips drawn ones by
    /// position (as the catalogue does) instead of scanning.
    let tierPositions: [String: (rarity: Rarity, index: Int)]

    /// How many pack characters the pool holds.
    public var characterCount: Int { byRarity.values.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { packs.isEmpty }

    /// A server without packs: rolls draw from the base catalogue only.
    public static let empty = GuildPool()

    private init() {
        packs = []
        packIDs = []
        restrictedPackIDs = []
        byRarity = [:]
        tierPositions = [:]
    }

    /// Refuses a pack id or character id that cannot form a `PackCharacterID`, a pack listed twice,
    /// or a character listed twice in one pack; the error names the pack and character.
    public init(packs entries: [PackEntry]) throws(GuildPoolError) {
        var seenPacks: Set<String> = []
        var restricted: Set<String> = []
        var packs: [Pack] = []
        var byRarity: [Rarity: [GameCharacter]] = [:]
        for entry in entries {
            guard seenPacks.insert(entry.id).inserted else { throw .duplicatePack(entry.id) }
            if entry.restricted { restricted.insert(entry.id) }
            var counts: [Rarity: Int] = [:]
            var seenCharacters: Set<String> = []
            for character in entry.characters {
                let id: PackCharacterID
                do {
                    id = try PackCharacterID(packID: entry.id, characterID: character.characterID)
                } catch {
                    throw .invalidID(pack: entry.id, character: character.characterID, error)
                }
                guard seenCharacters.insert(character.characterID).inserted else {
                    throw .duplicateCharacter(pack: entry.id, character: character.characterID)
                }
                counts[character.rarity, default: 0] += 1
                byRarity[character.rarity, default: []].append(
                    GameCharacter(
                        id: id.encoded, name: character.name, series: entry.name, rarity: character.rarity,
                        description: character.description, persona: character.persona,
                        pack: PackOrigin(packID: entry.id, packName: entry.name, available: true)))
            }
            packs.append(Pack(id: entry.id, name: entry.name, counts: counts, accessNote: entry.restricted ? entry.accessNote : nil))
        }
        let sorted = byRarity.mapValues { $0.sorted { $0.id < $1.id } }
        var positions: [String: (rarity: Rarity, index: Int)] = [:]
        for (rarity, tier) in sorted {
            for (index, character) in tier.enumerated() { positions[character.id] = (rarity, index) }
        }
        self.packs = packs
        self.packIDs = seenPacks
        self.restrictedPackIDs = restricted
        self.byRarity = sorted
        self.tierPositions = positions
    }

    private init(
        packs: [Pack], packIDs: Set<String>, restrictedPackIDs: Set<String>, byRarity: [Rarity: [GameCharacter]],
        tierPositions: [String: (rarity: Rarity, index: Int)]
    ) {
        self.packs = packs
        self.packIDs = packIDs
        self.restrictedPackIDs = restrictedPackIDs
        self.byRarity = byRarity
        self.tierPositions = tierPositions
    }

    /// The pool without `excluded` packs' characters (a member's lapsed or Pro-only packs); the same
    /// pool when there is nothing to exclude. Each tier stays sorted by id.
    public func excluding(_ excluded: Set<String>) -> GuildPool {
        guard !excluded.isDisjoint(with: packIDs) else { return self }
        let byRarity = self.byRarity.mapValues { tier in tier.filter { !excluded.contains($0.pack?.packID ?? "") } }
        var positions: [String: (rarity: Rarity, index: Int)] = [:]
        for (rarity, tier) in byRarity {
            for (index, character) in tier.enumerated() { positions[character.id] = (rarity, index) }
        }
        return GuildPool(
            packs: packs.filter { !excluded.contains($0.id) }, packIDs: packIDs.subtracting(excluded),
            restrictedPackIDs: restrictedPackIDs.subtracting(excluded), byRarity: byRarity, tierPositions: positions)
    }

    /// A pack character of the pool by its encoded id.
    public func character(_ id: String) -> GameCharacter? {
        tierPositions[id].map { byRarity[$0.rarity, default: []][$0.index] }
    }
}

/// Why a pool was refused.
public enum GuildPoolError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidID(pack: String, character: String, PackCharacterIDError)
    case duplicatePack(String)
    case duplicateCharacter(pack: String, character: String)

    public var description: String {
        switch self {
        case .invalidID(let pack, let character, let error):
            "guild pool: pack \"\(pack)\", character \"\(character)\": \(error)"
        case .duplicatePack(let pack): "guild pool: pack \"\(pack)\" listed twice"
        case .duplicateCharacter(let pack, let character): "guild pool: pack \"\(pack)\" lists character \"\(character)\" twice"
        }
    }
}
