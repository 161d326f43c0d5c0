import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The bot's HTTP server: `/healthz`, `/readyz`, `/metrics`, `/webhooks/stripe` and
/// `/webhooks/discord`, on Hummingbird 2. It is a ServiceLifecycle `Service`: in a `ServiceGroup`
/// a graceful shutdown stops accepting connections and lets the requests in flight finish.
public final class WebServer: Service, Sendable {
    public let configuration: WebServerConfiguration
    public let metrics: WebMetrics
    let handlers: WebServerHandlers
    let now: @Sendable () -> Date
    let logger: Logger
    private let bound = Mutex<BoundState>(.init())

    private struct BoundState {
        var port: Int?
        var stopped = false
        var waiters: [CheckedContinuation<Int?, Never>] = []
    }

    /// `now` is the clock signatures are checked against (Stripe's 300 s tolerance).
    public init(
        configuration: WebServerConfiguration = .init(), handlers: WebServerHandlers, metrics: WebMetrics = WebMetrics(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "gachabot.http")
    ) {
        self.configuration = configuration
        self.handlers = handlers
        self.metrics = metrics
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port
                logger.info("HTTP server listening", metadata: ["address": "\(configuration.host):\(port.map(String.init) ?? "?")"])
                resolve(port)
            },
            logger: logger)
        defer { resolve(nil, stopped: true) }
        try await application.run()
    }

    /// The port the server listens on, once it does (nil if it stopped first). With port 0 in
    /// the configuration, this is how a test learns where to connect.
    public func port() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = bound.withLock { state in
                if let port = state.port { return .some(port) }
                if state.stopped { return .some(nil) }
                state.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func resolve(_ port: Int?, stopped: Bool = false) {
        let waiters = bound.withLock { state in
            if let port { state.port = port }
            if stopped { state.stopped = true }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        let handlers = handlers
        let metrics = metrics
        router.get("/healthz") { _, _ in HealthRoutes.health() }
        router.get("/readyz") { _, _ in HealthRoutes.readiness(await handlers.readiness()) }
        router.get("/metrics") { _, _ in HealthRoutes.metrics(metrics) }
        let stripe = StripeWebhookRoute(
            secret: handlers.stripeSecret, process: handlers.stripeEvents, maximumBodyBytes: configuration.maximumBodyBytes,
            now: now, metrics: metrics, logger: logger)
        router.post("/webhooks/stripe") { request, _ in try await stripe.handle(request) }
        let discord = DiscordWebhookRoute(
            signature: handlers.discordSignature, deliver: handlers.discordEvents,
            maximumBodyBytes: configuration.maximumBodyBytes, metrics: metrics, logger: logger)
        router.post("/webhooks/discord") { request, _ in try await discord.handle(request) }
        return router
    }
}
