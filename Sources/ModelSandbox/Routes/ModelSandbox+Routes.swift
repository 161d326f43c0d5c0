import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Talk

/// The HTTP side: each chat request checks the key, then the body, then meets the next queued
/// fault, then is answered; all of it recorded.
extension ModelSandbox {
    /// A fixed `created` stamp, so answers are byte-for-byte reproducible.
    static let created = 1_767_225_600

    struct BrokenStream: Error {}

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/models") { request, _ in
            let authorized = self.isAuthorized(request)
            self.state.withLock { state in
                state.requests.append(RecordedModelRequest(
                    method: "GET", path: request.uri.path, authorized: authorized, rawBody: "", model: nil, messages: [], stream: false,
                    includeUsage: false, maxTokensField: nil, maxTokens: nil, temperature: nil, status: authorized ? 200 : 401, fault: nil,
                    reply: nil))
            }
            guard authorized else { return self.unauthorized(request) }
            let models = SandboxWire.Models(data: self.configuration.models.map { SandboxWire.Models.Model(id: $0, created: Self.created) })
            return Self.json(status: 200, SandboxWire.encode(models))
        }
        router.post("/v1/chat/completions") { request, _ in
            try await self.chatCompletion(request)
        }
        return router
    }

    private func isAuthorized(_ request: Request) -> Bool {
        guard let key = configuration.apiKey else { return true }
        return request.headers[.authorization] == "Bearer \(key)"
    }

    /// 401 as OpenAI answers it. The message echoes the key it got, as a careless provider
    /// might, so tests prove the client removes it before any log line or error.
    private func unauthorized(_ request: Request) -> Response {
        let presented = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 }
        let message = presented.map { "Incorrect API key provided: \($0). You can find your API key in the sandbox's configuration." }
            ?? "You didn't provide an API key. Send it as a Bearer token in the Authorization header."
        return Self.error(status: 401, message: message, type: "invalid_request_error", param: nil, code: "invalid_api_key")
    }

    private func chatCompletion(_ request: Request) async throws -> Response {
        let body = Data(try await request.body.collect(upTo: 8 << 20).readableBytesView)
        var record = RecordedModelRequest(
            method: "POST", path: request.uri.path, authorized: isAuthorized(request), rawBody: String(decoding: body, as: UTF8.self),
            model: nil, messages: [], stream: false, includeUsage: false, maxTokensField: nil, maxTokens: nil, temperature: nil, status: 0,
            fault: nil, reply: nil)
        ChatRequestValidator.record(body, into: &record)
        guard record.authorized else { return finish(&record, unauthorized(request)) }
        let valid: ValidChatRequest
        switch ChatRequestValidator.validate(body, acceptedMaxTokensFields: configuration.acceptedMaxTokensFields) {
        case .failure(let invalid):
            return finish(&record, Self.error(status: 400, message: invalid.message, type: "invalid_request_error", param: invalid.param, code: invalid.code))
        case .success(let request): valid = request
        }
        let (fault, pinging, id) = state.withLock { state in
            state.nextID += 1
            return (state.faults.isEmpty ? nil : state.faults.removeFirst(), state.pinging, "chatcmpl-sandbox-\(state.nextID)")
        }
        record.fault = fault
        if let answer = faultAnswer(fault) { return finish(&record, answer) }

        let full = SandboxReplies.reply(
            to: valid.messages, name: configuration.characterName(valid.messages), fillerWords: configuration.fillerWords, pinging: pinging)
        let (text, cut) = SandboxReplies.capped(full, maxTokens: valid.maxTokens)
        let estimator = TokenEstimator()
        let usage = SandboxWire.Usage(
            prompt_tokens: estimator.tokens(in: valid.messages), completion_tokens: estimator.tokens(in: text),
            total_tokens: estimator.tokens(in: valid.messages) + estimator.tokens(in: text))
        let finishReason = cut ? "length" : "stop"
        record.reply = text
        guard valid.stream else {
            let completion = SandboxWire.Completion(
                id: id, created: Self.created, model: valid.model,
                choices: [.init(message: .init(content: text), finish_reason: finishReason)], usage: usage)
            return finish(&record, Self.json(status: 200, SandboxWire.encode(completion)))
        }
        record.status = 200
        let recorded = record
        state.withLock { $0.requests.append(recorded) }
        return streamed(id: id, model: valid.model, text: text, finishReason: finishReason, usage: usage, fault: fault)
    }

    /// The answer a fault gives instead of a reply (nil: the fault is in the stream, or none).
    private func faultAnswer(_ fault: ModelFault?) -> Response? {
        switch fault {
        case .rateLimited(let milliseconds, let seconds)?:
            var response = Self.error(
                status: 429, message: "Rate limit reached for requests. Please try again later.", type: "requests", param: nil,
                code: "rate_limit_exceeded")
            if let milliseconds { response.headers[HTTPField.Name("retry-after-ms")!] = String(milliseconds) }
            if let seconds { response.headers[.retryAfter] = String(seconds) }
            return response
        case .insufficientQuota?:
            return Self.error(
                status: 429, message: "You exceeded your current quota, please check your plan and billing details.",
                type: "insufficient_quota", param: nil, code: "insufficient_quota")
        case .serverError(let status)?:
            return Self.error(status: status, message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: nil, code: nil)
        case .requestTimeout?:
            return Self.error(status: 408, message: "Request timed out.", type: "timeout", param: nil, code: nil)
        case .slowFirstToken?, .stall?, .brokenStream?, .missingUsage?, nil:
            return nil
        }
    }

    private func streamed(id: String, model: String, text: String, finishReason: String, usage: SandboxWire.Usage, fault: ModelFault?) -> Response {
        let pieces = Self.pieces(text, size: configuration.chunkCharacters)
        let clock = self.clock
        let body = ResponseBody { writer in
            // A comment first, as proxies send keep-alives: clients must skip it.
            try await writer.write(ByteBuffer(string: ": sandbox stream\n\n"))
            if case .slowFirstToken(let delay)? = fault { try await clock.sleep(for: delay) }
            func event(_ chunk: SandboxWire.Chunk) -> ByteBuffer {
                var buffer = ByteBuffer(string: "data: ")
                buffer.writeBytes(SandboxWire.encode(chunk))
                buffer.writeString("\n\n")
                return buffer
            }
            try await writer.write(event(.init(id: id, created: Self.created, model: model, choices: [.init(delta: .init(role: "assistant", content: ""))])))
            for (index, piece) in pieces.enumerated() {
                if case .brokenStream(let after, let delay)? = fault, index >= after {
                    if delay > .zero { try await clock.sleep(for: delay) }
                    throw BrokenStream()
                }
                if case .stall(let after, let delay)? = fault, index == after { try await clock.sleep(for: delay) }
                try await writer.write(event(.init(id: id, created: Self.created, model: model, choices: [.init(delta: .init(content: piece))])))
            }
            if case .brokenStream(_, let delay)? = fault {
                if delay > .zero { try await clock.sleep(for: delay) }
                throw BrokenStream()
            }
            try await writer.write(event(.init(id: id, created: Self.created, model: model, choices: [.init(delta: .init(), finish_reason: finishReason)])))
            if fault != .missingUsage {
                try await writer.write(event(.init(id: id, created: Self.created, model: model, choices: [], usage: usage)))
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"], body: body)
    }

    /// `text` in pieces of `size` characters.
    static func pieces(_ text: String, size: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == size {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    private func finish(_ record: inout RecordedModelRequest, _ response: Response) -> Response {
        record.status = Int(response.status.code)
        let recorded = record
        state.withLock { $0.requests.append(recorded) }
        return response
    }

    static func json(status: Int, _ data: Data) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(status: Int, message: String, type: String, param: String?, code: String?) -> Response {
        json(status: status, SandboxWire.encode(SandboxWire.ErrorEnvelope(error: .init(message: message, type: type, param: param, code: code))))
    }
}
