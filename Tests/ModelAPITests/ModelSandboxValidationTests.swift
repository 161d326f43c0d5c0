import AsyncHTTPClient
import Foundation
import ModelSandbox
import NIOCore
import ServiceLifecycle
import Talk
import Testing

/// The loopback model refuses what a real provider would refuse, and a little more, with an
/// OpenAI-style 400 that names the problem.
@Suite(.timeLimit(.minutes(1))) struct ModelSandboxValidationTests {
    struct Answer {
        var status: Int
        var body: String
        var contentType: String?

        /// `error.message` and `error.param` of an OpenAI error body.
        var error: (message: String, param: String?)? {
            guard let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let error = json["error"] as? [String: Any], let message = error["message"] as? String
            else { return nil }
            return (message, error["param"] as? String)
        }
    }

    static func post(_ base: String, _ body: String, key: String? = ModelSandboxConfiguration().apiKey) async throws -> Answer {
        var request = HTTPClientRequest(url: base + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: bytes), contentType: response.headers.first(name: "Content-Type"))
    }

    static let valid = #"{"model":"sandbox-chat","messages":[{"role":"system","content":"You are Tobin Wick."},{"role":"user","content":"hello"}],"#

    @Test(arguments: [
        ("{not json", nil as String?, "could not parse the JSON body"),
        (#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#, "model", "model parameter"),
        (#"{"model":"m","messages":[],"max_tokens":5}"#, "messages", "non-empty"),
        (#"{"model":"m","messages":[{"role":"wizard","content":"hi"}],"max_tokens":5}"#, "messages[0].role", "system, user, assistant"),
        (#"{"model":"m","messages":[{"role":"user","content":null}],"max_tokens":5}"#, "messages[0].content", "must be a string"),
        (#"{"model":"m","messages":[{"role":"system","content":"x"}],"max_tokens":5}"#, "messages", "at least one user message"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#, "max_completion_tokens", "exactly one of max_tokens or max_completion_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"max_completion_tokens":5}"#, "max_tokens", "mutually exclusive"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":0}"#, "max_tokens", "positive integer"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"temperature":3}"#, "temperature", "from 0 to 2"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream":true}"#, "stream_options.include_usage", "include_usage"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream":"yes"}"#, "stream", "boolean"),
        (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream_options":{"include_usage":true}}"#, "stream_options", "only allowed when 'stream' is enabled"),
    ])
    func malformedRequestsAreRefusedWithAClear400(body: String, param: String?, message: String) async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            let answer = try await Self.post(base, body)
            #expect(answer.status == 400)
            #expect(answer.contentType == "application/json")
            let error = try #require(answer.error, "an OpenAI error body: \(answer.body)")
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.param == param)
            #expect(sandbox.requests.last?.status == 400)
        }
    }

    @Test func theBearerKeyIsRequired() async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            let body = Self.valid + #""max_tokens":20}"#
            let missing = try await Self.post(base, body, key: nil)
            #expect(missing.status == 401)
            #expect(missing.error?.message.contains("didn't provide an API key") == true)
            let wrong = try await Self.post(base, body, key: "sk-nope")
            #expect(wrong.status == 401)
            let right = try await Self.post(base, body)
            #expect(right.status == 200)
            #expect(sandbox.requests.map(\.authorized) == [false, false, true])
        }
    }

    @Test func aRequestWithoutStreamGetsOneJSONCompletion() async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            let answer = try await Self.post(base, Self.valid + #""max_tokens":50}"#)
            #expect(answer.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
            #expect(json["object"] as? String == "chat.completion")
            let choice = try #require((json["choices"] as? [[String: Any]])?.first)
            let content = (choice["message"] as? [String: Any])?["content"] as? String
            #expect(content == sandbox.expectedReply(to: [.system("You are Tobin Wick."), .user("hello")]))
            #expect(content?.hasPrefix("Tobin Wick: hello") == true)
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(usage["prompt_tokens"] as? Int == TokenEstimator().tokens(in: [.system("You are Tobin Wick."), .user("hello")]))
        }
    }

    @Test func aStreamedAnswerIsServerSentEventsEndingInDone() async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            let answer = try await Self.post(base, Self.valid + #""max_tokens":50,"stream":true,"stream_options":{"include_usage":true}}"#)
            #expect(answer.status == 200)
            #expect(answer.contentType?.hasPrefix("text/event-stream") == true)
            let events = answer.body.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
            #expect(events.last == "data: [DONE]")
            let usageEvent = try #require(events.dropLast().last)
            #expect(usageEvent.contains(#""choices":[]"#) && usageEvent.contains(#""usage":{"#))
            #expect(answer.body.hasPrefix(": sandbox stream"), "a comment first")
        }
    }

    @Test func theModelsAreListed() async throws {
        let sandbox = ModelSandbox(configuration: .init(models: ["a-model", "b-model"]), logger: quietLogger())
        try await withRunning(sandbox) { base in
            var request = HTTPClientRequest(url: base + "/models")
            request.headers.add(name: "Authorization", value: "Bearer \(ModelSandboxConfiguration().apiKey ?? "")")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(response.status.code == 200)
            #expect(body.contains(#""id":"a-model""#) && body.contains(#""id":"b-model""#))
        }
    }
}

/// Runs `sandbox` for the length of `body`, handing it the base URL.
func withRunning(_ sandbox: ModelSandbox, _ body: (String) async throws -> Void) async throws {
    let group = ServiceGroup(services: [sandbox], logger: quietLogger())
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let base = try #require(await sandbox.baseURL())
        do {
            try await body(base)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
