import Foundation
import StripeAPI
import StripeSandbox
import Testing

/// The sandbox's `Stripe-Signature` checked by Stripe's own Python SDK (`scripts/test` installs
/// it into a virtual environment named in GACHABOT_TEST_PYTHON).
@Suite(.enabled(if: SandboxPython.interpreter != nil, "no Python with stripe>=16.1 (scripts/test installs it)"))
struct IndependentSignatureTests {
    @Test func stripesSDKAcceptsTheSandboxSignature() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            let event = try #require(try rig.sandbox.completeCheckout(session.id).last)
            let header = rig.sandbox.signatureHeader(for: event)
            let script = """
                import sys, stripe
                payload = sys.stdin.buffer.read().decode("utf-8")
                try:
                    stripe.WebhookSignature.verify_header(payload, sys.argv[2], sys.argv[1], tolerance=300)
                    print("valid")
                except stripe.SignatureVerificationError:
                    print("invalid")
                """
            let secret = "whsec_rig_secret_5150"
            let payload = String(decoding: event.payload, as: UTF8.self)
            let verdict = try SandboxPython.run(script, arguments: [secret, header], input: payload)
            #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "valid")
            let forged = try SandboxPython.run(script, arguments: ["whsec_other", header], input: payload)
            #expect(forged.trimmingCharacters(in: .whitespacesAndNewlines) == "invalid")
        }
    }
}

enum SandboxPython {
    static let interpreter: String? = {
        guard let python = ProcessInfo.processInfo.environment["GACHABOT_TEST_PYTHON"] else { return nil }
        let probe = try? run(python: python, "import stripe; print('ok')", arguments: [], input: "")
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
