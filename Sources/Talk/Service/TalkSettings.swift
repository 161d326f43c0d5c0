/// Talk's limits and budgets. Defaults suit a small model; the executable may override them.
public struct TalkSettings: Sendable, Hashable {
    /// The longest message a member may send, in characters (Unicode scalars, as Discord counts).
    public var maxInputCharacters: Int
    /// The longest reply kept and shown, in characters; the model is also asked for at most
    /// `maxReplyTokens`.
    public var maxReplyCharacters: Int
    public var maxReplyTokens: Int
    /// The prompt's budget in tokens (`TokenEstimator`), the reply's tokens not included.
    public var promptBudgetTokens: Int
    /// Messages a member may send per `rateWindow`.
    public var messagesPerWindow: Int
    public var rateWindow: Duration
    /// Replies written at once for one member, and for the whole process.
    public var concurrentRepliesPerMember: Int
    public var concurrentReplies: Int
    /// Sent as the request's temperature (nil: the provider's configuration).
    public var temperature: Double?

    public init(
        maxInputCharacters: Int = 1000, maxReplyCharacters: Int = 4000, maxReplyTokens: Int = 600,
        promptBudgetTokens: Int = 3000, messagesPerWindow: Int = 6, rateWindow: Duration = .seconds(60),
        concurrentRepliesPerMember: Int = 1, concurrentReplies: Int = 256, temperature: Double? = nil
    ) {
        self.maxInputCharacters = maxInputCharacters
        self.maxReplyCharacters = maxReplyCharacters
        self.maxReplyTokens = maxReplyTokens
        self.promptBudgetTokens = promptBudgetTokens
        self.messagesPerWindow = messagesPerWindow
        self.rateWindow = rateWindow
        self.concurrentRepliesPerMember = concurrentRepliesPerMember
        self.concurrentReplies = concurrentReplies
        self.temperature = temperature
    }
}
