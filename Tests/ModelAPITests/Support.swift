import AsyncHTTPClient
import Clocks
import Foundation
import Logging
import ModelAPI
import ModelSandbox
import ServiceLifecycle
import Synchronization
import Talk
import Testing

/// Runs a loopback model for the length of `body` and hands it an `OpenAIChatModel` pointed at
/// it (its own HTTP client, shut down after). `adjust` changes the client's configuration.
func withModelSandbox(
    _ configuration: ModelSandboxConfiguration = .init(), sandboxClock: any Clock<Duration> = ContinuousClock(),
    modelClock: any Clock<Duration> = ContinuousClock(), logger: Logger = quietLogger(),
    adjust: (inout ModelProviderConfiguration) -> Void = { _ in },
    _ body: (ModelSandbox, OpenAIChatModel) async throws -> Void
) async throws {
    let sandbox = ModelSandbox(configuration: configuration, clock: sandboxClock, logger: quietLogger())
    let group = ServiceGroup(services: [sandbox], logger: quietLogger())
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let base = try #require(await sandbox.baseURL())
        var provider = ModelProviderConfiguration(
            baseURL: base, apiKey: configuration.apiKey.map(ModelAPIKey.init), model: configuration.models[0], maxTokens: 200)
        adjust(&provider)
        let model = OpenAIChatModel(configuration: provider, clock: modelClock, random: SeededRandomSource(seed: 7), logger: logger)
        do {
            try await body(sandbox, model)
        } catch {
            try? await model.shutdown()
            await group.triggerGracefulShutdown()
            throw error
        }
        try await model.shutdown()
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

func quietLogger() -> Logger {
    var logger = Logger(label: "test.model")
    logger.logLevel = .critical
    return logger
}

/// A persona and a member's message, as talk sends them.
func sampleMessages(_ text: String = "Which bridge creaks the loudest?") -> [ChatMessage] {
    [
        .system("You are Pell Ashgrove, a lamplighter's apprentice who knows every canal bridge by its creak."),
        .user(text),
    ]
}

/// Runs `call` in a task and, each time `sleepers` tasks are parked on `clock`, advances it to
/// the earliest deadline, returning the waits seen. The model's total-timeout timer is always
/// one sleeper, so retry waits are seen at two.
func drive<T: Sendable>(
    _ clock: ManualClock, sleepers: Int = 2, _ call: @escaping @Sendable () async throws -> T
) async -> (result: Result<T, any Error>, waits: [Duration]) {
    let finished = Latch()
    let task = Task {
        defer { finished.open() }
        return try await call()
    }
    var waits: [Duration] = []
    while true {
        let done = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await finished.wait(); return true }
            group.addTask { await clock.waitForSleepers(sleepers); return false }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if done || finished.isOpen { break }
        if let deadline = clock.nextDeadline {
            waits.append(clock.now.duration(to: deadline))
            clock.advance(to: deadline)
        }
    }
    return (await task.result, waits)
}

/// Opens once; `wait` returns when it is open or when the waiting task is cancelled.
final class Latch: Sendable {
    private let state = Mutex<(open: Bool, waiters: [UInt64: CheckedContinuation<Void, Never>], next: UInt64)>((false, [:], 0))

    var isOpen: Bool { state.withLock { $0.open } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}

/// Keeps every log line (message and metadata, rendered) so a test can search them.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// A logger at `trace` whose every line lands here.
    func logger(_ label: String = "test.captured") -> Logger {
        Logger(label: label) { label in CapturingLogHandler(label: label, sink: self) }
    }
}

struct CapturingLogHandler: LogHandler {
    let label: String
    let sink: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.append("\(event.level) \(label): \(event.message) \(rendered)")
    }
}

/// A chat call's pieces, collected as `onText` receives them.
final class Pieces: Sendable {
    private let state = Mutex<[String]>([])
    var all: [String] { state.withLock { $0 } }
    func append(_ piece: String) { state.withLock { $0.append(piece) } }
}
