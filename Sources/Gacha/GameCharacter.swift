import Storage

/// One character of the catalogue. Original characters only.
public struct GameCharacter: Hashable, Sendable, Codable, Identifiable {
    /// A stable slug (`pell-ashgrove`): what inventories and pulls store.
    public var id: String
    public var name: String
    public var series: String
    public var rarity: Rarity
    public var description: String
    /// A line describing how the character talks, for the later AI-talk feature.
    public var persona: String
    /// Where a pack character comes from (nil for the base catalogue). Optional, so results stored
    /// before packs existed still decode.
    public var pack: PackOrigin?

    public init(
        id: String, name: String, series: String, rarity: Rarity, description: String, persona: String,
        pack: PackOrigin? = nil
    ) {
        self.id = id
        self.name = name
        self.series = series
        self.rarity = rarity
        self.description = description
        self.persona = persona
        self.pack = pack
    }

    /// Stands in for an owned character that a later catalogue no longer lists, so an inventory
    /// never fails to show.
    static func retired(id: String, rarity: Rarity = .common) -> GameCharacter {
        GameCharacter(
            id: id, name: id, series: "Retired", rarity: rarity, description: "No longer in the catalogue.",
            persona: "")
    }
}
