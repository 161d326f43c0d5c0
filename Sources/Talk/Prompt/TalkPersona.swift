import Foundation
import Gacha

/// Who a character is when they talk: the card fields the prompt is built from. Built from a
/// `GameCharacter` (base catalogue or pack). Empty strings mean unset.
public struct TalkPersona: Sendable, Hashable {
    public var characterID: String
    public var name: String
    public var description: String
    public var personality: String
    public var scenario: String
    /// `first_mes`: the opening line of a first conversation.
    public var firstMessage: String
    /// `mes_example`: example dialogue, blocks separated by `<START>`.
    public var exampleMessages: String
    /// `system_prompt`.
    public var systemPrompt: String
    /// `post_history_instructions`.
    public var postHistoryInstructions: String
    /// Whether the card's text is ours (the base catalogue) rather than a creator's (a pack). Only
    /// our own `system_prompt` and `post_history_instructions` are sent as instructions; a
    /// creator's are sent as quoted data (docs/decisions/0026).
    public var trusted: Bool

    public init(
        characterID: String, name: String, description: String = "", personality: String = "", scenario: String = "",
        firstMessage: String = "", exampleMessages: String = "", systemPrompt: String = "", postHistoryInstructions: String = "",
        trusted: Bool
    ) {
        self.characterID = characterID
        self.name = name
        self.description = description
        self.personality = personality
        self.scenario = scenario
        self.firstMessage = firstMessage
        self.exampleMessages = exampleMessages
        self.systemPrompt = systemPrompt
        self.postHistoryInstructions = postHistoryInstructions
        self.trusted = trusted
    }

    /// The character's card fields; `persona` stands in for a missing personality. A pack
    /// character (`pack` set) is untrusted.
    public init(_ character: GameCharacter) {
        func field(_ value: String?) -> String { value?.trimmingWhitespace ?? "" }
        let personality = field(character.personality)
        self.init(
            characterID: character.id, name: character.name, description: field(character.description),
            personality: personality.isEmpty ? field(character.persona) : personality, scenario: field(character.scenario),
            firstMessage: field(character.firstMessage), exampleMessages: field(character.exampleMessages),
            systemPrompt: field(character.systemPrompt), postHistoryInstructions: field(character.postHistoryInstructions),
            trusted: character.pack == nil)
    }

    /// The example dialogue as blocks: split at each `<START>` line (case-insensitive, as
    /// SillyTavern does), empty blocks dropped.
    public var exampleBlocks: [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in exampleMessages.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).lowercased() == "<start>" {
                blocks.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        blocks.append(current.joined(separator: "\n"))
        return blocks.map(\.trimmingWhitespace).filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension TalkPersona {
    /// The card's `first_mes` with `{{char}}` and `{{user}}` substituted: the character's opening
    /// line of a first conversation. Nil when the card has none. The caller neutralises it before
    /// it reaches Discord (it is creator text).
    public func openingLine(userName: String) -> String? {
        guard !firstMessage.isEmpty else { return nil }
        return Placeholders(character: name, user: PromptBuilder.displayName(userName)).apply(firstMessage)
    }
}
