import AsyncHTTPClient
import Foundation
import ModelAPI
import NIOCore
import Talk
import Testing

/// Against a real OpenAI-compatible server, opt in: `scripts/real-model swift test --skip-build
/// --filter RealModelTests` starts llama.cpp's server with SmolLM2-135M-Instruct and sets
/// GACHABOT_TEST_MODEL_URL. Skipped without it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GACHABOT_TEST_MODEL_URL"] != nil), .timeLimit(.minutes(5)))
struct RealModelTests {
    @Test func aRealServerStreamsAReplyEndingInDoneWithUsage() async throws {
        let environment = ProcessInfo.processInfo.environment
        let url = try #require(environment["GACHABOT_TEST_MODEL_URL"])
        let configuration = ModelProviderConfiguration(
            baseURL: url, apiKey: environment["GACHABOT_TEST_MODEL_API_KEY"].map(ModelAPIKey.init),
            model: environment["GACHABOT_TEST_MODEL"] ?? "smollm2", temperature: 0, maxTokens: 48,
            maxTokensField: MaxTokensField(rawValue: environment["GACHABOT_TEST_MODEL_MAX_TOKENS_FIELD"] ?? "max_tokens") ?? .maxTokens,
            connectTimeout: .seconds(10), totalTimeout: .seconds(240))
        let pieces = Pieces()
        let completion = try await OpenAIChatModel.with(configuration: configuration) { model in
            try await model.complete(ChatRequest(messages: Self.messages)) { pieces.append($0) }
        }
        print("real model: \(completion.model); \(pieces.all.count) pieces; usage \(completion.usage.promptTokens) prompt + "
            + "\(completion.usage.completionTokens) completion (estimated: \(completion.usage.estimated)); first text after "
            + "\(completion.timeToFirstText.map { "\($0)" } ?? "-"), total \(completion.totalTime); finish \(completion.finishReason ?? "-")")
        print("real model reply: \(completion.text)")
        #expect(!completion.interrupted, "the stream ended with [DONE]")
        #expect(!completion.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(pieces.all.count > 1, "it streamed")
        #expect(pieces.all.joined() == completion.text)
        #expect(completion.usage.promptTokens > 0 && completion.usage.completionTokens > 0)
        #expect(completion.finishReason != nil)
        if completion.usage.estimated {
            // The server sent no usage chunk. Ask it the same question unstreamed, where it does
            // report usage, to show the estimate beside the server's own count.
            let reported = try await Self.unstreamedUsage(url: url, model: configuration.model, messages: Self.messages)
            print("real model: no usage chunk in the stream; estimated \(completion.usage.promptTokens) prompt tokens, "
                + "the server counts \(reported.prompt) for the same prompt unstreamed (\(reported.completion) completion)")
            #expect(reported.prompt > 0)
            withKnownIssue("llama-cpp-python's server ignores stream_options.include_usage: no usage chunk, so the client estimates") {
                #expect(!completion.usage.estimated, "the server reported usage")
            }
        }
    }

    static let messages: [ChatMessage] = [
        .system("You are Pell Ashgrove, a cheerful lamplighter's apprentice. Answer in one sentence."),
        .user("What do you do at dusk?"),
    ]

    /// `usage` of the same request sent with `stream: false`.
    static func unstreamedUsage(url: String, model: String, messages: [ChatMessage]) async throws -> (prompt: Int, completion: Int) {
        struct Body: Encodable {
            var model: String
            var messages: [ChatMessage]
            var max_tokens = 48
            var temperature = 0.0
        }
        var request = HTTPClientRequest(url: url + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(Body(model: model, messages: messages))))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any])
        let usage = try #require(json["usage"] as? [String: Any])
        return (usage["prompt_tokens"] as? Int ?? 0, usage["completion_tokens"] as? Int ?? 0)
    }
}
