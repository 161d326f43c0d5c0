import Foundation
import Premium
import Testing
import WebServer

@Suite struct StripeWebhookRouteTests {
    static let body = Array(#"{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"name":"Zoë"}}}"#.utf8)

    func handlers(_ processor: RecordingProcessor) -> WebServerHandlers {
        WebServerHandlers(stripeSecret: StripeSigning.secret, stripeEvents: processor.process)
    }

    @Test func aSignedEventReachesTheProcessorByteForByteAndGets200() async throws {
        let processor = RecordingProcessor()
        try await withServer(handlers(processor)) { _, base in
            let answer = try await send(
                .POST, base + "/webhooks/stripe", body: Self.body, headers: [("Stripe-Signature", StripeSigning.header(Self.body))])
            #expect(answer.status == 200)
            #expect(answer.text == "applied\n")
            #expect(processor.received == [Data(Self.body)])
        }
    }

    @Test func aDuplicateAndAnIgnoredTypeAnswer200() async throws {
        let processor = RecordingProcessor { body in
            String(decoding: body, as: UTF8.self).contains("evt_dup") ? .duplicate : .ignored
        }
        try await withServer(handlers(processor)) { _, base in
            for (id, expected) in [("evt_dup", "duplicate\n"), ("evt_other", "ignored\n")] {
                let body = Array(#"{"id":"\#(id)"}"#.utf8)
                let answer = try await send(
                    .POST, base + "/webhooks/stripe", body: body, headers: [("Stripe-Signature", StripeSigning.header(body))])
                #expect(answer.status == 200)
                #expect(answer.text == expected)
            }
        }
    }

    @Test(arguments: [
        ("missing", nil as String?),
        ("no timestamp", "v1=abcd"),
        ("no v1", "t=TIME,v0=abcd"),
        ("wrong secret", "WRONG"),
        ("stale", "STALE"),
        ("tampered", "TAMPERED"),
    ])
    func aBadSignatureIs400AndAppliesNothing(_ label: String, _ template: String?) async throws {
        let processor = RecordingProcessor()
        let now = Date()
        var headers: [(String, String)] = []
        if let template {
            let value: String
            switch template {
            case "WRONG": value = StripeSigning.header(Self.body, at: now, secret: StripeWebhookSecret("whsec_other"))
            case "STALE": value = StripeSigning.header(Self.body, at: now.addingTimeInterval(-301))
            case "TAMPERED": value = StripeSigning.header(Self.body + Array(" ".utf8), at: now)
            default: value = template.replacingOccurrences(of: "TIME", with: String(Int(now.timeIntervalSince1970)))
            }
            headers.append(("Stripe-Signature", value))
        }
        try await withServer(handlers(processor), now: { now }) { _, base in
            let answer = try await send(.POST, base + "/webhooks/stripe", body: Self.body, headers: headers)
            #expect(answer.status == 400, "\(label)")
            #expect(answer.text.hasPrefix("signature verification failed"))
            #expect(processor.received.isEmpty)
        }
    }

    @Test func aRefusalIsLoggedOnceWithoutTheBodyOrTheSignature() async throws {
        let processor = RecordingProcessor()
        let logs = LogRecorder()
        let body = Array(#"{"id":"evt_marker","secret_marker":"BODY-MARKER-7731"}"#.utf8)
        let forged = "t=\(Int(Date().timeIntervalSince1970)),v1=" + String(repeating: "ab", count: 32)
        try await withServer(handlers(processor), logger: logs.logger) { _, base in
            let answer = try await send(.POST, base + "/webhooks/stripe", body: body, headers: [("Stripe-Signature", forged)])
            #expect(answer.status == 400)
        }
        let refusals = logs.all.filter { $0.text.contains("refused a Stripe webhook") }
        #expect(refusals.count == 1)
        #expect(refusals.first?.text.contains("no v1 signature matches") == true)
        for record in logs.all {
            #expect(!record.text.contains("BODY-MARKER-7731"))
            #expect(!record.text.contains(String(repeating: "ab", count: 32)))
            #expect(!record.text.contains("whsec_test_server_secret_123"))
        }
    }

    @Test func aBodyOverTheCapIs413AndAppliesNothing() async throws {
        let processor = RecordingProcessor()
        try await withServer(handlers(processor), maximumBodyBytes: 1024) { _, base in
            let big = Array(repeating: UInt8(ascii: "x"), count: 1025)
            let answer = try await send(
                .POST, base + "/webhooks/stripe", body: big, headers: [("Stripe-Signature", StripeSigning.header(big))])
            #expect(answer.status == 413)
            let exact = Array(repeating: UInt8(ascii: "y"), count: 1024)
            let accepted = try await send(
                .POST, base + "/webhooks/stripe", body: exact, headers: [("Stripe-Signature", StripeSigning.header(exact))])
            #expect(accepted.status == 200)
            #expect(processor.received == [Data(exact)])
        }
    }

    @Test func aFailingProcessorGets500SoStripeRetries() async throws {
        struct Boom: Error {}
        let processor = RecordingProcessor { _ in throw Boom() }
        try await withServer(handlers(processor)) { _, base in
            let answer = try await send(
                .POST, base + "/webhooks/stripe", body: Self.body, headers: [("Stripe-Signature", StripeSigning.header(Self.body))])
            #expect(answer.status == 500)
        }
    }

    @Test func anUnconfiguredRouteIs503() async throws {
        try await withServer(WebServerHandlers()) { _, base in
            let answer = try await send(
                .POST, base + "/webhooks/stripe", body: Self.body, headers: [("Stripe-Signature", StripeSigning.header(Self.body))])
            #expect(answer.status == 503)
            #expect(try await send(.POST, base + "/webhooks/discord", body: Self.body).status == 503)
        }
    }
}
