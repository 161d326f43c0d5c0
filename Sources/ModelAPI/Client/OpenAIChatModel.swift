import AsyncHTTPClient
import Clocks
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Talk

/// OpenAI's Chat Completions API (and every server that speaks it: llama.cpp, Ollama, vLLM …)
/// over async-http-client, streaming.
///
/// Each call POSTs `{baseURL}/chat/completions` with `stream: true` and
/// `stream_options.include_usage`, reads the server-sent events as they arrive and hands each
/// piece of text to `onText`. The retry rules are `ModelRetryPolicy`'s; waits and the total
/// timeout run on the injected clock. Logs name the status, the attempt and the wait; never the
/// key, a prompt or a reply.
public final class OpenAIChatModel: ChatModel {
    public let configuration: ModelProviderConfiguration
    let httpClient: HTTPClient
    let ownsHTTPClient: Bool
    let clock: any Clock<Duration>
    let random: any RandomSource
    let estimator = TokenEstimator()
    let logger: Logger

    /// `httpClient` nil: the model makes its own, with the configured connect timeout, and
    /// `shutdown()` must be called before it goes away. A client passed in keeps its own
    /// connect timeout.
    public init(
        configuration: ModelProviderConfiguration, httpClient: HTTPClient? = nil, clock: any Clock<Duration> = ContinuousClock(),
        random: any RandomSource = SystemRandomSource(), logger: Logger = Logger(label: "gachabot.model")
    ) {
        self.configuration = configuration
        if let httpClient {
            self.httpClient = httpClient
            self.ownsHTTPClient = false
        } else {
            var settings = HTTPClient.Configuration()
            // Kept trying until the connect timeout: a local server still loading its model
            // refuses connections for a while.
            settings.timeout = .init(connect: .nanoseconds(configuration.connectTimeout.nanoseconds), read: nil)
            settings.connectionPool.retryConnectionEstablishment = true
            settings.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, configuration.maximumConnections)
            self.httpClient = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: settings)
            self.ownsHTTPClient = true
        }
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// Shuts down the HTTP client if the model made it. Required before the model goes away
    /// (async-http-client stops a debug build whose client was never shut down).
    public func shutdown() async throws {
        if ownsHTTPClient { try await httpClient.shutdown() }
    }

    /// Runs `body` with a model of its own HTTP client, shut down afterwards whatever happens.
    public static func with<T>(
        configuration: ModelProviderConfiguration, clock: any Clock<Duration> = ContinuousClock(),
        random: any RandomSource = SystemRandomSource(), logger: Logger = Logger(label: "gachabot.model"),
        _ body: (OpenAIChatModel) async throws -> T
    ) async throws -> T {
        let model = OpenAIChatModel(configuration: configuration, clock: clock, random: random, logger: logger)
        let result: T
        do {
            result = try await body(model)
        } catch {
            try? await model.shutdown()
            throw error
        }
        try await model.shutdown()
        return result
    }

    public func complete(
        _ request: ChatRequest, onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion {
        let stopwatch = Stopwatch(clock)
        let progress = ReplyProgress()
        let total = configuration.totalTimeout
        let clock = self.clock
        do {
            return try await withoutActuallyEscaping(onText) { onText in
                try await withThrowingTaskGroup(of: ChatCompletion?.self) { group in
                    group.addTask { try await self.attempts(request, progress: progress, stopwatch: stopwatch, onText: onText) }
                    group.addTask {
                        try await clock.sleep(for: total)
                        return nil
                    }
                    defer { group.cancelAll() }
                    if let completion = try await group.next() ?? nil { return completion }
                    // The total timeout: stop the stream, keep what arrived.
                    group.cancelAll()
                    // A reply that finished just as the timer fired still counts.
                    if case let late?? = try? await group.next() { return late }
                    guard progress.hasText else {
                        self.logger.warning("the model did not answer in time", metadata: self.metadata(["timeout": "\(total)"]))
                        throw ChatModelError.timedOut(.total)
                    }
                    self.logger.warning("the model's reply was cut at the total timeout", metadata: self.metadata(["timeout": "\(total)"]))
                    return self.completion(request, progress.snapshot, interrupted: true, stopwatch: stopwatch)
                }
            }
        } catch let error as CallerError {
            throw error.underlying
        }
    }

    // MARK: Attempts and retries

    private func attempts(
        _ request: ChatRequest, progress: ReplyProgress, stopwatch: Stopwatch, onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion {
        let body = try encodeBody(request)
        var retries = 0
        while true {
            try Task.checkCancellation()
            let failure: AttemptFailure
            do {
                return try await attempt(request, body: body, progress: progress, stopwatch: stopwatch, onText: onText)
            } catch let error as AttemptFailure {
                failure = error
            }
            try Task.checkCancellation()
            let delay: Duration
            switch failure.retry {
            case .no:
                if failure.error != .insufficientQuota {
                    logger.warning(
                        "the model call failed", metadata: metadata(["status": "\(failure.status.map(String.init) ?? "-")", "why": "\(failure.error)"]))
                }
                throw failure.error
            case .backoff: delay = configuration.retry.backoff(retry: retries + 1, jitter: random.unit())
            case .after(let wait): delay = wait
            }
            guard retries < configuration.retry.maximumRetries else {
                logger.warning(
                    "the model call failed after its retries",
                    metadata: metadata(["status": "\(failure.status.map(String.init) ?? "-")", "retries": "\(retries)", "why": "\(failure.error)"]))
                throw failure.error
            }
            retries += 1
            logger.notice(
                "retrying a model call",
                metadata: metadata([
                    "status": "\(failure.status.map(String.init) ?? "-")", "retry": "\(retries)", "after": "\(delay)", "why": "\(failure.error)",
                ]))
            try await clock.sleep(for: delay)
        }
    }

    private func encodeBody(_ request: ChatRequest) throws -> ByteBuffer {
        let body = ChatCompletionsRequestBody(
            model: request.model ?? configuration.model, messages: request.messages,
            temperature: request.temperature ?? configuration.temperature, maxTokens: request.maxTokens ?? configuration.maxTokens,
            maxTokensField: configuration.maxTokensField)
        return ByteBuffer(bytes: try JSONEncoder().encode(body))
    }

    private func attempt(
        _ request: ChatRequest, body: ByteBuffer, progress: ReplyProgress, stopwatch: Stopwatch,
        onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion {
        var http = HTTPClientRequest(url: configuration.chatCompletionsURL)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "text/event-stream")
        http.headers.add(name: "User-Agent", value: "Gachabot ModelAPI")
        if let key = configuration.apiKey, !key.isEmpty { http.headers.add(name: "Authorization", value: "Bearer \(key.value)") }
        http.body = .bytes(body)

        let response: HTTPClientResponse
        do {
            // The deadline only bounds the wait for the answer's head; the call's own total
            // timeout (on the injected clock) bounds everything.
            response = try await httpClient.execute(
                http, deadline: .now() + .nanoseconds(configuration.totalTimeout.nanoseconds), logger: logger)
        } catch {
            throw try classifyTransport(error)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let bytes = try? await response.body.collect(upTo: 256 * 1024)
            throw failure(status: status, headers: response.headers, body: bytes.map { Data($0.readableBytesView) } ?? Data())
        }
        let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") {
            return try await whole(response, request: request, progress: progress, stopwatch: stopwatch, onText: onText)
        }
        return try await stream(response, request: request, progress: progress, stopwatch: stopwatch, onText: onText)
    }

    /// Reads the event stream. A break after some text keeps it (interrupted, usage estimated);
    /// a break before any text is a failed attempt, retried.
    private func stream(
        _ response: HTTPClientResponse, request: ChatRequest, progress: ReplyProgress, stopwatch: Stopwatch,
        onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion {
        var parser = ServerSentEventParser()
        let decoder = JSONDecoder()
        var broken: (any Error)?
        do {
            for try await buffer in response.body {
                for event in try parser.feed(buffer.readableBytesView) {
                    if progress.snapshot.sawDone { continue }
                    if event.data == "[DONE]" {
                        progress.update { $0.sawDone = true }
                        continue
                    }
                    let chunk: WireChunk
                    do {
                        chunk = try decoder.decode(WireChunk.self, from: Data(event.data.utf8))
                    } catch {
                        throw AttemptFailure(error: .invalidResponse("an event that is not a chat completion chunk"), retry: .no, status: nil)
                    }
                    if let error = chunk.error {
                        let message = redactedMessage(error.message)
                        throw AttemptFailure(error: .invalidResponse("the stream carried an error: \(message)"), retry: .no, status: nil)
                    }
                    progress.update { state in
                        if let model = chunk.model, state.model == nil { state.model = model }
                        if let usage = chunk.usage {
                            state.reportedUsage = ChatUsage(promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, estimated: false)
                        }
                        if let reason = chunk.choices?.lazy.compactMap(\.finish_reason).first { state.finishReason = reason }
                    }
                    for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
                        guard let piece = choice.delta?.content, !piece.isEmpty else { continue }
                        progress.append(piece, at: stopwatch.elapsed())
                        do {
                            try await onText(piece)
                        } catch {
                            throw CallerError(underlying: error)
                        }
                    }
                }
            }
            parser.finish()
        } catch let error as CallerError {
            throw error
        } catch let error as AttemptFailure {
            if progress.hasText { broken = error } else { throw error }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            broken = error
        }
        let state = progress.snapshot
        if state.sawDone { return completion(request, state, interrupted: false, stopwatch: stopwatch) }
        guard !state.text.isEmpty else {
            let reason = broken.map { key(redacting: "\($0)") } ?? "the stream ended without [DONE]"
            throw AttemptFailure(error: .transport("the reply broke before any text: \(reason)"), retry: .backoff, status: nil)
        }
        logger.warning(
            "the model's reply broke off; keeping what arrived, usage estimated",
            metadata: metadata(["why": "\(broken.map { key(redacting: "\($0)") } ?? "the stream ended without [DONE]")"]))
        return completion(request, state, interrupted: true, stopwatch: stopwatch)
    }

    /// A whole JSON answer from a server that does not stream.
    private func whole(
        _ response: HTTPClientResponse, request: ChatRequest, progress: ReplyProgress, stopwatch: Stopwatch,
        onText: @Sendable (String) async throws -> Void
    ) async throws -> ChatCompletion {
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AttemptFailure(error: .transport("the answer broke: \(key(redacting: "\(error)"))"), retry: .backoff, status: nil)
        }
        guard let answer = try? JSONDecoder().decode(WireCompletion.self, from: Data(bytes.readableBytesView)) else {
            throw AttemptFailure(error: .invalidResponse("a JSON answer that is not a chat completion"), retry: .no, status: nil)
        }
        let text = answer.choices.first?.message?.content ?? ""
        progress.update { state in
            state.model = answer.model
            state.finishReason = answer.choices.first?.finish_reason
            state.reportedUsage = answer.usage.map { ChatUsage(promptTokens: $0.prompt_tokens, completionTokens: $0.completion_tokens, estimated: false) }
            state.sawDone = true
        }
        if !text.isEmpty {
            progress.append(text, at: stopwatch.elapsed())
            do {
                try await onText(text)
            } catch {
                throw CallerError(underlying: error)
            }
        }
        return completion(request, progress.snapshot, interrupted: false, stopwatch: stopwatch)
    }

    // MARK: Results and failures

    func completion(_ request: ChatRequest, _ state: ReplyProgress.State, interrupted: Bool, stopwatch: Stopwatch) -> ChatCompletion {
        let usage =
            state.reportedUsage
            ?? ChatUsage(
                promptTokens: estimator.tokens(in: request.messages), completionTokens: estimator.tokens(in: state.text), estimated: true)
        if state.reportedUsage == nil, !interrupted {
            logger.debug("the model sent no usage; estimated", metadata: metadata([:]))
        }
        return ChatCompletion(
            text: state.text, usage: usage, model: state.model ?? request.model ?? configuration.model,
            finishReason: interrupted ? nil : state.finishReason, interrupted: interrupted, timeToFirstText: state.timeToFirstText,
            totalTime: stopwatch.elapsed())
    }

    /// An answer other than 2xx, as the provider's error rules say.
    func failure(status: Int, headers: HTTPHeaders, body: Data) -> AttemptFailure {
        let detail = (try? JSONDecoder().decode(WireErrorEnvelope.self, from: body))?.error
        switch status {
        case 429:
            if detail?.code == "insufficient_quota" || detail?.type == "insufficient_quota" {
                logger.error(
                    "the model provider account has no quota left (429 insufficient_quota): add credit to the account or change GACHABOT_MODEL_API_KEY; talk replies fail until then",
                    metadata: metadata([:]))
                return AttemptFailure(error: .insufficientQuota, retry: .no, status: status)
            }
            let wait = Self.retryAfter(headers)
            if let wait, wait > configuration.retry.maximumRetryAfter {
                return AttemptFailure(error: .rateLimited(retryAfter: wait), retry: .no, status: status)
            }
            return AttemptFailure(error: .rateLimited(retryAfter: wait), retry: wait.map { .after($0) } ?? .backoff, status: status)
        case 408, 500...:
            return AttemptFailure(error: .unavailable(status: status), retry: .backoff, status: status)
        case 401, 403:
            return AttemptFailure(error: .unauthorized(status: status), retry: .no, status: status)
        default:
            return AttemptFailure(error: .rejected(status: status, message: redactedMessage(detail?.message)), retry: .no, status: status)
        }
    }

    /// `retry-after-ms` (milliseconds, OpenAI's), else `retry-after` (seconds).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        if let raw = headers.first(name: "retry-after-ms"), let milliseconds = Double(raw.trimmingCharacters(in: .whitespaces)),
            milliseconds >= 0, milliseconds.isFinite
        {
            return .milliseconds(Int64(milliseconds.rounded(.up)))
        }
        if let raw = headers.first(name: "retry-after"), let seconds = Double(raw.trimmingCharacters(in: .whitespaces)), seconds >= 0,
            seconds.isFinite
        {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        return nil
    }

    /// A failure before any answer: no connection within the connect timeout (not retried: that
    /// timeout already kept trying), the head's deadline, or a connection that broke (retried).
    func classifyTransport(_ error: any Error) throws -> AttemptFailure {
        if Task.isCancelled { throw CancellationError() }
        if let error = error as? HTTPClientError {
            if error == .connectTimeout || error == .getConnectionFromPoolTimeout { return AttemptFailure(error: .timedOut(.connect), retry: .no, status: nil) }
            if error == .deadlineExceeded { return AttemptFailure(error: .timedOut(.total), retry: .no, status: nil) }
        }
        if error is NIOConnectionError || Self.isConnectFailure(error) {
            return AttemptFailure(error: .timedOut(.connect), retry: .no, status: nil)
        }
        return AttemptFailure(error: .transport(key(redacting: "\(error)")), retry: .backoff, status: nil)
    }

    private static func isConnectFailure(_ error: any Error) -> Bool {
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        guard let error = error as? IOError else { return false }
        return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode)
    }

    private func redactedMessage(_ message: String?) -> String {
        let text = key(redacting: message ?? "no error message")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    private func key(redacting text: String) -> String {
        configuration.apiKey?.redact(text) ?? text
    }

    private func metadata(_ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["provider": "\(configuration.baseURL)", "model": "\(configuration.model)"]
        metadata.merge(extra) { $1 }
        return metadata
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
