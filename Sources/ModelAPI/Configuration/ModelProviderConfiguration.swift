import Foundation

/// Where the chat model is and how to call it. Read from the environment by `load(environment:)`
/// (see `Variable` for the names); every field can also be set in code.
public struct ModelProviderConfiguration: Sendable, CustomStringConvertible {
    public static let openAIBaseURL = "https://api.openai.com/v1"
    public static let defaultModel = "gpt-4o-mini"

    /// The API's base, up to and including the version: `https://api.openai.com/v1`,
    /// `http://127.0.0.1:8080/v1`. Requests go to `{baseURL}/chat/completions`.
    public var baseURL: String
    /// Nil for a server that wants none (a local llama.cpp): no Authorization header is sent.
    public var apiKey: ModelAPIKey?
    public var model: String
    /// Nil: the provider's default.
    public var temperature: Double?
    /// The reply's token cap when the request names none (nil: the provider's default).
    public var maxTokens: Int?
    public var maxTokensField: MaxTokensField
    /// How long to keep trying to connect (a local server still starting is retried meanwhile).
    public var connectTimeout: Duration
    /// The longest a whole call may take, retries and their waits included.
    public var totalTimeout: Duration
    public var retry: ModelRetryPolicy
    /// Connections the model's own HTTP client may open to the provider at once. Over HTTP/1.1
    /// (a local server) each streaming reply holds one for its whole length, and a call waiting
    /// for one longer than the connect timeout fails, so this bounds concurrent replies.
    public var maximumConnections: Int = 256

    public init(
        baseURL: String = ModelProviderConfiguration.openAIBaseURL, apiKey: ModelAPIKey?, model: String = ModelProviderConfiguration.defaultModel,
        temperature: Double? = nil, maxTokens: Int? = 512, maxTokensField: MaxTokensField = .maxCompletionTokens,
        connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(60), retry: ModelRetryPolicy = .init()
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.maxTokensField = maxTokensField
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retry = retry
    }

    public var chatCompletionsURL: String { baseURL + "/chat/completions" }

    /// Safe to print: the key shows only as present or not.
    public var description: String {
        "\(baseURL) model \(model), key \(apiKey == nil ? "none" : "set"), \(maxTokensField.rawValue)"
            + "\(maxTokens.map { " \($0)" } ?? ""), temperature \(temperature.map { "\($0)" } ?? "default"), "
            + "connect timeout \(connectTimeout), total timeout \(totalTimeout), \(retry.maximumRetries) retries, "
            + "up to \(maximumConnections) connections"
    }

    /// The environment variables `load(environment:)` reads.
    public enum Variable {
        public static let url = "GACHABOT_MODEL_URL"
        public static let apiKey = "GACHABOT_MODEL_API_KEY"
        public static let apiKeyFile = "GACHABOT_MODEL_API_KEY_FILE"
        public static let model = "GACHABOT_MODEL"
        public static let temperature = "GACHABOT_MODEL_TEMPERATURE"
        public static let maxTokens = "GACHABOT_MODEL_MAX_TOKENS"
        public static let maxTokensField = "GACHABOT_MODEL_MAX_TOKENS_FIELD"
        public static let connectTimeout = "GACHABOT_MODEL_CONNECT_TIMEOUT"
        public static let totalTimeout = "GACHABOT_MODEL_TIMEOUT"
        public static let retries = "GACHABOT_MODEL_RETRIES"
    }

