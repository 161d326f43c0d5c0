/// The name the provider takes the reply's token cap under. OpenAI's current models want
/// `max_completion_tokens` (and refuse `max_tokens` for reasoning models); llama.cpp, Ollama and
/// older OpenAI-compatible servers know only `max_tokens`.
public enum MaxTokensField: String, Sendable, Hashable, CaseIterable {
    case maxCompletionTokens = "max_completion_tokens"
    case maxTokens = "max_tokens"
}
