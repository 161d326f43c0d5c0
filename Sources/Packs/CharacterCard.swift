import Foundation

/// A Character Card V2 (`spec: "chara_card_v2"`), keeping the fields Gachabot needs for talk and
/// display, the card's `extensions` as they were, and what Gachabot reads from
/// `extensions.gachabot`. Other fields (`alternate_greetings`, `character_book`, …) are ignored.
/// Spec: https://github.com/malfoyslastname/character-card-spec-v2/blob/main/spec_v2.md
public struct CharacterCard: Sendable, Hashable {
    public static let spec = "chara_card_v2"

    public let name: String
    public let description: String
    public let personality: String
    public let scenario: String
    /// `first_mes`.
    public let firstMessage: String
    /// `mes_example`.
    public let messageExample: String
    /// `system_prompt`.
    public let systemPrompt: String
    /// `post_history_instructions`: a note sent after the conversation's turns.
    public let postHistoryInstructions: String
    /// `creator_notes`.
    public let creatorNotes: String
    public let tags: [String]
    /// `data.extensions`, including `gachabot` as `gachabot` says.
    public let extensions: [String: JSONValue]
    /// `data.extensions.gachabot`, read and checked.
    public let gachabot: GachabotExtension

    /// A card written by hand; `gachabot` replaces any `gachabot` entry of `extensions`.
    public init(
        name: String, description: String = "", personality: String = "", scenario: String = "",
        firstMessage: String = "", messageExample: String = "", systemPrompt: String = "",
        postHistoryInstructions: String = "", creatorNotes: String = "", tags: [String] = [], extensions: [String: JSONValue] = [:],
        gachabot: GachabotExtension = GachabotExtension()
    ) {
        self.name = name
        self.description = description
        self.personality = personality
        self.scenario = scenario
        self.firstMessage = firstMessage
        self.messageExample = messageExample
        self.systemPrompt = systemPrompt
        self.postHistoryInstructions = postHistoryInstructions
        self.creatorNotes = creatorNotes
        self.tags = tags
        var extensions = extensions
        extensions["gachabot"] = gachabot == GachabotExtension() ? nil : gachabot.jsonValue
        self.extensions = extensions
        self.gachabot = gachabot
    }

    /// The card as Character Card V2 JSON (`spec`, `spec_version` "2.0", `data`).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(CharacterCardWire(self))
    }
}
