import DiscordModels
import DiscordSandbox
import Foundation
import Testing

/// The built `gachabot` binary, run as a user would: clear messages and exit codes.
@Suite(.timeLimit(.minutes(1))) struct ExecutableTests {
    /// `swift build --build-tests` builds the executable beside the test bundle.
    static var binary: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [beside.appendingPathComponent("gachabot"), repository.appendingPathComponent(".build/debug/gachabot")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Outcome {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Outcome {
        let binary = try #require(binary, "build the executable first (swift build --build-tests)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DISCORD_TOKEN")
        env.merge(environment) { $1 }
        process.environment = env
        // A folder of its own: the default data folder (`data/`) is relative to it, and a shared one
        // would let another build's binary (a newer schema) break this one's run.
        let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: folder) } }
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `run` without blocking a thread of the test's executor while the child runs (the sandbox it
    /// talks to is served by this process); the output goes to a file, read after the exit.
    static func runInBackground(
        _ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Int = 30
    ) async throws -> Outcome {
        let binary = try #require(binary, "build the executable first (swift build --build-tests)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputFile = folder.appendingPathComponent("output.txt")
        try #require(FileManager.default.createFile(atPath: outputFile.path, contents: nil))
        let output = try FileHandle(forWritingTo: outputFile)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DISCORD_TOKEN")
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = folder
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Int32?.self) { group in
                group.addTask {
                    try await withCheckedThrowingContinuation { continuation in
                        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                        do {
                            try process.run()
                        } catch {
                            process.terminationHandler = nil
                            continuation.resume(throwing: error)
                        }
                    }
                }
                group.addTask {
                    // Only a guard against a hung child: the behaviour under test never waits on it.
                    try? await Task.sleep(for: .seconds(timeoutSeconds))
                    return nil
                }
                if let status = try await group.next() ?? nil {
                    group.cancelAll()
                    return status
                }
                process.terminate()
                _ = try await group.next()
                throw TimedOut(what: "gachabot \(arguments.joined(separator: " ")) still running after \(timeoutSeconds) s")
            }
        } onCancel: {
            process.terminate()
        }
        try output.close()
        return Outcome(status: status, output: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self))
    }

    /// `gachabot run` against the loopback Discord, which answers Identify with a fatal close code
    /// and resets the TCP connection right behind the close frame.
    static func runAgainstAFatalClose(_ configuration: SandboxConfiguration, fault: ConnectionStartFault?) async throws
        -> (Outcome, connections: Int)
    {
        try await withSandbox(configuration) { sandbox in
            if let fault { sandbox.injectOnNextConnection(fault) }
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-fatal-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: data) }
            let outcome = try await runInBackground(
                ["run", "--compression", "zlib-stream", "--data", data.path],
                environment: [
                    "DISCORD_TOKEN": "sandbox-token", "DISCORD_API_BASE": sandbox.restBaseURL, "DISCORD_GATEWAY_URL": sandbox.gatewayURL,
                ])
            return (outcome, sandbox.connections.count)
        }
    }

    @Test func aRejectedTokenClosedWith4004AndAResetEndsTheProcessWithItsMessage() async throws {
        let (outcome, connections) = try await Self.runAgainstAFatalClose(
            SandboxConfiguration(resetAfterClose: true), fault: .rejectIdentify(code: 4004))
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("4004 Authentication failed: Discord rejected the bot token"), "\(outcome.output)")
        #expect(!outcome.output.contains("sandbox-token"))
        #expect(connections == 1, "no reconnect after 4004: \(outcome.output)")
    }

    @Test func aDisallowedIntentClosedWith4014AndAResetEndsTheProcessNamingTheFix() async throws {
        let (outcome, connections) = try await Self.runAgainstAFatalClose(
            SandboxConfiguration(disallowedIntents: GatewayIntents.guilds.rawValue, resetAfterClose: true), fault: nil)
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("4014"), "\(outcome.output)")
        #expect(outcome.output.contains("Privileged Gateway Intents"), "\(outcome.output)")
        #expect(connections == 1, "no reconnect after 4014: \(outcome.output)")
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out: \(what)" }
    }

    @Test func runWithoutATokenSaysHowToGetOneAndFails() throws {
        let outcome = try Self.run(["run"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("No bot token. Set DISCORD_TOKEN or pass --token-file"), "\(outcome.output)")
    }

    @Test func anUnreadableTokenFileIsNamedButNeverPrinted() throws {
        let outcome = try Self.run(["run", "--token-file", "/nonexistent/token.txt"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("/nonexistent/token.txt"))
    }

    @Test func validateFindsTheRepositoryCommandsFromAnyDirectoryAndNamesBrokenFields() throws {
        let valid = try Self.run(["commands", "validate"])
        #expect(valid.status == 0, "\(valid.output)")
        #expect(valid.output.contains("command definitions"))

        let home = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Commands"), withIntermediateDirectories: true)
        try Data(#"{"name":"Bad Name","description":""}"#.utf8).write(to: home.appendingPathComponent("Commands/bad.json"))
        let invalid = try Self.run(["commands", "validate"], environment: ["GACHABOT_HOME": home.path])
        #expect(invalid.status == 1)
        #expect(invalid.output.contains("Commands/bad.json: name:"), "\(invalid.output)")
        #expect(invalid.output.contains("Commands/bad.json: description:"), "\(invalid.output)")
    }

    @Test func helpExplainsEverySubcommandAndTheEnvironment() throws {
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
        for word in [
            "run", "demo", "commands", "migrate", "DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "GACHABOT_HOME",
            "GACHABOT_EVENT_LOOPS", "GACHABOT_DATABASE_URL", "GACHABOT_DATA",
        ] {
            #expect(help.output.contains(word), "--help does not mention \(word)")
        }
    }

    @Test func anInvalidEventLoopCountIsRefusedBeforeAnythingStarts() throws {
        let flag = try Self.run(["run", "--event-loops", "0"], environment: ["DISCORD_TOKEN": "not-used"])
        #expect(flag.status != 0)
        #expect(flag.output.contains("--event-loops must be at least 1"), "\(flag.output)")
        let variable = try Self.run(["run"], environment: ["DISCORD_TOKEN": "not-used", "GACHABOT_EVENT_LOOPS": "many"])
        #expect(variable.status != 0)
        #expect(variable.output.contains("GACHABOT_EVENT_LOOPS must be a whole number"), "\(variable.output)")
        #expect(!variable.output.contains("not-used"))
    }

    @Test func migrateCreatesTheDatabaseInTheDataFolder() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let outcome = try Self.run(["migrate", "--data", data.path])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("gachabot.sqlite").path))
    }

    /// Every way a database can fail to open ends with one line naming it, never its password.
    @Test func aDatabaseThatCannotBeOpenedIsNamedWithoutItsPassword() throws {
        let refused = try Self.run(["migrate", "--database", "postgres://gachabot:s3cret-pw@127.0.0.1:1/gachabot?sslmode=disable"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("cannot open the database postgres://gachabot:***@127.0.0.1:1/gachabot"), "\(refused.output)")
        #expect(refused.output.contains("refused"), "\(refused.output)")
        #expect(!refused.output.contains("s3cret-pw"))

        let unknown = try Self.run(["migrate"], environment: ["GACHABOT_DATABASE_URL": "mysql://root:s3cret-pw@localhost/x"])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("invalid database URL: it must start with sqlite: or postgres://"), "\(unknown.output)")
        #expect(!unknown.output.contains("s3cret-pw"))
    }

    /// Against the test server: a wrong password is named as such, without either password, and
    /// migrating twice reports the same versions.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"] != nil))
    func migrateOnPostgreSQLNeverPrintsThePassword() throws {
        let url = try #require(ProcessInfo.processInfo.environment["GACHABOT_TEST_POSTGRES_URL"])
        let components = try #require(URLComponents(string: url))
        let password = try #require(components.password)
        for _ in 0..<2 {
            let migrated = try Self.run(["migrate", "--database", url])
            #expect(migrated.status == 0, "\(migrated.output)")
            #expect(migrated.output.contains("is at: v1_kernel_and_gacha"), "\(migrated.output)")
            #expect(!migrated.output.contains(password))
        }
        var wrong = components
        wrong.password = "not-the-password"
        let refused = try Self.run(["migrate", "--database", try #require(wrong.string)])
        #expect(refused.status == 1)
        #expect(refused.output.contains("password authentication failed"), "\(refused.output)")
        #expect(!refused.output.contains(password) && !refused.output.contains("not-the-password"))
    }
}
