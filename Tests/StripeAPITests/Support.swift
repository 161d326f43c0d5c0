import AsyncHTTPClient
import Clocks
import Foundation
import Logging
import ServiceLifecycle
import StripeAPI
import StripeSandbox
import Testing

/// Runs a loopback Stripe for the length of `body` and hands it a client pointed at it.
func withSandbox(
    configuration: StripeSandboxConfiguration = .init(), clock: any Clock<Duration> = ContinuousClock(),
    retry: StripeRetryPolicy = .init(), key: String? = nil,
    _ body: (StripeSandbox, StripeClient) async throws -> Void
) async throws {
    var logger = Logger(label: "test.stripe-sandbox")
    logger.logLevel = .error
    let sandbox = StripeSandbox(configuration: configuration, logger: logger)
    let group = ServiceGroup(services: [sandbox], logger: Logger(label: "test.stripe-sandbox"))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let base = try #require(await sandbox.baseURL())
        let client = StripeClient(
            key: StripeSecretKey(key ?? configuration.apiKey), configuration: .init(baseURL: base, retry: retry), clock: clock,
            random: SeededRandomSource(seed: 42), logger: logger)
        do {
            try await body(sandbox, client)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// The Python with Stripe's SDK that `scripts/test` installs, if named in GACHABOT_TEST_PYTHON.
enum IndependentPython {
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
