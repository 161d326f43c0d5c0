import Gacha
import Storage

/// What a guild's enabled packs add to its roll pool: the rollable characters (not retired) of
/// every enabled pack that is published, with `version`, which every change to this list bumps
/// (enable, disable, hide, restore, remove, a new version, an edit). A roll path may cache the
/// list per guild and re-read it only when `poolVersion` moved.
public struct GuildPackPool: Hashable, Sendable {
    public var guild: GuildID
    public var version: Int64
    public var characters: [PoolCharacter]

    public init(guild: GuildID, version: Int64, characters: [PoolCharacter]) {
        self.guild = guild
        self.version = version
        self.characters = characters
    }
}

/// One rollable pack character, with what a roll shows about it.
public struct PoolCharacter: Hashable, Sendable {
    public var pack: PackID
    public var packName: String
    public var character: String
    public var name: String
    public var rarity: Rarity

    public init(pack: PackID, packName: String, character: String, name: String, rarity: Rarity) {
        self.pack = pack
        self.packName = packName
        self.character = character
        self.name = name
        self.rarity = rarity
    }

    public var gachaID: String { PackCharacterRecord.gachaID(pack: pack, character: character) }
}

/// A pack character looked up by id, whatever its pack's state: owned characters of a hidden or
/// removed pack (or retired ones) are still shown, marked unavailable.
public struct PackCharacterLookup: Hashable, Sendable {
    public var character: PackCharacterRecord
    public var packName: String
    public var packStatus: PackStatus

    public init(character: PackCharacterRecord, packName: String, packStatus: PackStatus) {
        self.character = character
        self.packName = packName
        self.packStatus = packStatus
    }

    /// Whether it can still be rolled somewhere: its pack is published and it is not retired.
    public var isAvailable: Bool { packStatus == .published && !character.retired }
}
