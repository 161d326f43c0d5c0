import DiscordModels
import DiscordSandbox
import Foundation
import Testing

@testable import DiscordREST

/// No error description ever carries the bot token or an interaction token.
@Suite(.timeLimit(.minutes(1))) struct RedactionTests {
    @Test func errorsFromTheServerNeverCarryTheToken() async throws {
        try await withRESTSandbox { sandbox, trust in
            var errors: [DiscordRESTError] = []
            func collect(_ body: () async throws -> Void) async {
                do {
                    try await body()
                    Issue.record("expected an error")
                } catch let error as DiscordRESTError {
                    errors.append(error)
                } catch {
                    Issue.record("untyped error \(error)")
                }
            }
            let options = DiscordRESTClient.Options(requestTimeout: .seconds(5), retry: RetryPolicy(maximumAttempts: 1))
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, options: options)
            let interactionToken = "aW50ZXJhY3Rpb246MTIz.secret-interaction-token"

            sandbox.inject(.serverError(status: 502))
            await collect { _ = try await client.getCurrentUser() }
            await collect { try await client.createInteractionResponse(interactionID: 1, token: interactionToken, response: .deferredUpdate) }
            await collect { _ = try await client.getGlobalApplicationCommands(applicationID: 42) }
            struct Bad: Encodable, Sendable { var content = 1 }
            await collect { _ = try await client.createMessage(channelID: 1, message: Bad()) }
            sandbox.inject(.cloudflareRateLimited(retryAfter: 3600))
            await collect { _ = try await client.getCurrentUser() }

            // A transport error: nothing listens on this port any more.
            let closed = DiscordRESTClient(
                token: .init(sandboxToken), baseURL: "http://127.0.0.1:1/api/v10/\(sandboxToken)", tls: trust,
                clock: JumpingClock(), options: options)
            await collect { _ = try await closed.getCurrentUser() }

            sandbox.inject(.unauthorized)
            await collect { _ = try await client.getCurrentUser() }
            await collect { _ = try await client.getCurrentUser() }

            #expect(errors.count == 8)
            for error in errors {
                for text in ["\(error)", String(reflecting: error), error.localizedDescription] {
                    #expect(!text.contains(sandboxToken), "\(text)")
                    #expect(!text.contains("secret-interaction-token"), "\(text)")
                }
            }
        }
    }

    @Test func anEchoedTokenInAnErrorBodyIsRedacted() throws {
        let token = BotToken("MTIz.echo.secret-token-value")
        let client = DiscordRESTClient(token: token, clock: JumpingClock())
        let route = Route.createFollowupMessage(applicationID: 1, token: "interaction-secret")
        let body = #"{"code": 50035, "message": "bad token MTIz.echo.secret-token-value at /webhooks/1/interaction-secret", "errors": {"content": {"_errors": [{"code": "X", "message": "echo MTIz.echo.secret-token-value"}]}}}"#
        let error = client.httpError(status: 400, body: Data(body.utf8), route: route)
        guard case .http(400, let decoded?) = error else {
            Issue.record("expected a decoded body, got \(error)")
            return
        }
        #expect(decoded.code == 50035)
        #expect(decoded.fieldErrors.map(\.path) == ["content"])
        for text in ["\(error)", String(reflecting: error)] {
            #expect(!text.contains("secret-token-value"))
            #expect(!text.contains("interaction-secret"))
            #expect(text.contains("[redacted]"))
        }
    }
}
