import Storage

/// A prompt ready to send, and what the budget cost it.
public struct BuiltPrompt: Sendable, Hashable {
    public var messages: [ChatMessage]
    /// `TokenEstimator`'s count for `messages`.
    public var estimatedTokens: Int
    /// Example dialogue blocks left out, from the last one back.
    public var trimmedExamples: Int
    /// The oldest turns left out (in order): history past the budget, for `MemorySummarizer`.
    public var trimmedTurns: [TalkTurnRecord]
    /// Memories left out, from the oldest.
    public var trimmedMemories: Int
    /// The turns sent.
    public var sentTurns: Int
    /// Even with everything trimmable left out, the prompt is over the budget (the persona, the
    /// system block, the instructions and the member's message alone do not fit). It is still
    /// built; the caller decides whether to send it.
    public var overBudget: Bool

    public init(
        messages: [ChatMessage], estimatedTokens: Int, trimmedExamples: Int, trimmedTurns: [TalkTurnRecord],
        trimmedMemories: Int, sentTurns: Int, overBudget: Bool
    ) {
        self.messages = messages
        self.estimatedTokens = estimatedTokens
        self.trimmedExamples = trimmedExamples
        self.trimmedTurns = trimmedTurns
        self.trimmedMemories = trimmedMemories
        self.sentTurns = sentTurns
        self.overBudget = overBudget
    }

    /// The history no longer fits: the service folds the oldest turns into memory.
    public var historyPassedBudget: Bool { !trimmedTurns.isEmpty }
}
