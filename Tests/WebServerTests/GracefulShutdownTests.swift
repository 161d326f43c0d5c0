import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing
import WebServer

@Suite struct GracefulShutdownTests {
    /// A webhook in flight when the shutdown starts still gets its answer, and the server then
    /// stops by itself.
    @Test func shutdownDrainsARequestInFlight() async throws {
        let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let processor: @Sendable (Data) async throws -> WebhookOutcome = { _ in
            enteredContinuation.yield()
            for await _ in release { break }
            return .applied
        }
        let server = WebServer(
            configuration: .init(port: 0), handlers: WebServerHandlers(stripeSecret: StripeSigning.secret, stripeEvents: processor))
        let group = ServiceGroup(services: [server], logger: Logger(label: "test.shutdown"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try #require(await server.port())
            let body = Array(#"{"id":"evt_slow"}"#.utf8)
            let inFlight = Task {
                try await send(
                    .POST, "http://127.0.0.1:\(port)/webhooks/stripe", body: body,
                    headers: [("Stripe-Signature", StripeSigning.header(body))])
            }
            for await _ in entered { break }
            await group.triggerGracefulShutdown()
            releaseContinuation.yield()
            let answer = try await inFlight.value
            #expect(answer.status == 200)
            #expect(answer.text == "applied\n")
            try await tasks.waitForAll()
        }
    }
}
