import AsyncHTTPClient
import Clocks
import Foundation
import Hummingbird
import Logging
import NIOCore
import Premium
import ServiceLifecycle
import Synchronization

/// A loopback Stripe on 127.0.0.1 for tests, the demo and benchmarks. It answers the REST calls
/// `StripeAPI` makes (checking every form body against Stripe's parameters and the key), records
/// each request, plays a subscription's lifecycle on a test clock, and delivers the resulting
/// events as signed webhooks, in an order and with faults a test scripts.
public final class StripeSandbox: Service, Sendable {
    public let configuration: StripeSandboxConfiguration
    let clock: any Clock<Duration>
    let signingTime: @Sendable () -> Int64
    let httpClient: HTTPClient
    let logger: Logger
    let state: Mutex<State>
    private let bound = Mutex<(port: Int?, stopped: Bool, waiters: [CheckedContinuation<Int?, Never>])>((nil, false, []))

    struct State {
        var now: Int64
        var apiVersion: String
        var nextID = 0
        var requests: [RecordedStripeRequest] = []
        var faults: [StripeFault] = []
        var idempotent: [String: (body: String, path: String, status: Int, answer: JSONValue)] = [:]
        var customers: [String: SandboxCustomer] = [:]
        var customerOrder: [String] = []
        var sessions: [String: SandboxCheckoutSession] = [:]
        var subscriptions: [String: SandboxSubscription] = [:]
        var invoices: [String: SandboxInvoice] = [:]
        var events: [SandboxEvent] = []
        var undelivered: [SandboxEvent] = []
        var port: Int?
    }

    /// `clock` is what scripted delays and delivery retries sleep on (a `ManualClock` in tests);
    /// `signingTime` stamps webhook signatures (wall time by default, as Stripe's test clocks do:
    /// an event's `created` follows the test clock, its signature the real time).
    public init(
        configuration: StripeSandboxConfiguration = .init(), clock: any Clock<Duration> = ContinuousClock(),
        signingTime: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) },
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "stripe-sandbox")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.signingTime = signingTime
        self.httpClient = httpClient
        self.logger = logger
        self.state = Mutex(State(now: configuration.startTime, apiVersion: configuration.apiVersion))
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

    /// `http://127.0.0.1:PORT`, for `StripeClient.Configuration(baseURL:)`.
    public func baseURL() async -> String? {
        guard let port = await port() else { return nil }
        return "http://\(configuration.host):\(port)"
    }

    private func resolve(_ port: Int?, stopped: Bool) {
        let waiters = bound.withLock { bound in
            if let port { bound.port = port }
            if stopped { bound.stopped = true }
            defer { bound.waiters = [] }
            return bound.waiters
        }
        state.withLock { $0.port = port ?? $0.port }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    // MARK: Inspection and scripting

    /// Every request received so far, oldest first.
    public var requests: [RecordedStripeRequest] { state.withLock { $0.requests } }

    /// Every event emitted so far, oldest first.
    public var events: [SandboxEvent] { state.withLock { $0.events } }

    /// The test clock, in Unix seconds.
    public var now: Int64 { state.withLock { $0.now } }

    /// Queues a failure for the next matching requests.
    public func inject(_ fault: StripeFault) {
        state.withLock { $0.faults.append(fault) }
    }

    /// The subscription as `GET /v1/subscriptions/{id}` would answer it.
    public func subscriptionJSON(_ id: String) -> JSONValue? {
        state.withLock { state in state.subscriptions[id].map(StripeRendering.subscription) }
    }

    static func makeID(_ prefix: String, _ state: inout State) -> String {
        state.nextID += 1
        let digits = String(state.nextID, radix: 36)
        return prefix + "_test_" + String(repeating: "0", count: max(0, 14 - digits.count)) + digits
    }
}
