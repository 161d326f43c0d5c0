import Talk

/// What the loopback model knows: the key clients must present, the models it lists, how it
/// cuts replies into chunks, and which token-cap fields it accepts.
public struct ModelSandboxConfiguration: Sendable {
    /// The bearer key every request must carry; nil: none is asked for (a local llama.cpp).
    public var apiKey: String?
    /// What `GET /v1/models` lists; the first is the model replies name when a request names none.
    public var models: [String]
    /// Characters per streamed chunk (a few, as real models stream).
    public var chunkCharacters: Int
    /// Filler words after the echo, so replies have some length (see `SandboxReplies`).
    public var fillerWords: Int
    /// The token-cap fields this server accepts (`max_tokens`, `max_completion_tokens`); a request
    /// naming another is refused as OpenAI refuses an unknown argument.
    public var acceptedMaxTokensFields: Set<String>
    /// How the replying character's name is read from the system messages (see `SandboxReplies`).
    public var characterName: @Sendable ([ChatMessage]) -> String?
    public var host: String
    public var port: Int

    public init(
        apiKey: String? = "sk-sandbox-0123456789abcdef", models: [String] = ["sandbox-chat"], chunkCharacters: Int = 4, fillerWords: Int = 8,
        acceptedMaxTokensFields: Set<String> = ["max_tokens", "max_completion_tokens"],
        characterName: @escaping @Sendable ([ChatMessage]) -> String? = SandboxReplies.characterName(in:), host: String = "127.0.0.1",
        port: Int = 0
    ) {
        self.apiKey = apiKey
        self.models = models.isEmpty ? ["sandbox-chat"] : models
        self.chunkCharacters = max(1, chunkCharacters)
        self.fillerWords = max(0, fillerWords)
        self.acceptedMaxTokensFields = acceptedMaxTokensFields
        self.characterName = characterName
        self.host = host
        self.port = port
    }
}
