import Clocks
import Foundation
import Logging
import ModelAPI
import ModelSandbox
import Talk
import Testing

/// Each provider fault the loopback model can play, against the client's rules; waits on a
/// `ManualClock`, so no test sleeps.
@Suite(.timeLimit(.minutes(1))) struct ModelFaultTests {
    @Test func aRateLimitWaitsWhatRetryAfterMsSays() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.rateLimited(retryAfterMilliseconds: 1_500, retryAfterSeconds: 7))
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            let completion = try result.get()
            #expect(!completion.text.isEmpty)
            #expect(waits == [.milliseconds(1_500)], "retry-after-ms wins over retry-after")
            #expect(sandbox.chatRequests.map(\.status) == [429, 200])
        }
    }

    @Test func aRateLimitWithOnlyRetryAfterWaitsThoseSeconds() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.rateLimited(retryAfterSeconds: 3))
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            _ = try result.get()
            #expect(waits == [.seconds(3)])
        }
    }

    @Test func aRateLimitThatLastsRunsOutOfRetries() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.rateLimited(), times: 3)
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            #expect(throws: ChatModelError.rateLimited(retryAfter: nil)) { try result.get() }
            #expect(sandbox.chatRequests.count == 3, "the first try and two retries")
            // No header: the jittered backoff, 0.5 s then 1 s, each scaled into [0.75, 1].
            #expect(waits.count == 2)
            #expect(waits[0] >= .milliseconds(375) && waits[0] <= .milliseconds(500))
            #expect(waits[1] >= .milliseconds(750) && waits[1] <= .seconds(1))
        }
    }

    @Test func aRetryAfterBeyondTheLimitIsNotWaitedFor() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.rateLimited(retryAfterSeconds: 600))
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            #expect(throws: ChatModelError.rateLimited(retryAfter: .seconds(600))) { try result.get() }
            #expect(waits.isEmpty)
            #expect(sandbox.chatRequests.count == 1)
        }
    }

    @Test func insufficientQuotaIsNotRetriedAndTellsTheOperatorOnce() async throws {
        let clock = ManualClock()
        let logs = CapturedLogs()
        try await withModelSandbox(modelClock: clock, logger: logs.logger()) { sandbox, model in
            sandbox.inject(.insufficientQuota)
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            #expect(throws: ChatModelError.insufficientQuota) { try result.get() }
            #expect(waits.isEmpty)
            #expect(sandbox.chatRequests.count == 1)
            let operatorLines = logs.all.filter { $0.contains("insufficient_quota") }
            #expect(operatorLines.count == 1)
            #expect(operatorLines.first?.hasPrefix("error") == true)
            #expect(operatorLines.first?.contains("add credit") == true)
        }
    }

    @Test func serverErrorsAreRetriedTwiceAtMost() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.serverError(status: 503), times: 3)
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            #expect(throws: ChatModelError.unavailable(status: 503)) { try result.get() }
            #expect(sandbox.chatRequests.map(\.status) == [503, 503, 503])
            #expect(waits.count == 2)
            #expect(waits[0] >= .milliseconds(375) && waits[0] <= .milliseconds(500))
            #expect(waits[1] >= .milliseconds(750) && waits[1] <= .seconds(1))
        }
    }

    @Test func aServerErrorThenATimeoutThenAReply() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.serverError(status: 500))
            sandbox.inject(.requestTimeout)
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            let completion = try result.get()
            #expect(completion.text == sandbox.expectedReply(to: sampleMessages()))
            #expect(sandbox.chatRequests.map(\.status) == [500, 408, 200])
            #expect(waits.count == 2)
        }
    }

    @Test func requestTimeoutsAlsoStopAfterTwoRetries() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.requestTimeout, times: 5)
            let (result, _) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            #expect(throws: ChatModelError.unavailable(status: 408)) { try result.get() }
            #expect(sandbox.chatRequests.count == 3)
            #expect(sandbox.pendingFaults.count == 2)
        }
    }

    @Test func aStreamThatBreaksKeepsWhatArrivedWithUsageEstimated() async throws {
        let sandboxClock = ManualClock()
        try await withModelSandbox(sandboxClock: sandboxClock) { sandbox, model in
            // The close waits until three pieces have reached the caller, so all three arrived.
            sandbox.inject(.brokenStream(afterChunks: 3, after: .seconds(1)))
            let messages = sampleMessages()
            let pieces = Pieces()
            let threePieces = Latch()
            let call = Task {
                try await model.complete(ChatRequest(messages: messages)) { piece in
                    pieces.append(piece)
                    if pieces.all.count == 3 { threePieces.open() }
                }
            }
            await threePieces.wait()
            await sandboxClock.waitForSleepers(1)
            sandboxClock.advance(by: .seconds(1))
            let completion = try await call.value
            let expected = String(sandbox.expectedReply(to: messages).prefix(12))
            #expect(completion.text == expected)
            #expect(pieces.all == ["Pell", " Ash", "grov"])
            #expect(completion.interrupted)
            #expect(completion.finishReason == nil)
            let estimator = TokenEstimator()
            #expect(completion.usage == ChatUsage(promptTokens: estimator.tokens(in: messages), completionTokens: estimator.tokens(in: expected), estimated: true))
            #expect(sandbox.chatRequests.count == 1, "text already shown is not asked for again")
        }
    }

    @Test func aStreamThatBreaksBeforeAnyTextIsRetried() async throws {
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock) { sandbox, model in
            sandbox.inject(.brokenStream(afterChunks: 0))
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            let completion = try result.get()
            #expect(!completion.interrupted && !completion.usage.estimated)
            #expect(sandbox.chatRequests.count == 2)
            #expect(waits.count == 1)
        }
    }

    @Test func aMissingUsageChunkIsEstimatedAndFlagged() async throws {
        try await withModelSandbox { sandbox, model in
            sandbox.inject(.missingUsage)
            let messages = sampleMessages()
            let completion = try await model.complete(ChatRequest(messages: messages))
            let expected = sandbox.expectedReply(to: messages)
            #expect(completion.text == expected)
            #expect(!completion.interrupted)
            #expect(completion.finishReason == "stop")
            let estimator = TokenEstimator()
            #expect(completion.usage == ChatUsage(promptTokens: estimator.tokens(in: messages), completionTokens: estimator.tokens(in: expected), estimated: true))
        }
    }

    @Test func aSlowFirstTokenIsWaitedForAndTimed() async throws {
        let clock = ManualClock()
        try await withModelSandbox(sandboxClock: clock, modelClock: clock) { sandbox, model in
            sandbox.inject(.slowFirstToken(.seconds(4)))
            // Two sleepers: the call's total timeout and the sandbox's delay.
            let (result, waits) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            let completion = try result.get()
            #expect(waits == [.seconds(4)])
            #expect(completion.timeToFirstText == .seconds(4))
            #expect(completion.totalTime == .seconds(4))
            #expect(completion.text == sandbox.expectedReply(to: sampleMessages()))
        }
    }

    @Test func theTotalTimeoutEndsACallThatGetsNoText() async throws {
        let modelClock = ManualClock()
        let sandboxClock = ManualClock()
        try await withModelSandbox(sandboxClock: sandboxClock, modelClock: modelClock, adjust: { $0.totalTimeout = .seconds(20) }) { sandbox, model in
            sandbox.inject(.slowFirstToken(.seconds(3_600)))
            let call = Task { try await model.complete(ChatRequest(messages: sampleMessages())) }
            // The sandbox holds the first token; the call waits on its total timeout.
            await sandboxClock.waitForSleepers(1)
            await modelClock.waitForSleepers(1)
            #expect(modelClock.nextDeadline == modelClock.now.advanced(by: .seconds(20)))
            modelClock.advance(by: .seconds(20))
            await #expect(throws: ChatModelError.timedOut(.total)) { try await call.value }
            #expect(sandbox.chatRequests.count == 1, "a timed-out call is not retried")
            // Let the sandbox's held answer end so it can shut down.
            sandboxClock.advance(by: .seconds(3_600))
        }
    }

    @Test func theTotalTimeoutMidReplyKeepsWhatArrived() async throws {
        let modelClock = ManualClock()
        let sandboxClock = ManualClock()
        try await withModelSandbox(sandboxClock: sandboxClock, modelClock: modelClock, adjust: { $0.totalTimeout = .seconds(20) }) { sandbox, model in
            sandbox.inject(.stall(afterChunks: 2, for: .seconds(3_600)))
            let pieces = Pieces()
            let twoPieces = Latch()
            let call = Task {
                try await model.complete(ChatRequest(messages: sampleMessages())) { piece in
                    pieces.append(piece)
                    if pieces.all.count == 2 { twoPieces.open() }
                }
            }
            // The sandbox stalls after two pieces, and both have reached the caller.
            await sandboxClock.waitForSleepers(1)
            await twoPieces.wait()
            await modelClock.waitForSleepers(1)
            modelClock.advance(by: .seconds(20))
            let completion = try await call.value
            #expect(completion.text == "Pell Ash")
            #expect(pieces.all == ["Pell", " Ash"])
            #expect(completion.interrupted)
            #expect(completion.usage.estimated)
            #expect(completion.usage.completionTokens == TokenEstimator().tokens(in: "Pell Ash"))
            #expect(completion.totalTime == .seconds(20))
            sandboxClock.advance(by: .seconds(3_600))
        }
    }

    @Test func theConnectTimeoutEndsACallToAClosedPort() async throws {
        // A port bound but never listened on: connections are refused, and no other test's
        // server can take it meanwhile.
        let (socket, port) = try #require(Self.boundUnlistenedPort())
        defer { close(socket) }
        let configuration = ModelProviderConfiguration(
            baseURL: "http://127.0.0.1:\(port)/v1", apiKey: ModelAPIKey("sk-closed-port-key"), connectTimeout: .milliseconds(300),
            totalTimeout: .seconds(120))
        let model = OpenAIChatModel(configuration: configuration, logger: quietLogger())
        let started = ContinuousClock.now
        await #expect(throws: ChatModelError.timedOut(.connect)) { try await model.complete(ChatRequest(messages: sampleMessages())) }
        // Far below the total timeout, whatever else the machine is running (a loaded CI machine
        // once took 10.5 s to give up on a 300 ms connect timeout).
        #expect(ContinuousClock.now - started < .seconds(60), "ended by the connect timeout, not the total one")
        try await model.shutdown()
    }

    @Test func theKeyAppearsInNoErrorAndNoLogLine() async throws {
        let key = "sk-wrong-key-8e1f0c9d2b7a"
        let logs = CapturedLogs()
        let clock = ManualClock()
        try await withModelSandbox(modelClock: clock, logger: logs.logger(), adjust: { $0.apiKey = ModelAPIKey(key) }) { sandbox, model in
            // The sandbox's 401 echoes the key it was given, as a careless provider might.
            let (refused, _) = await drive(clock) { try await model.complete(ChatRequest(messages: sampleMessages())) }
            let error = try #require(refused.failure)
            #expect(error as? ChatModelError == .unauthorized(status: 401))
            #expect(sandbox.chatRequests.count == 1, "a refused key is not retried")
            for text in ["\(error)", String(reflecting: error), "\(model.configuration)", "\(ModelAPIKey(key))"] {
                #expect(!text.contains(key))
                #expect(!text.contains("8e1f0c9d2b7a"))
            }
            #expect(!logs.all.isEmpty, "the client logged at trace")
            for line in logs.all { #expect(!line.contains("8e1f0c9d2b7a"), "\(line)") }
        }
    }
}

extension ModelFaultTests {
    /// A TCP socket bound to a free port on 127.0.0.1 without `listen`.
    static func boundUnlistenedPort() -> (socket: Int32, port: Int)? {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else {
            close(socket)
            return nil
        }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
