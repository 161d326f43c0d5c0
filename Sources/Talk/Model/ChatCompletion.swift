/// Tokens a call used. `estimated` is set when the provider did not report them (no usage chunk,
/// or a stream that broke) and the counts come from `TokenEstimator`.
public struct ChatUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var estimated: Bool

    public init(promptTokens: Int, completionTokens: Int, estimated: Bool) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.estimated = estimated
    }

    public var totalTokens: Int { promptTokens + completionTokens }
}

/// A finished (or interrupted) reply.
public struct ChatCompletion: Sendable, Hashable {
    /// Everything that arrived, in order.
    public var text: String
    public var usage: ChatUsage
    /// The model that answered, as the provider named it.
    public var model: String
    /// `stop`, `length`, … as the provider sent it; nil when the stream broke first.
    public var finishReason: String?
    /// The stream broke after some text arrived: `text` is what arrived and `usage` is estimated.
    public var interrupted: Bool
    /// From sending the request to the first piece of text (nil when none arrived).
    public var timeToFirstText: Duration?
    /// From sending the request to the end of the reply, retries included.
    public var totalTime: Duration

    public init(
        text: String, usage: ChatUsage, model: String, finishReason: String?, interrupted: Bool,
        timeToFirstText: Duration?, totalTime: Duration
    ) {
        self.text = text
        self.usage = usage
        self.model = model
        self.finishReason = finishReason
        self.interrupted = interrupted
        self.timeToFirstText = timeToFirstText
        self.totalTime = totalTime
    }
}
