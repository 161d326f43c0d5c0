import Talk

/// The JSON body of `POST /chat/completions` as this client sends it: always streaming, always
/// asking for the usage chunk, the token cap under the configured field name.
struct ChatCompletionsRequestBody: Encodable {
    var model: String
    var messages: [ChatMessage]
    var temperature: Double?
    var maxTokens: Int?
    var maxTokensField: MaxTokensField

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct StreamOptions: Encodable {
        var include_usage = true
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: Key("model"))
        try container.encode(messages, forKey: Key("messages"))
        try container.encode(true, forKey: Key("stream"))
        try container.encode(StreamOptions(), forKey: Key("stream_options"))
        try container.encodeIfPresent(temperature, forKey: Key("temperature"))
        try container.encodeIfPresent(maxTokens, forKey: Key("\(maxTokensField.rawValue)"))
    }
}

/// `usage` as the API reports it.
struct WireUsage: Decodable {
    var prompt_tokens: Int
    var completion_tokens: Int
}

/// An error object, in a failed answer's body or (some servers) inside the stream.
struct WireError: Decodable {
    var message: String?
    var type: String?
    var code: String?
    var param: String?

    private enum CodingKeys: String, CodingKey { case message, type, code, param }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        param = try? container.decodeIfPresent(String.self, forKey: .param)
        // `code` is a string at OpenAI and a number at some compatible servers.
        if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
            code = text
        } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
            code = String(number)
        }
    }
}

struct WireErrorEnvelope: Decodable {
    var error: WireError
}

/// One `data:` event of the stream: `choices[].delta.content` pieces, a `finish_reason`, and
/// (last, with `choices` empty) the usage.
struct WireChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
        }
        var index: Int?
        var delta: Delta?
        var finish_reason: String?
    }
    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?
}

/// A non-streaming answer, for a server that ignores `stream: true`.
struct WireCompletion: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
        }
        var message: Message?
        var finish_reason: String?
    }
    var model: String?
    var choices: [Choice]
    var usage: WireUsage?
}
