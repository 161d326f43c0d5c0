import Storage

/// One character of the catalogue. Original characters only.
public struct GameCharacter: Hashable, Sendable, Codable, Identifiable {
    /// A stable slug (`pell-ashgrove`): what inventories and pulls store.
    public var id: String
    public var name: String
    public var series: String
    public var rarity: Rarity
    public var description: String
    /// A line describing how the character talks: the personality talk uses when the card gives none.
    public var persona: String
    /// Where a pack character comes from (nil for the base catalogue). Optional, so results stored
    /// before packs existed still decode.
    public var pack: PackOrigin?

    // The Character Card V2 fields talk builds its prompt from (docs/talk.md). Optional, so data
    // stored before talk, and catalogue entries without them, still decode; nil and "" mean unset.
    /// `personality` (talk falls back to `persona`).
    public var personality: String?
    /// `scenario`: the situation the conversation starts in.
    public var scenario: String?
    /// `first_mes`: the character's opening line of a first conversation.
    public var firstMessage: String?
    /// `mes_example`: example dialogue, blocks separated by `<START>`.
    public var exampleMessages: String?
    /// `system_prompt`: replaces the default system prompt (for base characters only; see docs/talk.md).
    public var systemPrompt: String?
    /// `post_history_instructions`: a note sent after the conversation's turns.
    public var postHistoryInstructions: String?

    public init(
        id: String, name: String, series: String, rarity: Rarity, description: String, persona: String,
        pack: PackOrigin? = nil, personality: String? = nil, scenario: String? = nil, firstMessage: String? = nil,
        exampleMessages: String? = nil, systemPrompt: String? = nil, postHistoryInstructions: String? = nil
    ) {
        self.id = id
        self.name = name
        self.series = series
        self.rarity = rarity
        self.description = description
        self.persona = persona
        self.pack = pack
        self.personality = personality
        self.scenario = scenario
        self.firstMessage = firstMessage
        self.exampleMessages = exampleMessages
        self.systemPrompt = systemPrompt
        self.postHistoryInstructions = postHistoryInstructions
    }

    /// Stands in for an owned character that a later catalogue no longer lists, so an inventory
    /// never fails to show.
    static func retired(id: String, rarity: Rarity = .common) -> GameCharacter {
        GameCharacter(
            id: id, name: id, series: "Retired", rarity: rarity, description: "No longer in the catalogue.",
            persona: "")
    }
}
