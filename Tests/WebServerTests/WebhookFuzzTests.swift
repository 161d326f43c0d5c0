import Clocks
import Crypto
import Foundation
import Premium
import Synchronization
import Testing
import WebServer

/// Random bodies and headers to both webhook routes: nothing reaches a handler, the server never
/// falls over, and every answer is a refusal (400, 401 or 413).
@Suite struct WebhookFuzzTests {
    @Test func randomBodiesAndHeadersAreRefusedAndApplyNothing() async throws {
        let processor = RecordingProcessor()
        let delivered = Collected<Data>()
        let key = Curve25519.Signing.PrivateKey()
        let hex = key.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined()
        let signature: DiscordWebhookSignature = try #require(DiscordWebhookSignature(publicKeyHex: hex))
        let handlers = WebServerHandlers(
            stripeSecret: StripeSigning.secret, stripeEvents: processor.process, discordSignature: signature,
            discordEvents: { body in delivered.append(body) })
        var random = SeededRandom(seed: 0x5EED_F022)
        try await withServer(handlers, maximumBodyBytes: 4096) { _, base in
            var statuses: [String: Set<Int>] = ["stripe": [], "discord": []]
            for round in 0..<240 {
                let body = Self.randomBody(&random, round: round)
                let stripe = try await send(
                    .POST, base + "/webhooks/stripe", body: body, headers: Self.randomStripeHeaders(&random, body: body))
                statuses["stripe"]!.insert(stripe.status)
                let discord = try await send(
                    .POST, base + "/webhooks/discord", body: body, headers: Self.randomDiscordHeaders(&random))
                statuses["discord"]!.insert(discord.status)
            }
            #expect(statuses["stripe"]!.isSubset(of: [400, 413]), "\(statuses)")
            #expect(statuses["discord"]!.isSubset(of: [401, 413]), "\(statuses)")
            #expect(statuses["stripe"]!.contains(400) && statuses["stripe"]!.contains(413))
            #expect(try await send(.GET, base + "/healthz").status == 200)
        }
        #expect(processor.received.isEmpty)
        #expect(delivered.all.isEmpty)
    }

    static func randomBody(_ random: inout SeededRandom, round: Int) -> [UInt8] {
        let templates = [
            #"{"id":"evt_%@","type":"checkout.session.completed"}"#, #"{"type":0}"#, #"{"type":1,"event":{}}"#, "", "null",
        ]
        switch round % 5 {
        case 0: return (0..<Int.random(in: 0...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 1: return Array(templates.randomElement(using: &random)!.replacingOccurrences(of: "%@", with: String(round)).utf8)
        case 2: return Array(repeating: UInt8(ascii: "{"), count: Int.random(in: 4097...9000, using: &random))
        case 3: return Array(String(repeating: "é\u{0}\"\\", count: Int.random(in: 1...200, using: &random)).utf8)
        default: return Array(#"{"type":1,"nested":"#.utf8) + Array(repeating: UInt8(ascii: "["), count: 900)
        }
    }

    static func randomStripeHeaders(_ random: inout SeededRandom, body: [UInt8]) -> [(String, String)] {
        let now = Int(Date().timeIntervalSince1970)
        let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        let choices = [
            "t=\(now),v1=\(hex)", "t=\(now)", "v1=\(hex)", "t=abc,v1=\(hex)", "t=\(now),v1=\(hex),v1=zz", ",,,=,",
            String(repeating: "t=1,", count: 50), "t=\(now),v0=\(hex)",
            StripeSignature.header(body: body, secret: StripeWebhookSecret("whsec_not_ours"), timestamp: Int64(now)),
        ]
        let pick = Int.random(in: 0...choices.count, using: &random)
        return pick == choices.count ? [] : [("Stripe-Signature", choices[pick])]
    }

    static func randomDiscordHeaders(_ random: inout SeededRandom) -> [(String, String)] {
        let signature = (0..<64).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        switch Int.random(in: 0...4, using: &random) {
        case 0: return []
        case 1: return [("X-Signature-Ed25519", signature)]
        case 2: return [("X-Signature-Timestamp", "1733200000")]
        case 3: return [("X-Signature-Ed25519", "not hex"), ("X-Signature-Timestamp", "")]
        default: return [("X-Signature-Ed25519", signature), ("X-Signature-Timestamp", String(Int.random(in: 0...Int.max, using: &random)))]
        }
    }
}
