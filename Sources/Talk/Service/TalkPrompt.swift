import Gacha

/// Where the service meets the prompt parts (`PromptBuilder`, `TalkPersona`, `MemorySummarizer`):
/// the request for a turn within the budget, the turns to fold into memory when the history
/// passes it, the character's opening line, and the summary call.
struct TalkPrompt: Sendable {
    let builder: PromptBuilder
    let summarizer: MemorySummarizer

    init(settings: TalkSettings, model: any ChatModel) {
        builder = PromptBuilder(
            budget: PromptBudget(contextTokens: settings.promptBudgetTokens + settings.maxReplyTokens, replyTokens: settings.maxReplyTokens))
        summarizer = MemorySummarizer(model: model)
    }

    struct Built: Sendable {
        var messages: [ChatMessage]
        /// The oldest turns to fold into a memory (empty while the history fits).
        var foldable: [TalkTurnRecord]
    }

    func build(
        character: GameCharacter, userName: String, memories: [TalkMemoryRecord], turns: [TalkTurnRecord], message: String
    ) -> Built {
        let built = builder.build(
            persona: TalkPersona(character), userName: userName, memories: memories.map(\.text), history: turns, message: message)
        let foldable = built.historyPassedBudget ? summarizer.turnsToFold(turns, overflow: built.trimmedTurns.count) : []
        return Built(messages: built.messages, foldable: foldable)
    }

    func opening(of character: GameCharacter, userName: String) -> String? {
        TalkPersona(character).openingLine(userName: userName)
    }

    /// The memory of `turns`, and the call that wrote it (also when the model wrote nothing:
    /// `text` is then nil, and the call is still recorded).
    func summarize(
        _ turns: [TalkTurnRecord], character: GameCharacter, userName: String
    ) async throws -> (text: String?, completion: ChatCompletion) {
        do {
            let summary = try await summarizer.summarize(characterName: character.name, userName: userName, turns: turns)
            return (summary.text, summary.completion)
        } catch MemorySummaryError.empty(let completion) {
            return (nil, completion)
        }
    }
}
