import Foundation
import ModelAPI
import Testing

/// Reading the provider from the environment: what is required, what each variable accepts,
/// and that the key shows nowhere.
@Suite struct ModelProviderConfigurationTests {
    @Test func nothingConfiguredIsNilAndRequireNamesTheVariables() throws {
        #expect(try ModelProviderConfiguration.load(environment: [:]) == nil)
        let error = #expect(throws: ModelConfigurationError.self) { try ModelProviderConfiguration.require(environment: [:]) }
        let text = "\(error.map(String.init(describing:)) ?? "")"
        for name in ["GACHABOT_MODEL_URL", "GACHABOT_MODEL_API_KEY", "GACHABOT_MODEL_API_KEY_FILE"] { #expect(text.contains(name)) }
    }

    @Test func aKeyAloneMeansOpenAI() throws {
        let configuration = try #require(try ModelProviderConfiguration.load(environment: ["GACHABOT_MODEL_API_KEY": " sk-test-abc \n"]))
        #expect(configuration.baseURL == "https://api.openai.com/v1")
        #expect(configuration.chatCompletionsURL == "https://api.openai.com/v1/chat/completions")
        #expect(configuration.apiKey == ModelAPIKey("sk-test-abc"))
        #expect(configuration.maxTokensField == .maxCompletionTokens)
        #expect(!"\(configuration)".contains("sk-test-abc"))
    }

    @Test func aURLAloneWantsNoKeyAndEveryVariableIsRead() throws {
        let configuration = try #require(try ModelProviderConfiguration.load(environment: [
            "GACHABOT_MODEL_URL": "http://127.0.0.1:8080/v1/", "GACHABOT_MODEL": "smollm2", "GACHABOT_MODEL_TEMPERATURE": "0.4",
            "GACHABOT_MODEL_MAX_TOKENS": "64", "GACHABOT_MODEL_MAX_TOKENS_FIELD": "max_tokens", "GACHABOT_MODEL_CONNECT_TIMEOUT": "2.5",
            "GACHABOT_MODEL_TIMEOUT": "90", "GACHABOT_MODEL_RETRIES": "1",
        ]))
        #expect(configuration.baseURL == "http://127.0.0.1:8080/v1")
        #expect(configuration.apiKey == nil)
        #expect(configuration.model == "smollm2")
        #expect(configuration.temperature == 0.4)
        #expect(configuration.maxTokens == 64)
        #expect(configuration.maxTokensField == .maxTokens)
        #expect(configuration.connectTimeout == .milliseconds(2_500))
        #expect(configuration.totalTimeout == .seconds(90))
        #expect(configuration.retry.maximumRetries == 1)
    }

    @Test func theCommandLineURLWins() throws {
        let configuration = try ModelProviderConfiguration.require(
            environment: ["GACHABOT_MODEL_URL": "http://a.example/v1"], urlOverride: "http://127.0.0.1:9/v1")
        #expect(configuration.baseURL == "http://127.0.0.1:9/v1")
    }

    @Test func theKeyFileWinsAndIsTrimmed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("model-key-\(UUID().uuidString)")
        try "sk-from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try ModelProviderConfiguration.require(environment: [
            "GACHABOT_MODEL_API_KEY_FILE": file.path, "GACHABOT_MODEL_API_KEY": "sk-from-env",
        ])
        #expect(configuration.apiKey == ModelAPIKey("sk-from-file"))
        #expect(throws: ModelConfigurationError.unreadableKeyFile(path: "/nonexistent/key")) {
            try ModelProviderConfiguration.load(environment: ["GACHABOT_MODEL_API_KEY_FILE": "/nonexistent/key"])
        }
    }

    @Test(arguments: [
        ("GACHABOT_MODEL_URL", "ftp://x"), ("GACHABOT_MODEL_TEMPERATURE", "hot"), ("GACHABOT_MODEL_TEMPERATURE", "2.5"),
        ("GACHABOT_MODEL_MAX_TOKENS", "-1"), ("GACHABOT_MODEL_MAX_TOKENS_FIELD", "max_output_tokens"),
        ("GACHABOT_MODEL_CONNECT_TIMEOUT", "0"), ("GACHABOT_MODEL_TIMEOUT", "soon"), ("GACHABOT_MODEL_RETRIES", "99"),
    ])
    func aMalformedValueIsAnErrorNamingItsVariable(name: String, value: String) throws {
        var environment = ["GACHABOT_MODEL_API_KEY": "sk-secret-value"]
        environment[name] = value
        let error = #expect(throws: ModelConfigurationError.self) { try ModelProviderConfiguration.load(environment: environment) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix(name))
        #expect(!text.contains("sk-secret-value"))
    }

    @Test func backoffGrowsAndIsJittered() {
        let policy = ModelRetryPolicy()
        #expect(policy.backoff(retry: 1, jitter: 0) == .milliseconds(500))
        #expect(policy.backoff(retry: 1, jitter: 1) == .milliseconds(375))
        #expect(policy.backoff(retry: 2, jitter: 0) == .seconds(1))
        #expect(policy.backoff(retry: 3, jitter: 0) == .seconds(2))
        #expect(policy.backoff(retry: 10, jitter: 0) == .seconds(8))
    }
}
