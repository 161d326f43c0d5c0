/// How many tokens a prompt may use: the model's context window minus what is reserved for the
/// reply. Counted with `TokenEstimator`.
public struct PromptBudget: Sendable, Hashable {
    public var contextTokens: Int
    public var replyTokens: Int

    public init(contextTokens: Int, replyTokens: Int) {
        self.contextTokens = contextTokens
        self.replyTokens = replyTokens
    }

    /// What the prompt itself may use (never negative).
    public var promptTokens: Int { max(0, contextTokens - replyTokens) }
}
