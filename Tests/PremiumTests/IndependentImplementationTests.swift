import Crypto
import Foundation
import Premium
import Testing

/// Our verifiers against independent implementations: Stripe's official Python SDK
/// (`stripe.WebhookSignature`) and the `cryptography` package's Ed25519. `scripts/test` puts both
/// in a virtual environment and names its interpreter in `GACHABOT_TEST_PYTHON`; with `CI=true`
/// they must be there.
@Suite(.enabled(if: IndependentPython.interpreter != nil, "no Python with stripe>=16.1 and cryptography (scripts/test installs them)"))
struct IndependentImplementationTests {
    static let secret = "whsec_cross_check_9f8e7d"

    @Test func stripesSDKSignsWhatWeAcceptAndAcceptsWhatWeSign() throws {
        let body = #"{"id":"evt_cross","type":"checkout.session.completed","data":{"object":{"name":"Zoë ✨"}}}"#
        let now = Int64(Date().timeIntervalSince1970)
        let theirs = try IndependentPython.run(
            """
            import sys, stripe
            print(stripe.WebhookSignature.generate_signature_header(sys.stdin.read(), sys.argv[1], timestamp=int(sys.argv[2])))
            """, arguments: [Self.secret, String(now)], input: body)
        let accepted = try StripeSignature.verify(
            body: Data(body.utf8), header: theirs.trimmingCharacters(in: .whitespacesAndNewlines),
            secret: StripeWebhookSecret(Self.secret), now: Date(timeIntervalSince1970: Double(now)))
        #expect(accepted == now)

        let ours = StripeSignature.header(body: Data(body.utf8), secret: StripeWebhookSecret(Self.secret), timestamp: now)
        let verdict = try IndependentPython.run(
            """
            import sys, stripe
            try:
                stripe.WebhookSignature.verify_header(sys.stdin.read(), sys.argv[2], sys.argv[1], tolerance=300)
                print("valid")
            except stripe.SignatureVerificationError as error:
                print("invalid")
            """, arguments: [Self.secret, ours], input: body)
        #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "valid")
        let tampered = try IndependentPython.run(
            """
            import sys, stripe
            try:
                stripe.WebhookSignature.verify_header(sys.stdin.read() + " ", sys.argv[2], sys.argv[1], tolerance=300)
                print("valid")
            except stripe.SignatureVerificationError as error:
                print("invalid")
            """, arguments: [Self.secret, ours], input: body)
        #expect(tampered.trimmingCharacters(in: .whitespacesAndNewlines) == "invalid")
    }

    @Test func discordSignaturesMadeByAnotherEd25519ImplementationVerify() throws {
        let body = #"{"type":1,"id":"123","application_id":"456"}"#
        let output = try IndependentPython.run(
            """
            import sys
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            from cryptography.hazmat.primitives import serialization
            key = Ed25519PrivateKey.generate()
            public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
            timestamp = "1764000000"
            print(public, timestamp, key.sign((timestamp + sys.stdin.read()).encode()).hex())
            """, arguments: [], input: body)
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(parts.count == 3)
        let verifier = try #require(DiscordWebhookSignature(publicKeyHex: parts[0]))
        #expect(verifier.isValid(body: Data(body.utf8), signatureHex: parts[2], timestamp: parts[1]))
        #expect(!verifier.isValid(body: Data((body + " ").utf8), signatureHex: parts[2], timestamp: parts[1]))
        #expect(!verifier.isValid(body: Data(body.utf8), signatureHex: parts[2], timestamp: "1764000001"))
        #expect(!verifier.isValid(body: Data(body.utf8), signatureHex: nil, timestamp: parts[1]))
        #expect(!verifier.isValid(body: Data(body.utf8), signatureHex: "zz", timestamp: parts[1]))
    }
}

/// CI must run the cross-checks, never skip them.
@Test func independentImplementationsArePresentWhenRunningInCI() {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        #expect(IndependentPython.interpreter != nil, "CI=true but no Python with stripe and cryptography: see scripts/test")
    }
}

enum IndependentPython {
    /// `GACHABOT_TEST_PYTHON` when it imports both packages.
    static let interpreter: String? = {
        guard let python = ProcessInfo.processInfo.environment["GACHABOT_TEST_PYTHON"] else { return nil }
        let probe = try? run(python: python, "import stripe, cryptography; print('ok')", arguments: [], input: "")
        return probe?.hasPrefix("ok") == true ? python : nil
    }()

    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let output: String
        var description: String { "python exited \(status): \(output)" }
    }

    static func run(_ script: String, arguments: [String], input: String) throws -> String {
        try run(python: try #require(interpreter), script, arguments: arguments, input: input)
    }

    static func run(python: String, _ script: String, arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus, output: output) }
        return output
    }
}