    /// The provider the environment describes, or nil when it names none (neither a URL nor a
    /// key). A key alone means OpenAI; a URL alone a server that wants no key. `urlOverride` (a
    /// command-line option) wins over `GACHABOT_MODEL_URL`.
    public static func load(
        environment: [String: String], urlOverride: String? = nil
    ) throws(ModelConfigurationError) -> ModelProviderConfiguration? {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        let key = try readKey(environment)
        let url = urlOverride.flatMap { $0.isEmpty ? nil : $0 } ?? value(Variable.url)
        guard url != nil || key != nil else { return nil }
        if let url {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme.lowercased()),
                parsed.host?.isEmpty == false
            else {
                throw .malformed(variable: urlOverride == nil ? Variable.url : "--model-url", expected: "an http(s) URL such as https://api.openai.com/v1")
            }
        }
        var configuration = ModelProviderConfiguration(baseURL: url ?? openAIBaseURL, apiKey: key.map(ModelAPIKey.init))
        if let model = value(Variable.model) { configuration.model = model }
        if let raw = value(Variable.temperature) {
            guard let temperature = Double(raw), (0...2).contains(temperature) else {
                throw .malformed(variable: Variable.temperature, expected: "a number from 0 to 2")
            }
            configuration.temperature = temperature
        }
        if let raw = value(Variable.maxTokens) {
            guard let tokens = Int(raw), tokens > 0 else { throw .malformed(variable: Variable.maxTokens, expected: "a positive whole number") }
            configuration.maxTokens = tokens
        }
        if let raw = value(Variable.maxTokensField) {
            guard let field = MaxTokensField(rawValue: raw) else {
                throw .malformed(variable: Variable.maxTokensField, expected: "max_completion_tokens or max_tokens")
            }
            configuration.maxTokensField = field
        }
        if let raw = value(Variable.connectTimeout) {
            guard let seconds = Double(raw), seconds > 0 else { throw .malformed(variable: Variable.connectTimeout, expected: "a number of seconds above 0") }
            configuration.connectTimeout = .milliseconds(Int64(seconds * 1000))
        }
        if let raw = value(Variable.totalTimeout) {
            guard let seconds = Double(raw), seconds > 0 else { throw .malformed(variable: Variable.totalTimeout, expected: "a number of seconds above 0") }
            configuration.totalTimeout = .milliseconds(Int64(seconds * 1000))
        }
        if let raw = value(Variable.retries) {
            guard let retries = Int(raw), (0...10).contains(retries) else {
                throw .malformed(variable: Variable.retries, expected: "a whole number from 0 to 10")
            }
            configuration.retry.maximumRetries = retries
        }
        return configuration
    }

    /// As `load`, but a missing provider is an error naming the variables to set.
    public static func require(
        environment: [String: String], urlOverride: String? = nil
    ) throws(ModelConfigurationError) -> ModelProviderConfiguration {
        guard let configuration = try load(environment: environment, urlOverride: urlOverride) else { throw .notConfigured }
        return configuration
    }

    /// `GACHABOT_MODEL_API_KEY_FILE` (a path, for container secrets) else `GACHABOT_MODEL_API_KEY`,
    /// trimmed (files end with a newline).
    static func readKey(_ environment: [String: String]) throws(ModelConfigurationError) -> String? {
        if let path = environment[Variable.apiKeyFile], !path.isEmpty {
            let contents: String
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadableKeyFile(path: path)
            }
            let key = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw .emptyKeyFile(path: path) }
            return key
        }
        guard let key = environment[Variable.apiKey]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else { return nil }
        return key
    }
}

/// Why the model provider's configuration could not be read. Names variables and paths, never a value.
public enum ModelConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case notConfigured
    case unreadableKeyFile(path: String)
    case emptyKeyFile(path: String)
    case malformed(variable: String, expected: String)

    public var description: String {
        switch self {
        case .notConfigured:
            "No chat model is configured. Set \(ModelProviderConfiguration.Variable.url) (an OpenAI-compatible base URL such as "
                + "https://api.openai.com/v1 or http://127.0.0.1:8080/v1) and/or \(ModelProviderConfiguration.Variable.apiKey) "
                + "(or \(ModelProviderConfiguration.Variable.apiKeyFile), a file holding the key); optionally "
                + "\(ModelProviderConfiguration.Variable.model) and \(ModelProviderConfiguration.Variable.maxTokensField)."
        case .unreadableKeyFile(let path):
            "\(ModelProviderConfiguration.Variable.apiKeyFile) names \(path), which cannot be read"
        case .emptyKeyFile(let path):
            "\(ModelProviderConfiguration.Variable.apiKeyFile) names \(path), which is empty"
        case .malformed(let variable, let expected):
            "\(variable) is not \(expected)"
        }
    }
}
