import Foundation
import Talk

/// A chat completion request the sandbox accepted.
struct ValidChatRequest: Sendable {
    var model: String
    var messages: [ChatMessage]
    var stream: Bool
    var includeUsage: Bool
    var maxTokensField: String
    var maxTokens: Int
    var temperature: Double?
}

/// Why a request was refused: an OpenAI-style `invalid_request_error`.
struct InvalidChatRequest: Error, Sendable {
    var message: String
    var param: String?
    var code: String?
}

/// Checks a `POST /v1/chat/completions` body as strictly as OpenAI's API front, and a little
/// more: a token cap is required (exactly one of `max_tokens` and `max_completion_tokens`), and
/// a streaming request must ask for the usage chunk, so a client that forgets either is caught
/// here rather than in production.
enum ChatRequestValidator {
    static let capFields = ["max_tokens", "max_completion_tokens"]

    static func validate(_ body: Data, acceptedMaxTokensFields: Set<String>) -> Result<ValidChatRequest, InvalidChatRequest> {
        guard let json = ReceivedJSON.parse(body), json.isObject else {
            return .failure(.init(message: "We could not parse the JSON body of your request: it must be a JSON object.", param: nil, code: nil))
        }
        guard let model = json["model"]?.string, !model.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(.init(message: "you must provide a model parameter (a non-empty string)", param: "model", code: nil))
        }
        guard let rawMessages = json["messages"]?.array else {
            return .failure(.init(message: "'messages' is required and must be an array of message objects", param: "messages", code: nil))
        }
        guard !rawMessages.isEmpty else {
            return .failure(.init(message: "'messages' must be a non-empty array", param: "messages", code: "empty_array"))
        }
        var messages: [ChatMessage] = []
        for (index, message) in rawMessages.enumerated() {
            guard message.isObject else {
                return .failure(.init(message: "messages[\(index)] must be an object with role and content", param: "messages[\(index)]", code: nil))
            }
            guard let role = message["role"]?.string.flatMap(ChatMessage.Role.init(rawValue:)) else {
                return .failure(.init(
                    message: "messages[\(index)].role must be one of system, user, assistant (got \(message["role"]?.summary ?? "nothing"))",
                    param: "messages[\(index)].role", code: nil))
            }
            guard let content = message["content"]?.string else {
                return .failure(.init(message: "messages[\(index)].content must be a string", param: "messages[\(index)].content", code: nil))
            }
            messages.append(ChatMessage(role: role, content: content))
        }
        guard messages.contains(where: { $0.role == .user }) else {
            return .failure(.init(message: "'messages' must contain at least one user message", param: "messages", code: nil))
        }
        let sent = capFields.filter { json[$0] != nil }
        guard sent.count == 1, let capField = sent.first else {
            return .failure(.init(
                message: sent.isEmpty
                    ? "exactly one of max_tokens or max_completion_tokens is required (none was sent)"
                    : "max_tokens and max_completion_tokens are mutually exclusive: send only one",
                param: sent.isEmpty ? "max_completion_tokens" : "max_tokens", code: nil))
        }
        guard acceptedMaxTokensFields.contains(capField) else {
            return .failure(.init(message: "Unrecognized request argument supplied: \(capField)", param: capField, code: "unsupported_parameter"))
        }
        guard let maxTokens = json[capField]?.integer, maxTokens > 0, maxTokens <= 1_000_000 else {
            return .failure(.init(message: "\(capField) must be a positive integer", param: capField, code: nil))
        }
        var temperature: Double?
        if let raw = json["temperature"] {
            guard let number = raw.double, (0...2).contains(number) else {
                return .failure(.init(message: "temperature must be a number from 0 to 2 (got \(raw.summary))", param: "temperature", code: nil))
            }
            temperature = number
        }
        var stream = false
        if let raw = json["stream"] {
            guard let flag = raw.bool else { return .failure(.init(message: "stream must be a boolean", param: "stream", code: nil)) }
            stream = flag
        }
        var includeUsage = false
        if let options = json["stream_options"] {
            guard stream else {
                return .failure(.init(message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options", code: nil))
            }
            guard options.isObject else { return .failure(.init(message: "stream_options must be an object", param: "stream_options", code: nil)) }
            includeUsage = options["include_usage"]?.bool ?? false
        }
        if stream, !includeUsage {
            return .failure(.init(
                message: "a streaming request must set stream_options.include_usage to true (the sandbox requires it so usage is never lost)",
                param: "stream_options.include_usage", code: nil))
        }
        return .success(ValidChatRequest(
            model: model, messages: messages, stream: stream, includeUsage: includeUsage, maxTokensField: capField, maxTokens: Int(maxTokens),
            temperature: temperature))
    }

    /// What can be read of a body that may be invalid, for the record.
    static func record(_ body: Data, into record: inout RecordedModelRequest) {
        guard let json = ReceivedJSON.parse(body) else { return }
        record.model = json["model"]?.string
        record.messages = (json["messages"]?.array ?? []).compactMap { message in
            guard let role = message["role"]?.string.flatMap(ChatMessage.Role.init(rawValue:)), let content = message["content"]?.string else {
                return nil
            }
            return ChatMessage(role: role, content: content)
        }
        record.stream = json["stream"]?.bool ?? false
        record.includeUsage = json["stream_options"]?["include_usage"]?.bool ?? false
        record.maxTokensField = capFields.first { json[$0] != nil }
        record.maxTokens = record.maxTokensField.flatMap { json[$0]?.integer }.map { Int($0) }
        record.temperature = json["temperature"]?.double
    }
}
