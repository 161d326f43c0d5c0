import BotHarness
import DiscordGateway
import DiscordModels
import DiscordSandbox
import Foundation
import Logging
import Synchronization
import Testing

@testable import Bot

/// The process-level promises of `gachabot run`: clear fatal errors, no token in any log line,
/// a graceful stop that keeps the session resumable.
@Suite(.timeLimit(.minutes(2))) struct RuntimeLifecycleTests {
    static let secret = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxAbCd.super-secret-token-value-42"

    @Test func rejectedTokenEndsWithAClearErrorThatNeverNamesTheToken() async throws {
        let wrong = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.Wrong1.not-the-right-token"
        var options = SandboxBot.Options(token: Self.secret)
        options.botToken = BotToken(wrong)
        let error = await #expect(throws: (any Error).self) {
            try await SandboxBot.run(options) { _ in }
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("rejected the bot token"), "\(text)")
        #expect(!text.contains(wrong) && !text.contains(Self.secret))
    }

    @Test func disallowedIntentStopsTheShardNamingTheFix() async throws {
        let options = SandboxBot.Options(disallowedIntents: GatewayIntents.guilds.rawValue)
        let error = await #expect(throws: ShardFatalError.self) {
            try await SandboxBot.run(options) { _ in }
        }
        let fatal = try #require(error)
        #expect(fatal.closeCode == 4014)
        #expect(fatal.description.contains("Privileged Gateway Intents"), "\(fatal.description)")
    }

    @Test func tokenNeverReachesALogLine() async throws {
        let lines = CapturedLines()
        var logger = Logger(label: "gachabot.test") { _ in CapturingLogHandler(lines: lines) }
        logger.logLevel = .trace
        let options = SandboxBot.Options(token: Self.secret, logger: logger)
        try await SandboxBot.run(options) { bot in
            let member = bot.member()
            try await member.command("status")
            // Faults make every layer log: a 429 with bucket headers, a 500 retried, an unknown command.
            bot.sandbox.inject(RESTFault.rateLimited(retryAfter: 0.02), count: 1)
            try await member.command("rates")
            bot.sandbox.inject(RESTFault.serverError(status: 500), count: 1)
            try await member.command("roll")
            try await member.command("no-such-command")
        }
        let captured = lines.all
        #expect(captured.count > 10, "the scenario should have logged (got \(captured.count) lines)")
        let leaks = captured.filter { $0.contains(Self.secret) || $0.contains("super-secret") }
        #expect(leaks.isEmpty, "token in log lines: \(leaks)")
    }

    @Test func gracefulStopClosesResumablyAndSavesTheSession() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-stop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = try await SandboxBot.run(SandboxBot.Options(dataDirectory: folder)) { bot in
            try await bot.member().command("status")
            return bot.sandbox
        }
        let clientCloses = sandbox.closes.filter { $0.origin == .client }
        #expect(clientCloses.map(\.code) == [4000], "the bot must close with a resumable code, not 1000/1001")
        let saved = try Data(contentsOf: folder.appendingPathComponent("sessions.json"))
        #expect(String(decoding: saved, as: UTF8.self).contains("sandbox-session"))
    }
}

final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let lines: CapturedLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(merged) \(event.error.map { "\($0)" } ?? "")")
    }
}
