import Clocks
import Foundation
import Logging
import Premium
import ServiceLifecycle
import StripeAPI
import StripeSandbox
import Synchronization
import Testing
import WebServer

/// A loopback Stripe, the real HTTP server with a recording processor, and a client pointed at
/// the sandbox, all on 127.0.0.1 for the length of `body`.
struct Rig {
    let sandbox: StripeSandbox
    let server: WebServer
    let client: StripeClient
    let processor: RecordingStripeProcessor
    let webhookURL: String
}

func withRig(clock: any Clock<Duration> = ContinuousClock(), processor: RecordingStripeProcessor = .init(), _ body: (Rig) async throws -> Void) async throws {
    let secret = StripeWebhookSecret("whsec_rig_secret_5150")
    var logger = Logger(label: "test.rig")
    logger.logLevel = .error
    let sandbox = StripeSandbox(configuration: .init(webhookSecret: secret), clock: clock, logger: logger)
    let server = WebServer(
        configuration: .init(port: 0), handlers: WebServerHandlers(stripeSecret: secret, stripeEvents: processor.process),
        logger: logger)
    let group = ServiceGroup(services: [sandbox, server], logger: Logger(label: "test.rig"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let base = try #require(await sandbox.baseURL())
        let port = try #require(await server.port())
        let client = StripeClient(key: StripeSecretKey(sandbox.configuration.apiKey), configuration: .init(baseURL: base))
        let rig = Rig(sandbox: sandbox, server: server, client: client, processor: processor, webhookURL: "http://127.0.0.1:\(port)/webhooks/stripe")
        do {
            try await body(rig)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// Stands in for the entitlement processor: records every arrival and answers `duplicate` for
/// an `event.id` it has seen, as the real one does through its unique constraint.
final class RecordingStripeProcessor: Sendable {
    struct Arrival: Sendable, Hashable {
        var id: String
        var type: String
        var outcome: WebhookOutcome
    }

    struct Event: Decodable {
        var id: String
        var type: String
    }

    private let state = Mutex<(arrivals: [Arrival], bodies: [String: Data], failuresLeft: [String: Int])>(([], [:], [:]))

    /// `failFirst`: event types whose first `n` arrivals throw (the server then answers 500).
    init(failFirst: [String: Int] = [:]) {
        state.withLock { $0.failuresLeft = failFirst }
    }

    struct Refused: Error {}

    var arrivals: [Arrival] { state.withLock { $0.arrivals } }
    var bodies: [String: Data] { state.withLock { $0.bodies } }

    func process(_ body: Data) async throws -> WebhookOutcome {
        let event = try JSONDecoder().decode(Event.self, from: body)
        return try state.withLock { state in
            if let left = state.failuresLeft[event.type], left > 0 {
                state.failuresLeft[event.type] = left - 1
                throw Refused()
            }
            let outcome: WebhookOutcome = state.bodies[event.id] == nil ? .applied : .duplicate
            state.bodies[event.id] = state.bodies[event.id] ?? body
            state.arrivals.append(Arrival(id: event.id, type: event.type, outcome: outcome))
            return outcome
        }
    }
}

extension ProCheckout {
    static func test(trial: Trial? = nil) -> ProCheckout {
        ProCheckout(
            priceID: "price_pro_monthly", discordUserID: "80351110224678912", discordGuildID: "41771983423143937",
            priceVariant: "B", successURL: "https://gachabot.test/ok", cancelURL: "https://gachabot.test/cancel", trial: trial)
    }
}

/// Reads a JSON path out of an event body.
func value(_ body: Data, _ path: String...) -> Any? {
    var current: Any? = try? JSONSerialization.jsonObject(with: body)
    for key in path {
        if let index = Int(key), let array = current as? [Any] {
            current = array.indices.contains(index) ? array[index] : nil
        } else {
            current = (current as? [String: Any])?[key]
        }
    }
    return current
}
