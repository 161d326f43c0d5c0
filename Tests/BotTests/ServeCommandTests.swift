import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Premium
import Synchronization
import Testing

/// `gachabot serve` refuses bad configuration with one message that names the setting and never
/// the secret's value.
@Suite(.timeLimit(.minutes(1))) struct ServeCommandTests {
    @Test func aMalformedSecretIsNamedButNotShown() throws {
        let value = "not-a-stripe-key-4711"
        let outcome = try ExecutableTests.run(
            ["serve", "--database", "sqlite::memory-unused", "--port", "1"],
            environment: ["GACHABOT_STRIPE_SECRET_KEY": value])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("GACHABOT_STRIPE_SECRET_KEY is not a Stripe secret key"), "\(outcome.output)")
        #expect(!outcome.output.contains(value))
    }

    @Test func anUnreadableSecretFileIsNamed() throws {
        let outcome = try ExecutableTests.run(
            ["serve", "--port", "1"], environment: ["GACHABOT_STRIPE_WEBHOOK_SECRET_FILE": "/nonexistent/whsec.txt"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("GACHABOT_STRIPE_WEBHOOK_SECRET_FILE names /nonexistent/whsec.txt, which cannot be read"), "\(outcome.output)")
    }

    @Test func aPortOutOfRangeIsAUsageError() throws {
        let outcome = try ExecutableTests.run(["serve", "--port", "70000"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("--port must be between 1 and 65535"), "\(outcome.output)")
    }

    @Test func helpListsServeAndTheSecrets() throws {
        let outcome = try ExecutableTests.run(["--help"])
        #expect(outcome.status == 0)
        for text in ["serve", "GACHABOT_HTTP_PORT", "GACHABOT_STRIPE_WEBHOOK_SECRET", "GACHABOT_DISCORD_PUBLIC_KEY"] {
            #expect(outcome.output.contains(text), "\(text) missing from --help")
        }
    }
}

/// `gachabot serve` as an operator runs it: it listens where told, answers health and readiness
/// on a real SQLite file, refuses a forged webhook, and exits 0 on SIGTERM.
@Suite(.timeLimit(.minutes(1))) struct ServeCommandLifecycleTests {
    @Test func servesHealthAndReadinessThenStopsOnSIGTERM() async throws {
        let binary = try #require(ExecutableTests.binary, "build the executable first (swift build --build-tests)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A port that was free a moment ago.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()

        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--database", "sqlite:" + folder.appendingPathComponent("serve.sqlite").path, "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["GACHABOT_STRIPE_WEBHOOK_SECRET"] = "whsec_serve_test_secret"
        process.environment = environment
        let output = OutputWatcher()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        let exit = ExitWatcher()
        process.terminationHandler = { exit.finish($0.terminationStatus) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        await output.waitFor("HTTP server listening")
        let base = "http://127.0.0.1:\(port)"
        let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(10))
        #expect(health.status.code == 200)
        let ready = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/readyz"), timeout: .seconds(10))
        let readyText = String(buffer: try await ready.body.collect(upTo: 1 << 16))
        #expect(ready.status.code == 200, "\(readyText)")
        #expect(readyText.contains("database: ok"))
        var forged = HTTPClientRequest(url: base + "/webhooks/stripe")
        forged.method = .POST
        forged.headers.add(name: "Stripe-Signature", value: "t=\(Int(Date().timeIntervalSince1970)),v1=" + String(repeating: "0", count: 64))
        forged.body = .bytes(ByteBuffer(string: #"{"id":"evt_forged"}"#))
        #expect(try await HTTPClient.shared.execute(forged, timeout: .seconds(10)).status.code == 400)

        // Signed events reach the premium area's processor: applied once, a replay is a duplicate,
        // and a signed but malformed event is refused with 400 (Stripe stops retrying it).
        let now = Int64(Date().timeIntervalSince1970)
        let subscription = StripeEventBuilder.subscription(
            id: "sub_serve1", customer: "cus_serve1", status: "active", periodStart: now, periodEnd: now + 30 * 86_400,
            metadata: StripeEventBuilder.discordMetadata(user: 4242, guild: 77))
        let event = StripeEventBuilder.event(id: "evt_serve1", type: "customer.subscription.created", created: now, object: subscription)
        func deliver(_ body: Data) async throws -> (Int, String) {
            let delivery = StripeSignedDelivery(body: body, secret: StripeWebhookSecret("whsec_serve_test_secret"), timestamp: now)
            var request = HTTPClientRequest(url: base + "/webhooks/stripe")
            request.method = .POST
            request.headers.add(name: StripeSignedDelivery.signatureHeaderName, value: delivery.signatureHeader)
            request.body = .bytes(ByteBuffer(data: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
        }
        let first = try await deliver(event)
        #expect(first.0 == 200 && first.1.contains("applied"), "\(first)")
        let replay = try await deliver(event)
        #expect(replay.0 == 200 && replay.1.contains("duplicate"), "\(replay)")
        let malformed = try await deliver(Data(#"{"id":"evt_bad","object":"event","type":"invoice.paid"}"#.utf8))
        #expect(malformed.0 == 400, "\(malformed)")

        process.terminate()
        #expect(await exit.status() == 0, "\(output.text)")
        #expect(!output.text.contains("whsec_serve_test_secret"))
    }
}

/// The child's output so far, and a wait for a line to appear in it.
final class OutputWatcher: Sendable {
    private let state = Mutex<(text: String, waiters: [(String, CheckedContinuation<Void, Never>)])>(("", []))

    var text: String { state.withLock { $0.text } }

    func append(_ data: Data) {
        let ready = state.withLock { state in
            state.text += String(decoding: data, as: UTF8.self)
            let text = state.text
            let ready = state.waiters.filter { text.contains($0.0) }.map(\.1)
            state.waiters.removeAll { text.contains($0.0) }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    func waitFor(_ needle: String) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.text.contains(needle) { return true }
                state.waiters.append((needle, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }
}

/// The child's exit status, awaited.
final class ExitWatcher: Sendable {
    private let state = Mutex<(status: Int32?, waiter: CheckedContinuation<Int32, Never>?)>((nil, nil))

    func finish(_ status: Int32) {
        let waiter = state.withLock { state in
            state.status = status
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: status)
    }

    func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiter = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}
