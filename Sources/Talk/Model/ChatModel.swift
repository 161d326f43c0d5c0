/// A chat model that streams its reply: OpenAI's Chat Completions API and anything that speaks it
/// (`ModelAPI`), or a test double.
///
/// The reply streams through `onText`, awaited before the next piece is read, so a slow consumer
/// slows the stream instead of filling a buffer, and no task outlives the call.
public protocol ChatModel: Sendable {
    /// Sends `request` and calls `onText` with each piece of the reply as it arrives, in order.
    ///
    /// - Returns: the whole reply with its usage. A stream that breaks after some text arrived
    ///   returns what arrived, with `interrupted` set and the usage estimated.
    /// - Throws: `ChatModelError` when no reply could be had (after the retries the provider
    ///   allows), or what `onText` throws (which ends the call).
    func complete(
        _ request: ChatRequest, onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion
}

extension ChatModel {
    /// The whole reply without following it as it streams.
    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        try await complete(request, onText: { _ in })
    }
}
