import AsyncHTTPClient
import Clocks
import DiscordSandbox
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

/// A bare HTTP call to the sandbox, so these tests do not depend on DiscordREST.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: String
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
}

func call(
    _ sandbox: DiscordSandbox, _ method: HTTPMethod, _ path: String, json: String? = nil, token: String? = "sandbox-token",
    userAgent: String = "DiscordBot (https://example.com, 1.0)", contentType: String? = nil, rawBody: [UInt8]? = nil
) async throws -> TestResponse {
    var request = HTTPClientRequest(url: sandbox.restBaseURL + path)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bot \(token)") }
    request.headers.add(name: "User-Agent", value: userAgent)
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    } else if let rawBody, let contentType {
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: rawBody))
    }
    let client: HTTPClient
    if let pem = sandbox.certificatePEM {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    } else {
        client = HTTPClient.shared
    }
    do {
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        if sandbox.certificatePEM != nil { try await client.shutdown() }
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    } catch {
        if sandbox.certificatePEM != nil { try? await client.shutdown() }
        throw error
    }
}

@Suite("Sandbox REST", .timeLimit(.minutes(2)))
struct RESTTests {
    @Test func routesAnswerWithRateLimitHeaders() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let gateway = try await call(sandbox, .GET, "/gateway/bot")
            #expect(gateway.status == 200)
            #expect(gateway.json?["url"] as? String == sandbox.gatewayURL)
            #expect((gateway.json?["session_start_limit"] as? [String: Any])?["remaining"] as? Int == 1000)
            #expect(gateway.headers.first(name: "X-RateLimit-Bucket") != nil)
            #expect(gateway.headers.first(name: "X-RateLimit-Remaining") == "49")

            let me = try await call(sandbox, .GET, "/users/@me")
            #expect(me.json?["bot"] as? Bool == true)
            let app = try await call(sandbox, .GET, "/applications/@me")
            #expect(app.json?["id"] as? String == "1100000000000000001")

