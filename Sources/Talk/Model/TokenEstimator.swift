/// Counts tokens without the model's tokenizer, for prompt budgets and for usage a provider did
/// not report. The rule, documented in the README ("Talk: budgets"): a text is
/// ceil(UTF-8 bytes / 4) tokens, the rule of thumb OpenAI gives for English; each message adds 4
/// for its role and framing, and a request adds 3 for the reply's priming. It overestimates
/// English slightly and underestimates some scripts, which is why estimated usage is flagged.
public struct TokenEstimator: Sendable, Hashable {
    public static let tokensPerMessage = 4
    public static let tokensPerRequest = 3

    public init() {}

    public func tokens(in text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    public func tokens(in message: ChatMessage) -> Int {
        tokens(in: message.content) + Self.tokensPerMessage
    }

    public func tokens(in messages: [ChatMessage]) -> Int {
        messages.reduce(Self.tokensPerRequest) { $0 + tokens(in: $1) }
    }
}
