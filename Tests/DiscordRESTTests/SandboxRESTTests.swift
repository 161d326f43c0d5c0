import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Testing

@testable import DiscordREST

/// A message body for tests (the bot's own bodies come from DiscordModels).
struct TestMessage: Encodable, Sendable {
    var content: String
}

/// The client against the loopback Discord, over real sockets on 127.0.0.1.
@Suite(.timeLimit(.minutes(1))) struct SandboxRESTTests {
    @Test(arguments: [false, true])
    func sendsUserAgentAndBotAuthorization(tls: Bool) async throws {
        try await withRESTSandbox(tls: tls) { sandbox, trust in
            #expect(sandbox.restBaseURL.hasPrefix(tls ? "https://127.0.0.1:" : "http://127.0.0.1:"))
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            let user = try await client.getCurrentUser()
            #expect(user.bot == true)
            let request = try await sandbox.nextRequest()
            #expect(request.headers["user-agent"] == "DiscordBot (https://github.com/gachabot/gachabot, 0.1.0)")
            #expect(request.authorized)
            #expect(sandbox.violations.isEmpty)
        }
    }

    @Test func exhaustedBucketWaitsForItsResetWhileAnotherChannelGoesOn() async throws {
        let clock = ManualClock()
        try await withRESTSandbox(enforceRateLimits: true, sandboxClock: clock) { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            // The sandbox allows 5 messages per 5 s per channel.
            for index in 0..<5 { try await client.createMessage(channelID: 10, message: TestMessage(content: "m\(index)")) }
            #expect(client.rateLimiter.bucketState(for: .createMessage(channelID: 10))?.remaining == 0)

            let sixth = Task { try await client.createMessage(channelID: 10, message: TestMessage(content: "sixth")) }
            await clock.waitForSleepers(1)
            // Another channel has its own bucket.
            try await client.createMessage(channelID: 20, message: TestMessage(content: "other channel"))
            #expect(sandbox.requests.filter { $0.path.hasSuffix("/channels/10/messages") }.count == 5)

            clock.advance(by: .seconds(5))
            _ = try await sixth.value
            #expect(sandbox.requests.count == 7)
            #expect(sandbox.requests.allSatisfy { $0.responseStatus == 200 })
            #expect(client.metrics.rateLimited == 0)
        }
    }

    @Test func unexpected429IsWaitedOutThenSucceeds() async throws {
        try await withRESTSandbox { sandbox, trust in
            let clock = JumpingClock()
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            sandbox.inject(.rateLimited(retryAfter: 1.5), target: .route("POST", "/channels/{channel_id}/messages"))
            try await client.createMessage(channelID: 10, message: TestMessage(content: "hello"))
            #expect(sandbox.requests.map(\.responseStatus) == [429, 200])
            #expect(clock.sleeps == [.milliseconds(1500)])
            #expect(client.metrics.rateLimited == 1)
            #expect(client.rateLimiter.invalidRequestCount == 1)
        }
    }

    @Test func global429HoldsEveryRouteButInteractionCallbacks() async throws {
        let clock = ManualClock()
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            sandbox.inject(.globalRateLimited(retryAfter: 2), target: .route("GET", "/users/@me"))
            let user = Task { try await client.getCurrentUser() }
            await clock.waitForSleepers(1)
            let message = Task { try await client.createMessage(channelID: 10, message: TestMessage(content: "later")) }
            await clock.waitForSleepers(2)

            // Interaction callbacks are not bound by the global limit: sent at once. (The sandbox
            // knows no such interaction, hence 404: what matters is that it went out.)
            await #expect(throws: DiscordRESTError.self) {
                try await client.createInteractionResponse(
                    interactionID: 99, token: "tok", response: .deferredUpdate)
            }
            #expect(
                sandbox.requests.map(\.routeTemplate) == [
                    "/users/@me", "/interactions/{interaction_id}/{interaction_token}/callback",
                ])

            clock.advance(by: .seconds(2))
            _ = try await user.value
            _ = try await message.value
            #expect(sandbox.requests.count == 4)
            #expect(client.metrics.globalRateLimited == 1)
        }
    }

    @Test func shared429DoesNotCountAsInvalid() async throws {
        try await withRESTSandbox { sandbox, trust in
            let clock = JumpingClock()
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            sandbox.inject(.sharedRateLimited(retryAfter: 0.25), target: .route("POST", "/channels/{channel_id}/messages"))
            try await client.createMessage(channelID: 10, message: TestMessage(content: "hello"))
            #expect(sandbox.requests.map(\.responseStatus) == [429, 200])
            #expect(clock.sleeps == [.milliseconds(250)])
            #expect(client.metrics.sharedRateLimited == 1)
            #expect(client.rateLimiter.invalidRequestCount == 0)
        }
    }

    @Test func cloudflareHTML429IsAGlobalWait() async throws {
        let clock = ManualClock()
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            sandbox.inject(.cloudflareRateLimited(retryAfter: 3), target: .route("GET", "/users/@me"))
            let user = Task { try await client.getCurrentUser() }
            await clock.waitForSleepers(1)
            #expect(clock.nextDeadline?.offset == .seconds(3))
            let message = Task { try await client.createMessage(channelID: 10, message: TestMessage(content: "held")) }
            await clock.waitForSleepers(2)
            #expect(sandbox.requests.count == 1)
            clock.advance(by: .seconds(3))
            _ = try await user.value
            _ = try await message.value
            #expect(sandbox.requests.map(\.responseStatus) == [429, 200, 200])
            #expect(client.metrics.cloudflareRateLimited == 1)
        }
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsAreRetriedWithBackoff(status: Int) async throws {
        try await withRESTSandbox { sandbox, trust in
            let clock = JumpingClock()
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            sandbox.inject(.serverError(status: status), target: .route("GET", "/gateway/bot"), count: 2)
            let gateway = try await client.getGatewayBot()
            #expect(gateway.url == sandbox.gatewayURL)
            #expect(sandbox.requests.map(\.responseStatus) == [status, status, 200])
            // Equal jitter: 250-500 ms, then 500-1000 ms.
            #expect(clock.sleeps.count == 2)
            #expect(clock.sleeps[0] >= .milliseconds(250) && clock.sleeps[0] <= .milliseconds(500))
            #expect(clock.sleeps[1] >= .milliseconds(500) && clock.sleeps[1] <= .milliseconds(1000))
            #expect(client.metrics.retries == 2)
        }
    }

    @Test func persistentOutageSurfacesATypedErrorAfterThreeAttempts() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            sandbox.inject(.serverError(status: 503), count: 100)
            do throws(DiscordRESTError) {
                _ = try await client.getGatewayBot()
                Issue.record("an outage must fail")
            } catch {
                guard case .http(503, let body) = error else {
                    Issue.record("expected .http(503), got \(error)")
                    return
                }
                #expect(body?.message == "503: Service Unavailable")
            }
            #expect(sandbox.requests.count == 3)
        }
    }

    @Test func slowServerHitsTheRequestTimeoutAndIsRetried() async throws {
        // The sandbox's delay runs on its own manual clock, which nobody advances: the server
        // never answers those requests, and only the client's (wall-clock) timeout ends them.
        let sandboxClock = ManualClock()
        try await withRESTSandbox(sandboxClock: sandboxClock) { sandbox, trust in
            // Long enough that a loaded machine still answers the undelayed retry in time: 2 s was
            // outrun while the whole suite started at once on 2 cores.
            let options = DiscordRESTClient.Options(requestTimeout: .seconds(8))
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, options: options)

            sandbox.inject(.delay(.seconds(3600)), target: .route("GET", "/users/@me"), count: 1)
            _ = try await client.getCurrentUser()
            #expect(client.metrics.transportFailures == 1)
            #expect(client.metrics.retries == 1)

            sandbox.inject(.delay(.seconds(3600)), target: .route("GET", "/users/@me"), count: 3)
            do throws(DiscordRESTError) {
                _ = try await client.getCurrentUser()
                Issue.record("a server that never answers must fail")
            } catch {
                guard case .transport(_, let attempts) = error else {
                    Issue.record("expected .transport, got \(error)")
                    return
                }
                #expect(attempts == 3)
            }
        }
    }

    /// The first create is handled but its answer is lost; the retry repeats the nonce, and
    /// Discord (here the sandbox) answers with the message already created: one message, not two.
    @Test func aRetriedCreateMessageDoesNotPostTwice() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            let route = RESTFaultTarget.route("POST", "/channels/{channel_id}/messages")
            sandbox.inject(.answerLost, target: route)
            let message = try await client.createMessage(channelID: 10, message: TestMessage(content: "once"))
            #expect(client.metrics.retries == 1)
            let stored = sandbox.channelMessages(10)
            #expect(stored.count == 1)
            #expect(stored.first?.contains(#""id":"\#(message.id.rawValue)""#) == true)
            let bodies = sandbox.requests.filter { $0.routeTemplate == "/channels/{channel_id}/messages" }.map {
                try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any]
            }
            #expect(bodies.count == 2)
            let nonce = try #require(bodies.first??["nonce"] as? String)
            #expect(nonce.count <= 25)
            #expect(bodies.allSatisfy { $0?["nonce"] as? String == nonce && $0?["enforce_nonce"] as? Bool == true })
            #expect(bodies.first??["content"] as? String == "once")

            // A different call gets a different nonce: a second message.
            try await client.createMessage(channelID: 10, message: TestMessage(content: "twice"))
            #expect(sandbox.channelMessages(10).count == 2)

            // Without enforcement the same lost answer posts twice: what the nonce prevents.
            sandbox.inject(.answerLost, target: route)
            try await client.createMessage(channelID: 20, message: TestMessage(content: "dup"), enforceNonce: false)
            #expect(sandbox.channelMessages(20).count == 2)

            // A caller's own nonce, repeated on purpose, is enforced too.
            let first = try await client.createMessage(channelID: 30, message: TestMessage(content: "a"), nonce: "order-17")
            let second = try await client.createMessage(channelID: 30, message: TestMessage(content: "a"), nonce: "order-17")
            #expect(first.id == second.id)
            #expect(sandbox.channelMessages(30).count == 1)
            #expect(sandbox.openAPIViolations.isEmpty)
            #expect(sandbox.violations.isEmpty)
        }
    }

    @Test func a401LatchesAndNothingMoreIsSent() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            sandbox.inject(.unauthorized, target: .route("GET", "/users/@me"))
            await #expect(throws: DiscordRESTError.self) { _ = try await client.getCurrentUser() }
            for _ in 0..<3 {
                do throws(DiscordRESTError) {
                    try await client.createMessage(channelID: 10, message: TestMessage(content: "no"))
                    Issue.record("sent after a 401")
                } catch {
                    guard case .tokenRejected = error else {
                        Issue.record("got \(error)")
                        continue
                    }
                }
            }
            #expect(sandbox.requests.count == 1)
            #expect(client.metrics.refusedLocally == 3)
        }
    }

    @Test func limitsAreKeptPerToken() async throws {
        try await withRESTSandbox { sandbox, trust in
            let rejected = DiscordRESTClient.sandbox(sandbox, tls: trust, token: "MTIz.wrong.token")
            let good = DiscordRESTClient.sandbox(sandbox, tls: trust)
            await #expect(throws: DiscordRESTError.self) { _ = try await rejected.getCurrentUser() }
            #expect(rejected.rateLimiter.isTokenRejected)
            // The other bot's client is untouched by the first one's latch.
            _ = try await good.getCurrentUser()
            #expect(!good.rateLimiter.isTokenRejected)
            #expect(sandbox.requests.map(\.authorized) == [false, true])
        }
    }

    @Test func invalidRequestGuardRefusesBeforeTheBudgetIsSpent() async throws {
        try await withRESTSandbox { sandbox, trust in
            let options = DiscordRESTClient.Options(rateLimits: .init(invalidRequestBudget: 5))
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, options: options)
            // Another application's commands: the sandbox answers 403 Missing Access.
            for _ in 0..<5 {
                do throws(DiscordRESTError) {
                    _ = try await client.getGlobalApplicationCommands(applicationID: 42)
                } catch {
                    guard case .http(403, let body) = error else {
                        Issue.record("got \(error)")
                        continue
                    }
                    #expect(body?.code == 50001)
                }
            }
            do throws(DiscordRESTError) {
                _ = try await client.getCurrentUser()
                Issue.record("the budget is spent")
            } catch {
                guard case .invalidRequestBudgetExhausted(5, _) = error else {
                    Issue.record("got \(error)")
                    return
                }
            }
            #expect(sandbox.requests.count == 5)
        }
    }

    @Test func formErrorsAreDecodedAndFlattened() async throws {
        struct BadMessage: Encodable, Sendable {
            var content = 5
            var tts = "yes"
        }
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            do throws(DiscordRESTError) {
                try await client.createMessage(channelID: 10, message: BadMessage())
                Issue.record("the sandbox must reject the body")
            } catch {
                guard case .http(400, let body?) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(body.code == 50035)
                #expect(Set(body.fieldErrors.map(\.path)) == ["content", "tts"])
                #expect(error.description.contains("content:"))
            }
        }
    }

    @Test func multipartUploadReachesTheServerAsParts() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 3])
            defer { #expect(sandbox.openAPIViolations.map(\.description) == []) }
            try await client.createMessage(
                channelID: 10, message: TestMessage(content: "your pull"),
                files: [FileAttachment(filename: "card.png", contentType: "image/png", data: png, description: "a card")])
            let request = try await sandbox.nextRequest()
            #expect(request.responseStatus == 200)
            #expect(request.parts.map(\.name) == ["payload_json", "files[0]"])
            #expect(request.parts[1].filename == "card.png")
            #expect(request.parts[1].contentType == "image/png")
            #expect(request.parts[1].data == png)
            let payload = try #require(JSONSerialization.jsonObject(with: request.payloadJSON ?? Data()) as? [String: Any])
            let attachments = try #require(payload["attachments"] as? [[String: Any]])
            #expect(attachments.first?["filename"] as? String == "card.png")
            #expect(sandbox.openAPIViolations.isEmpty)
        }
    }
}

