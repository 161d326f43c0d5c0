import Crypto
import Foundation
import Premium
import Synchronization
import Testing
import WebServer

@Suite struct DiscordWebhookRouteTests {
    let key = Curve25519.Signing.PrivateKey()

    var publicKeyHex: String { key.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined() }

    func signed(_ body: [UInt8], timestamp: String = "1733200000") throws -> [(String, String)] {
        let signature = try key.signature(for: Data(timestamp.utf8) + body)
        return [("X-Signature-Ed25519", signature.map { String(format: "%02x", $0) }.joined()), ("X-Signature-Timestamp", timestamp)]
    }

    func handlers(_ delivered: Collected<Data>) throws -> WebServerHandlers {
        let signature: DiscordWebhookSignature = try #require(DiscordWebhookSignature(publicKeyHex: publicKeyHex))
        return WebServerHandlers(discordSignature: signature, discordEvents: { body in delivered.append(body) })
    }

    @Test func aSignedPingIs204AndDeliversNothing() async throws {
        let delivered = Collected<Data>()
        try await withServer(try handlers(delivered)) { _, base in
            let body = Array(#"{"version":1,"application_id":"123","type":0}"#.utf8)
            let answer = try await send(.POST, base + "/webhooks/discord", body: body, headers: try signed(body))
            #expect(answer.status == 204)
            #expect(delivered.all.isEmpty)
        }
    }

    @Test func aSignedEventIs204AndHandedToTheClosure() async throws {
        let delivered = Collected<Data>()
        try await withServer(try handlers(delivered)) { _, base in
            let body = Array(#"{"version":1,"application_id":"123","type":1,"event":{"type":"ENTITLEMENT_CREATE","timestamp":"2026-12-03T12:00:00Z","data":{"id":"1"}}}"#.utf8)
            let answer = try await send(.POST, base + "/webhooks/discord", body: body, headers: try signed(body))
            #expect(answer.status == 204)
            #expect(delivered.all == [Data(body)])
        }
    }

    @Test func aBadSignatureIs401() async throws {
        let delivered = Collected<Data>()
        try await withServer(try handlers(delivered)) { _, base in
            let body = Array(#"{"type":1,"event":{}}"#.utf8)
            var headers = try signed(body)
            // Signed over a different timestamp than the one sent.
            headers[1].1 = "1733200001"
            #expect(try await send(.POST, base + "/webhooks/discord", body: body, headers: headers).status == 401)
            #expect(try await send(.POST, base + "/webhooks/discord", body: body).status == 401)
            let other = Curve25519.Signing.PrivateKey()
            let forged = try other.signature(for: Data("1733200000".utf8) + body)
            let forgedHeaders = [
                ("X-Signature-Ed25519", forged.map { String(format: "%02x", $0) }.joined()), ("X-Signature-Timestamp", "1733200000"),
            ]
            #expect(try await send(.POST, base + "/webhooks/discord", body: body, headers: forgedHeaders).status == 401)
            #expect(delivered.all.isEmpty)
        }
    }

    @Test func aSignedBodyWithoutAType400AndOverTheCap413() async throws {
        let delivered = Collected<Data>()
        try await withServer(try handlers(delivered), maximumBodyBytes: 512) { _, base in
            let untyped = Array(#"{"version":1}"#.utf8)
            let untypedHeaders = try signed(untyped)
            #expect(try await send(.POST, base + "/webhooks/discord", body: untyped, headers: untypedHeaders).status == 400)
            let big = Array(#"{"type":1,"pad":""#.utf8) + Array(repeating: UInt8(ascii: "z"), count: 600) + Array(#""}"#.utf8)
            let bigHeaders = try signed(big)
            #expect(try await send(.POST, base + "/webhooks/discord", body: big, headers: bigHeaders).status == 413)
            #expect(delivered.all.isEmpty)
        }
    }
}
