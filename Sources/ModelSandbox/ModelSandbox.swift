import Clocks
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Talk

/// A loopback OpenAI-compatible model on 127.0.0.1 for tests, the demo and benchmarks. It
/// answers `POST /v1/chat/completions` (streamed as server-sent events, or whole as JSON) and
/// `GET /v1/models`, checks every request (`ChatRequestValidator`) and the bearer key, replies
/// deterministically (`SandboxReplies`) with usage counted by `TokenEstimator`, records each
/// request, and plays the faults a test queues (`ModelFault`).
public final class ModelSandbox: Service, Sendable {
    public let configuration: ModelSandboxConfiguration
    let clock: any Clock<Duration>
    let logger: Logger
    let state = Mutex(State())
    private let bound = Mutex<(port: Int?, stopped: Bool, waiters: [CheckedContinuation<Int?, Never>])>((nil, false, []))

    struct State {
        var requests: [RecordedModelRequest] = []
        var faults: [ModelFault] = []
        var pinging = false
        var nextID = 0
    }

    /// `clock` is what a slow first token waits on (a `ManualClock` in tests).
    public init(
        configuration: ModelSandboxConfiguration = .init(), clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "model-sandbox")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    // MARK: Running

    public func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in resolve(channel.localAddress?.port, stopped: false) },
            logger: logger)
        defer { resolve(nil, stopped: true) }
        try await application.run()
    }

    /// The port once listening (nil if it stopped first).
    public func port() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = bound.withLock { bound in
                if let port = bound.port { return .some(port) }
                if bound.stopped { return .some(nil) }
                bound.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL a client is configured with.
    public func baseURL() async -> String? {
        guard let port = await port() else { return nil }
        return "http://\(configuration.host):\(port)/v1"
    }

    private func resolve(_ port: Int?, stopped: Bool) {
        let waiters = bound.withLock { bound in
            if let port { bound.port = port }
            if stopped { bound.stopped = true }
            defer { bound.waiters = [] }
            return bound.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    // MARK: Inspection and scripting

    /// Every request received so far, oldest first.
    public var requests: [RecordedModelRequest] { state.withLock { $0.requests } }

    /// The chat completion requests received so far, oldest first.
    public var chatRequests: [RecordedModelRequest] { requests.filter { $0.path.hasSuffix("/chat/completions") } }

    /// Queues `fault` for the next chat completion request (after those already queued).
    public func inject(_ fault: ModelFault) {
        state.withLock { $0.faults.append(fault) }
    }

    /// Queues `fault` for each of the next `count` requests.
    public func inject(_ fault: ModelFault, times count: Int) {
        state.withLock { $0.faults.append(contentsOf: Array(repeating: fault, count: max(0, count))) }
    }

    /// The faults still queued.
    public var pendingFaults: [ModelFault] { state.withLock { $0.faults } }

    /// From now on, chat replies try to ping (`SandboxReplies.pingPrefix`), or stop doing so.
    public func setPingingReplies(_ on: Bool) {
        state.withLock { $0.pinging = on }
    }

    /// The reply the sandbox gives to `messages` (before any token cap), for tests to compare.
    public func expectedReply(to messages: [ChatMessage]) -> String {
        let pinging = state.withLock { $0.pinging }
        return SandboxReplies.reply(
            to: messages, name: configuration.characterName(messages), fillerWords: configuration.fillerWords, pinging: pinging)
    }
}