extension SandboxRESTTests {
    // It used to stall now and then: the answer to the first window's last request could arrive
    // after the limiter had rolled to the next window on its own, and emptied that window until a
    // reset 5 s away (RateLimiterTests.aLateAnswerFromThePreviousWindowDoesNotEmptyTheNewOne).
    @Test(.timeLimit(.minutes(1)))
    func aBurstOnAnUnlearnedBucketWaitsForTheFirstAnswerAndNeverHits429() async throws {
        let clock = ManualClock()
        try await withRESTSandbox(enforceRateLimits: true, sandboxClock: clock) { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust, clock: clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<7 {
                    group.addTask { try await client.createMessage(channelID: 30, message: TestMessage(content: "burst \(index)")) }
                }
                // One goes first; its answer (5 per 5 s) lets four more go; two wait for the reset.
                try await failingAfter(
                    .seconds(10),
                    {
                        "sleepers \(clock.sleeperCount); answers \(sandbox.requests.map(\.responseStatus)); metrics \(client.metrics)"
                    }
                ) { await clock.waitForSleepers(2) }
                #expect(clock.nextDeadline?.offset == .seconds(5))
                // Let the server see the first window's five before virtual time moves on.
                for _ in 0..<5 { _ = try await sandbox.nextRequest() }
                clock.advance(by: .seconds(5))
                try await failingAfter(
                    .seconds(10),
                    {
                        "after advance: now \(clock.now.offset) sleepers \(clock.sleeperCount) next \(String(describing: clock.nextDeadline?.offset)); answers \(sandbox.requests.map(\.responseStatus)); metrics \(client.metrics)"
                    }
                ) { for _ in 0..<2 { _ = try? await sandbox.nextRequest(timeout: .seconds(20)) } }  // the two that waited
                try await group.waitForAll()
            }
            #expect(sandbox.requests.count == 7)
            #expect(sandbox.requests.allSatisfy { $0.responseStatus == 200 })
            #expect(client.metrics.rateLimited == 0)
        }
    }
}
