import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Premium
import ServiceLifecycle
import Synchronization
import Testing
import WebServer

/// Runs a `WebServer` on 127.0.0.1 (a free port) in a ServiceGroup for the length of `body`, then
/// shuts it down gracefully and waits for it to stop.
func withServer(
    _ handlers: WebServerHandlers, maximumBodyBytes: Int = WebServerConfiguration.defaultMaximumBodyBytes,
    now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = quietLogger,
    _ body: (WebServer, String) async throws -> Void
) async throws {
    let server = WebServer(
        configuration: .init(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes), handlers: handlers, now: now,
        logger: logger)
    let group = ServiceGroup(services: [server], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = try #require(await server.port())
        do {
            try await body(server, "http://127.0.0.1:\(port)")
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

struct HTTPAnswer {
    var status: Int
    var text: String
}

func send(
    _ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, headers: [(String, String)] = []
) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 4 << 20)
    return HTTPAnswer(status: Int(response.status.code), text: String(decoding: bytes.readableBytesView, as: UTF8.self))
}

/// Records what the Stripe processor was handed and answers as told.
final class RecordingProcessor: Sendable {
    private let bodies = Mutex<[Data]>([])
    let answer: @Sendable (Data) throws -> WebhookOutcome

    init(answer: @escaping @Sendable (Data) throws -> WebhookOutcome = { _ in .applied }) { self.answer = answer }

    var received: [Data] { bodies.withLock { $0 } }

    func process(_ body: Data) async throws -> WebhookOutcome {
        bodies.withLock { $0.append(body) }
        return try answer(body)
    }
}

/// A log handler that keeps every record, for checking what reaches the log.
final class LogRecorder: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let records = Mutex<[Record]>([])
    var all: [Record] { records.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test.recorded") { _ in Handler(recorder: self) }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let metadata = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            recorder.records.withLock { $0.append(Record(level: event.level, text: "\(event.message) \(metadata)")) }
        }
    }
}

enum StripeSigning {
    static let secret = StripeWebhookSecret("whsec_test_server_secret_123")

    static func header(_ body: [UInt8], at time: Date = Date(), secret: StripeWebhookSecret = StripeSigning.secret) -> String {
        StripeSignature.header(body: body, secret: secret, timestamp: Int64(time.timeIntervalSince1970))
    }
}

/// What a closure handed over, kept for the test to read.
final class Collected<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}

/// Errors only: the fuzz test alone would print hundreds of refusals.
let quietLogger: Logger = {
    var logger = Logger(label: "test.http")
    logger.logLevel = .error
    return logger
}()
