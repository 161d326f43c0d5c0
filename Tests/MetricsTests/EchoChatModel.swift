import Talk

/// A chat model that answers at once with the member's last message, its usage counted by
/// `TokenEstimator` as a provider would report it.
struct EchoChatModel: ChatModel {
    func complete(_ request: ChatRequest, onText: @Sendable (String) async throws -> Void) async throws -> ChatCompletion {
        let text = "You said: " + (request.messages.last { $0.role == .user }?.content ?? "")
        try await onText(text)
        let estimator = TokenEstimator()
        return ChatCompletion(
            text: text,
            usage: ChatUsage(promptTokens: estimator.tokens(in: request.messages), completionTokens: estimator.tokens(in: text), estimated: false),
            model: "echo-1", finishReason: "stop", interrupted: false, timeToFirstText: .milliseconds(1), totalTime: .milliseconds(2))
    }
}