            let first = try await call(sandbox, .POST, "/channels/5/messages", json: #"{"content":"hi"}"#)
            let second = try await call(sandbox, .POST, "/channels/5/messages", json: #"{"content":"hi"}"#)
            #expect(first.status == 200)
            #expect(first.headers.first(name: "X-RateLimit-Limit") == "5")
            #expect(first.headers.first(name: "X-RateLimit-Remaining") == "4")
            #expect(second.headers.first(name: "X-RateLimit-Remaining") == "3")

            let unknown = try await call(sandbox, .GET, "/nothing/here")
            #expect(unknown.status == 404)
            #expect(unknown.json?["code"] as? Int == 0)

            let unauthorized = try await call(sandbox, .GET, "/users/@me", token: "wrong")
            #expect(unauthorized.status == 401)
            #expect(unauthorized.json?["message"] as? String == "401: Unauthorized")

            // Routing: a literal segment beats a parameter; a literal that leads nowhere falls back
            // to the parameter (`@me` is no application id, but no `/applications/@me/commands` exists).
            _ = try await call(sandbox, .GET, "/applications/@me/commands")
            _ = try await call(sandbox, .GET, "/users/7")
            #expect(
                sandbox.requests.map(\.routeTemplate) == [
                    "/gateway/bot", "/users/@me", "/applications/@me", "/channels/{channel_id}/messages",
                    "/channels/{channel_id}/messages", nil, "/users/@me", "/applications/{application_id}/commands", "/users/{user_id}",
                ])

            let recorded = try await sandbox.nextRequest { $0.path.hasSuffix("/users/@me") }
            #expect(recorded.headers["authorization"] == "Bot [redacted]")
            #expect(recorded.responseStatus == 200)
            #expect(!sandbox.requests.contains { $0.headers.values.contains { $0.contains("sandbox-token") } })
        }
    }

    @Test func commandsAreStoredWithIDs() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let body =
                #"[{"name":"roll","description":"Roll the gacha","type":1,"options":[{"type":4,"name":"count","description":"How many","min_value":1,"max_value":10}]}]"#
            let put = try await call(sandbox, .PUT, "/applications/1100000000000000001/commands", json: body)
            #expect(put.status == 200)
            let stored = try #require(try JSONSerialization.jsonObject(with: Data(put.body.utf8)) as? [[String: Any]])
            let id = try #require(stored.first?["id"] as? String)
            let again = try await call(sandbox, .PUT, "/applications/1100000000000000001/commands", json: body)
            #expect(again.body.contains(id))
            let get = try await call(sandbox, .GET, "/applications/1100000000000000001/commands")
            #expect(get.body.contains("\"roll\""))
            let guild = try await call(sandbox, .PUT, "/applications/1100000000000000001/guilds/1200000000000000001/commands", json: "[]")
            #expect(guild.status == 200)
            #expect(sandbox.openAPIViolations.isEmpty)
        }
    }

    @Test func interactionCallbackOnceWithinTheWindow() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock)) { sandbox in
            try await readyGateway(sandbox) {
                let interaction = try sandbox.injectInteraction(.slashCommand(name: "status"))
                let path = "/interactions/\(interaction.id)/\(interaction.token)/callback"
                let ok = try await call(sandbox, .POST, path, json: #"{"type":4,"data":{"content":"ok","flags":64}}"#, token: nil)
                #expect(ok.status == 204)
                let callback = try await sandbox.interactionCallback(for: interaction.id)
                #expect(callback.bodyText.contains("\"content\":\"ok\""))
                let twice = try await call(sandbox, .POST, path, json: #"{"type":4,"data":{"content":"again"}}"#)
                #expect(twice.status == 400)
                #expect(twice.json?["code"] as? Int == 40060)

                let original = try await call(sandbox, .GET, "/webhooks/1100000000000000001/\(interaction.token)/messages/@original")
                #expect(original.json?["content"] as? String == "ok")
                let edited = try await call(
                    sandbox, .PATCH, "/webhooks/1100000000000000001/\(interaction.token)/messages/@original", json: #"{"content":"edited"}"#
                )
                #expect(edited.json?["content"] as? String == "edited")
                let followup = try await call(
                    sandbox, .POST, "/webhooks/1100000000000000001/\(interaction.token)", json: #"{"content":"more"}"#)
                let followupID = try #require(followup.json?["id"] as? String)
                let patched = try await call(
                    sandbox, .PATCH, "/webhooks/1100000000000000001/\(interaction.token)/messages/\(followupID)",
                    json: #"{"content":"more!"}"#)
                #expect(patched.json?["content"] as? String == "more!")
                let deleted = try await call(sandbox, .DELETE, "/webhooks/1100000000000000001/\(interaction.token)/messages/@original")
                #expect(deleted.status == 204)

                let late = try sandbox.injectInteraction(.button(customID: "x"))
                clock.advance(by: .milliseconds(3_001))
                let expired = try await call(sandbox, .POST, "/interactions/\(late.id)/\(late.token)/callback", json: #"{"type":6}"#)
                #expect(expired.status == 404)
                #expect(expired.json?["code"] as? Int == 10062)
                #expect(sandbox.openAPIViolations.isEmpty)
            }
        }
    }

    /// Interactions built ahead go out together, in order with consecutive sequences, and are
    /// unknown until then: their 3-second windows start when they are injected.
    @Test func preparedInteractionsGoOutTogetherAndTheirWindowsStartAtInjection() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock)) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                // More than one flush of the burst's frames.
                let prepared = try (0..<300).map { _ in try sandbox.prepareInteraction(.slashCommand(name: "status")) }
                #expect(prepared.count > DiscordSandbox.interactionFramesPerFlush)
                let early = prepared[0].interaction
                let unknown = try await call(sandbox, .POST, "/interactions/\(early.id)/\(early.token)/callback", json: #"{"type":6}"#)
                #expect(unknown.json?["code"] as? Int == 10062)
                clock.advance(by: .seconds(5))

                let injected = try sandbox.injectInteractions(prepared)
                #expect(injected.map(\.id) == prepared.map(\.interaction.id))
                #expect(injected.map(\.sequence) == Array(injected[0].sequence..<(injected[0].sequence + 300)))
                for interaction in injected {
                    let dispatch = try await client.receive(op: 0, event: "INTERACTION_CREATE")
                    #expect(dispatch["s"] as? Int == interaction.sequence)
                    #expect((dispatch["d"] as? [String: Any])?["id"] as? String == String(interaction.id))
                    #expect((dispatch["d"] as? [String: Any])?["token"] as? String == interaction.token)
                }
                let first = injected[0]
                let answered = try await call(
                    sandbox, .POST, "/interactions/\(first.id)/\(first.token)/callback", json: #"{"type":4,"data":{"content":"ok"}}"#)
                #expect(answered.status == 204)
                clock.advance(by: .milliseconds(3_001))
                let last = injected[299]
                let expired = try await call(sandbox, .POST, "/interactions/\(last.id)/\(last.token)/callback", json: #"{"type":6}"#)
                #expect(expired.json?["code"] as? Int == 10062)
            }
            #expect(sandbox.violations.isEmpty)
            #expect(sandbox.openAPIViolations.isEmpty)
        }
    }

    @Test func theCallbackWindowCanBeLengthened() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(interactionResponseWindow: .seconds(60), clock: clock)) { sandbox in
            try await readyGateway(sandbox) {
                let late = try sandbox.injectInteraction(.button(customID: "x"))
                clock.advance(by: .seconds(59))
                let answered = try await call(sandbox, .POST, "/interactions/\(late.id)/\(late.token)/callback", json: #"{"type":6}"#)
                #expect(answered.status == 204)
                let tooLate = try sandbox.injectInteraction(.button(customID: "y"))
                clock.advance(by: .seconds(61))
                let expired = try await call(sandbox, .POST, "/interactions/\(tooLate.id)/\(tooLate.token)/callback", json: #"{"type":6}"#)
                #expect(expired.json?["code"] as? Int == 10062)
            }
        }
    }

    @Test func openAPIValidationRejectsBadBodies() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await readyGateway(sandbox) {
                let cases: [(String, String)] = [
                    (#"{"type":"four","data":{"content":"x"}}"#, "/type"),
                    (#"{"type":4,"data":{"components":[{"type":99,"foo":1}]}}"#, "/data/components/0"),
                    (#"{"type":4,"data":{"content":"\#(String(repeating: "a", count: 2001))"}}"#, "/data/content"),
                ]
                for (body, pointer) in cases {
                    let interaction = try sandbox.injectInteraction(.slashCommand(name: "status"))
                    let response = try await call(
                        sandbox, .POST, "/interactions/\(interaction.id)/\(interaction.token)/callback", json: body)
                    #expect(response.status == 400)
                    #expect(response.json?["code"] as? Int == 50035)
                    #expect(
                        sandbox.openAPIViolations.contains { $0.pointer.hasPrefix(pointer) },
                        "\(pointer): \(sandbox.openAPIViolations.map(\.description).joined(separator: "\n"))")
                }
                let valid = try sandbox.injectInteraction(.slashCommand(name: "status"))
                let good =
                    #"{"type":4,"data":{"content":"fine","allowed_mentions":{"parse":[]},"components":[{"type":1,"components":[{"type":2,"style":1,"label":"Pull","custom_id":"pull"}]}]}}"#
                let before = sandbox.openAPIViolations.count
                let response = try await call(sandbox, .POST, "/interactions/\(valid.id)/\(valid.token)/callback", json: good)
                #expect(response.status == 204)
                #expect(sandbox.openAPIViolations.count == before)
            }
        }
    }

    @Test func multipartPartsAreRecorded() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let boundary = "XyZ"
            let body = Array(
                """
                --XyZ\r
                Content-Disposition: form-data; name="payload_json"\r
                Content-Type: application/json\r
                \r
                {"content":"with file","attachments":[{"id":"0","filename":"card.png"}]}\r
                --XyZ\r
                Content-Disposition: form-data; name="files[0]"; filename="card.png"\r
                Content-Type: image/png\r
                \r
                PNGDATA\r
                --XyZ--\r

                """.utf8)
            let response = try await call(
                sandbox, .POST, "/channels/9/messages", contentType: "multipart/form-data; boundary=\(boundary)", rawBody: body)
            #expect(response.status == 200)
            #expect((response.json?["attachments"] as? [[String: Any]])?.first?["filename"] as? String == "card.png")
            let recorded = try await sandbox.nextRequest { $0.path.hasSuffix("/channels/9/messages") }
            #expect(recorded.parts.map(\.name) == ["payload_json", "files[0]"])
            #expect(recorded.parts.last?.data == Data("PNGDATA".utf8))
            #expect(recorded.parts.last?.contentType == "image/png")
            #expect(String(decoding: recorded.payloadJSON ?? Data(), as: UTF8.self).contains("with file"))
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
        }
    }

    @Test func scriptedRESTFaults() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            sandbox.inject(.rateLimited(retryAfter: 2.5), target: .route("GET", "/users/@me"))
            let limited = try await call(sandbox, .GET, "/users/@me")
            #expect(limited.status == 429)
            #expect(limited.json?["retry_after"] as? Double == 2.5)
            #expect(limited.json?["global"] as? Bool == false)
            #expect(limited.headers.first(name: "X-RateLimit-Bucket") != nil)
            #expect(limited.headers.first(name: "X-RateLimit-Scope") == "user")
            #expect(try await call(sandbox, .GET, "/users/@me").status == 200)

            sandbox.inject(.globalRateLimited(retryAfter: 1))
            let global = try await call(sandbox, .GET, "/users/@me")
            #expect(global.headers.first(name: "X-RateLimit-Global") == "true")
            #expect(global.json?["global"] as? Bool == true)

            sandbox.inject(.sharedRateLimited(retryAfter: 1))
            #expect(try await call(sandbox, .GET, "/users/@me").headers.first(name: "X-RateLimit-Scope") == "shared")

            sandbox.inject(.cloudflareRateLimited(retryAfter: 30))
            let cloudflare = try await call(sandbox, .GET, "/users/@me")
            #expect(cloudflare.status == 429)
            #expect(cloudflare.headers.first(name: "Retry-After") == "30")
            #expect(cloudflare.headers.first(name: "X-RateLimit-Bucket") == nil)
            #expect(cloudflare.body.hasPrefix("<!DOCTYPE html>"))

            sandbox.inject(.serverError(status: 502), count: 2)
            #expect(try await call(sandbox, .GET, "/users/@me").status == 502)
            #expect(try await call(sandbox, .GET, "/users/@me").status == 502)
            #expect(try await call(sandbox, .GET, "/users/@me").status == 200)

            sandbox.inject(.unauthorized)
            #expect(try await call(sandbox, .GET, "/users/@me").status == 401)
        }
    }

    @Test func httpsWithGeneratedCertificate() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            #expect(sandbox.restBaseURL.hasPrefix("https://127.0.0.1:"))
            let me = try await call(sandbox, .GET, "/users/@me")
            #expect(me.status == 200)
        }
    }

    /// Opens a gateway session so injected interactions have a shard to go to.
    func readyGateway(_ sandbox: DiscordSandbox, _ body: () async throws -> Void) async throws {
        try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
            _ = try await client.receive(op: 10)
            try await client.identify()
            _ = try await client.receive(op: 0, event: "READY")
            try await body()
        }
    }
}
