import Foundation
import ModelSandbox
import Talk
import Testing

/// `gachabot talk` on the built binary against the loopback model.
@Suite(.timeLimit(.minutes(1))) struct TalkCommandTests {
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
        var errors: String
    }

    /// Runs the binary without blocking the test's executor (the sandbox it calls is served by
    /// this process); outputs go to files read after the exit.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Outcome {
        let binary = try #require(binary, "build the executable first (swift build --build-tests)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-talk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outFile = folder.appendingPathComponent("out.txt")
        let errFile = folder.appendingPathComponent("err.txt")
        try #require(FileManager.default.createFile(atPath: outFile.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: errFile.path, contents: nil))
        let out = try FileHandle(forWritingTo: outFile)
        let err = try FileHandle(forWritingTo: errFile)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GACHABOT_MODEL") }
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = folder
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            process.terminate()
        }
        try out.close()
        try err.close()
        return Outcome(
            status: status, output: String(decoding: try Data(contentsOf: outFile), as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: errFile), as: UTF8.self))
    }

    @Test func oneTurnStreamsTheReplyAndPrintsItsUsage() async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            let key = try #require(sandbox.configuration.apiKey)
            let outcome = try await Self.run(
                ["talk", "--character", "Pell Ashgrove", "--message", "Which bridge creaks?", "--model-url", base],
                environment: ["GACHABOT_MODEL_API_KEY": key, "GACHABOT_MODEL": "sandbox-chat", "LOG_LEVEL": "trace"])
            #expect(outcome.status == 0, "\(outcome.errors)")
            let request = try #require(sandbox.chatRequests.first)
            #expect(request.systemText.contains("Pell Ashgrove"))
            #expect(request.systemText.contains("knows every canal bridge by its creak"), "the description is in the persona")
            #expect(request.systemText.contains("smells faintly of lamp oil"), "the persona line too")
            #expect(request.messages.last == .user("Which bridge creaks?"))
            let reply = try #require(request.reply)
            #expect(reply.hasPrefix("Pell Ashgrove: Which bridge creaks?"))
            #expect(outcome.output.contains(reply))
            let usage = TokenEstimator()
            let prompt = usage.tokens(in: request.messages)
            let completion = usage.tokens(in: reply)
            #expect(outcome.output.contains("usage: \(prompt) prompt + \(completion) completion = \(prompt + completion) tokens (reported by the provider)"))
            #expect(outcome.output.contains("first text after"))
            #expect(!(outcome.output + outcome.errors).contains(key), "the key is never printed, even at trace")
        }
    }

    @Test func usageTheProviderDidNotSendIsReportedAsEstimated() async throws {
        let sandbox = ModelSandbox(configuration: .init(apiKey: nil), logger: quietLogger())
        try await withRunning(sandbox) { base in
            sandbox.inject(.missingUsage)
            let outcome = try await Self.run(["talk", "--character", "tobin-wick", "--message", "hello"], environment: ["GACHABOT_MODEL_URL": base])
            #expect(outcome.status == 0, "\(outcome.errors)")
            let reply = try #require(sandbox.chatRequests.first?.reply)
            #expect(outcome.output.hasPrefix("Tobin Wick (gpt-4o-mini at \(base)):\n\(reply)\nusage: "))
            #expect(outcome.output.contains("(estimated: the provider reported none)"))
            #expect(outcome.output.contains("finish: stop"))
        }
    }

    @Test func withoutAModelTheErrorNamesTheVariables() async throws {
        let outcome = try await Self.run(["talk", "--character", "pell-ashgrove", "--message", "hi"], environment: [:])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("GACHABOT_MODEL_URL"))
        #expect(outcome.errors.contains("GACHABOT_MODEL_API_KEY"))
    }

    @Test func anUnknownCharacterIsNamed() async throws {
        let outcome = try await Self.run(
            ["talk", "--character", "Nobody Atall", "--message", "hi"], environment: ["GACHABOT_MODEL_URL": "http://127.0.0.1:9/v1"])
        #expect(outcome.status != 0)
        #expect(outcome.errors.contains("No character \"Nobody Atall\""))
    }

    @Test func aRefusalIsOneClearLine() async throws {
        let sandbox = ModelSandbox(logger: quietLogger())
        try await withRunning(sandbox) { base in
            sandbox.inject(.insufficientQuota)
            let outcome = try await Self.run(
                ["talk", "--character", "pell-ashgrove", "--message", "hi", "--model-url", base],
                environment: ["GACHABOT_MODEL_API_KEY": "sk-sandbox-0123456789abcdef"])
            #expect(outcome.status == 1)
            #expect(outcome.errors.contains("gachabot talk: the model provider account has no quota left"))
            #expect(sandbox.chatRequests.count == 1)
        }
    }
}
