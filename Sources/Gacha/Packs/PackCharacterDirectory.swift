/// What the game needs to show a pack character it holds only the id of (an inventory row, a
/// pull): its name, rarity, pack and whether the pack is still available. The packs area
/// implements it; lookups are batched, one call per page or pull.
public protocol PackCharacterDirectory: Sendable {
    /// The characters it knows among `ids`; an id it does not know is simply absent (the game then
    /// shows the character as from an unavailable pack, and never drops it).
    func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo]
}

/// One pack character as the directory describes it. Text is already neutralised.
public struct PackCharacterInfo: Hashable, Sendable {
    public var name: String
    public var rarity: Rarity
    public var packName: String
    /// False for a pack that is hidden or removed: its characters no longer roll anywhere.
    public var available: Bool
    public var description: String
    public var persona: String
    /// The card's fields for talk (see `GameCharacter`); empty when unset.
    public var scenario: String
    public var firstMessage: String
    public var exampleMessages: String
    public var systemPrompt: String
    public var postHistoryInstructions: String

    public init(
        name: String, rarity: Rarity, packName: String, available: Bool, description: String = "", persona: String = "",
        scenario: String = "", firstMessage: String = "", exampleMessages: String = "", systemPrompt: String = "",
        postHistoryInstructions: String = ""
    ) {
        self.name = name
        self.rarity = rarity
        self.packName = packName
        self.available = available
        self.description = description
        self.persona = persona
        self.scenario = scenario
        self.firstMessage = firstMessage
        self.exampleMessages = exampleMessages
        self.systemPrompt = systemPrompt
        self.postHistoryInstructions = postHistoryInstructions
    }
}

/// Knows no pack character (the default until the packs area is wired in).
public struct EmptyPackCharacterDirectory: PackCharacterDirectory {
    public init() {}
    public func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo] { [:] }
}

extension PackCharacterDirectory where Self == EmptyPackCharacterDirectory {
    public static var empty: EmptyPackCharacterDirectory { EmptyPackCharacterDirectory() }
}
