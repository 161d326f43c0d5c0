import Talk

/// A request the sandbox received, as it arrived (the Authorization header reduced to whether
/// it carried the right key; the key itself is not kept).
public struct RecordedModelRequest: Sendable {
    public var method: String
    public var path: String
    public var authorized: Bool
    /// The body as sent.
    public var rawBody: String
    public var model: String?
    /// The messages, when the body had a valid list of them.
    public var messages: [ChatMessage]
    public var stream: Bool
    public var includeUsage: Bool
    /// `max_tokens` or `max_completion_tokens`, whichever was sent (the first if both).
    public var maxTokensField: String?
    public var maxTokens: Int?
    public var temperature: Double?
    /// The status answered.
    public var status: Int
    /// The scripted fault this request met, if any.
    public var fault: ModelFault?
    /// The reply's text, when one was given.
    public var reply: String?

    /// The system messages' text, joined: where a persona must be.
    public var systemText: String {
        messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n")
    }
}
