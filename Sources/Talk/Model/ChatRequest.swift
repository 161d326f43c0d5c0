/// What to ask a chat model. The model, temperature and token cap default to the provider's
/// configuration when nil.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    /// The most tokens the reply may have (sent as `max_completion_tokens` or `max_tokens`, as the
    /// provider is configured).
    public var maxTokens: Int?
    public var temperature: Double?
    /// A model other than the configured one.
    public var model: String?

    public init(messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil, model: String? = nil) {
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.model = model
    }
}
