import Gacha

/// One character of a pack as stored: its stable id within the pack, rarity, the Character Card
/// V2 fields kept for talk, and its image. A character dropped by a new version is `retired`: it
/// stays owned by whoever has it, and no longer rolls.
public struct PackCharacterRecord: Hashable, Sendable, Codable {
    public var pack: PackID
    /// `extensions.gachabot.id` (or one given when added from a lone card); stable across versions.
    public var id: String
    public var rarity: Rarity
    public var name: String
    public var description: String
    public var personality: String
    public var scenario: String
    /// `first_mes`.
    public var firstMessage: String
    /// `mes_example`.
    public var messageExample: String
    /// `system_prompt`.
    public var systemPrompt: String
    /// `post_history_instructions`.
    public var postHistoryInstructions: String
    public var tags: [String]
    /// `creator_notes`.
    public var creatorNotes: String
    public var image: BlobAddress?
    public var retired: Bool
    /// Order within the pack (the pack file's order).
    public var position: Int

    public init(
        pack: PackID, id: String, rarity: Rarity, name: String, description: String = "", personality: String = "",
        scenario: String = "", firstMessage: String = "", messageExample: String = "", systemPrompt: String = "",
        tags: [String] = [], creatorNotes: String = "", image: BlobAddress? = nil, retired: Bool = false, position: Int = 0,
        postHistoryInstructions: String = ""
    ) {
        self.pack = pack
        self.id = id
        self.rarity = rarity
        self.name = name
        self.description = description
        self.personality = personality
        self.scenario = scenario
        self.firstMessage = firstMessage
        self.messageExample = messageExample
        self.systemPrompt = systemPrompt
        self.postHistoryInstructions = postHistoryInstructions
        self.tags = tags
        self.creatorNotes = creatorNotes
        self.image = image
        self.retired = retired
        self.position = position
    }

    /// The character as the gacha pool names it: `pk:<packID>:<characterID>`.
    public var gachaID: String { PackCharacterRecord.gachaID(pack: pack, character: id) }

    public static func gachaID(pack: PackID, character: String) -> String {
        PackCharacterID.encode(packID: pack.rawValue, characterID: character)
    }
}
