import BotHarness
import DiscordModels
import DiscordSandbox
import Foundation
import Logging
import ModelAPI
import ModelSandbox
import ServiceLifecycle
import Storage
import Talk
import Testing

@testable import Bot

/// `/talk` through both loopbacks: the loopback Discord and the loopback OpenAI-compatible model
/// (`ModelSandbox`, over real HTTP with `OpenAIChatModel`, SSE and all). The persona in every
/// request the model received, each provider fault as the member sees it, and the ledger against
/// the usage the model reported.
@Suite(.timeLimit(.minutes(3)))
struct TalkLoopbackModelTests {
    static let character = "pell-ashgrove"

    /// Runs the loopback model and a bot talking to it (retries quick, so faults play fast).
    static func run(
        settings: TalkSettings = TalkSettings(messagesPerWindow: 100), store: (any BotStore)? = nil,
        _ body: @escaping @Sendable (SandboxBot, ModelSandbox) async throws -> Void
    ) async throws {
        var logger = Logger(label: "model-sandbox")
        logger.logLevel = .error
        let sandbox = ModelSandbox(logger: logger)
        let group = ServiceGroup(services: [sandbox], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let base = try #require(await sandbox.baseURL())
            let model = OpenAIChatModel(
                configuration: ModelProviderConfiguration(
                    baseURL: base, apiKey: sandbox.configuration.apiKey.map(ModelAPIKey.init), model: "sandbox-chat",
                    maxTokensField: .maxTokens, retry: ModelRetryPolicy(maximumRetries: 2, initialDelay: .milliseconds(5))),
                logger: logger)
            do {
                var options = SandboxBot.Options.talk(model: model, settings: settings, store: store)
                options.talk?.modelName = "sandbox-chat"
                try await SandboxBot.run(options) { bot in try await body(bot, sandbox) }
            } catch {
                try? await model.shutdown()
                throw error
            }
            try await model.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func thePersonaIsInEveryRequestAndTheLedgerEqualsTheReportedUsage() async throws {
        try await forEachDatabase { store in
            try await Self.run(store: store) { bot, model in
                try await bot.give([Self.character])
                let member = bot.member()
                for line in ["Good evening.", "Which bridge creaks the loudest?", "And the quietest?"] {
                    let reply = try await bot.talkReply(of: try await member.say(line, to: Self.character))
                    #expect(reply.contains("**Pell Ashgrove:** Pell Ashgrove: \(line)"), "\(reply)")
                }
                let requests = model.chatRequests
                #expect(requests.count == 3)
                for request in requests {
                    #expect(request.systemText.contains("A lamplighter's apprentice who knows every canal bridge"), "the persona is re-sent")
                    #expect(request.stream && request.includeUsage)
                }
                let totals = try await bot.talkStore.readTalk { try await $0.modelCallTotals(.player(bot.defaultPlayer)) }
                let calls = try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 10) }
                #expect(calls.allSatisfy { !$0.usageEstimated && $0.outcome == .completed && $0.model == "sandbox-chat" })
                // What the model reported is what it counted for each request (TokenEstimator on both sides).
                let estimator = TokenEstimator()
                let prompt = requests.map { Int64(estimator.tokens(in: $0.messages)) }.reduce(0, +)
                let completion = requests.compactMap(\.reply).map { Int64(estimator.tokens(in: $0)) }.reduce(0, +)
                #expect(totals.calls == 3 && totals.promptTokens == prompt && totals.completionTokens == completion)
                #expect(totals.costMicros == calls.map(\.costMicros).reduce(0, +) && totals.costMicros > 0)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func eachProviderFaultAsTheMemberSeesIt() async throws {
        try await Self.run { bot, model in
            try await bot.give([Self.character])
            let member = bot.member()

            // Retried and answered: a 429 rate limit and a 503, once each.
            model.inject(.rateLimited(retryAfterMilliseconds: 5))
            model.inject(.serverError(status: 503))
            let retried = try await bot.talkReply(of: try await member.say("One", to: Self.character))
            #expect(retried.contains("Pell Ashgrove: One"), "\(retried)")

            // Still failing after the retries: a private apology without internals.
            model.inject(.serverError(status: 502), times: 3)
            let failed = try await member.say("Two", to: Self.character)
            let failure = try await bot.nextFollowUp(of: failed)
            #expect(failure.flags?.contains(.ephemeral) == true)
            #expect(failure.content?.contains("couldn't answer just now") == true && failure.content?.contains("502") == false)

            model.inject(.insufficientQuota)
            let quota = try await bot.nextFollowUp(of: try await member.say("Three", to: Self.character))
            #expect(quota.content?.contains("the bot's operator has been told") == true, "\(quota.content ?? "")")

            // A stream that breaks keeps what arrived; its usage is estimated.
            model.inject(.brokenStream(afterChunks: 3))
            let broken = try await bot.talkReply(of: try await member.say("Four", to: Self.character))
            #expect(broken.contains("The reply was cut off."), "\(broken)")

            // No usage chunk: the reply is whole, the usage estimated.
            model.inject(.missingUsage)
            let noUsage = try await bot.talkReply(of: try await member.say("Five", to: Self.character))
            #expect(noUsage.contains("Pell Ashgrove: Five") && !noUsage.contains("cut off"), "\(noUsage)")

            // A slow first token only delays the reply.
            model.inject(.slowFirstToken(.milliseconds(200)))
            let slow = try await bot.talkReply(of: try await member.say("Six", to: Self.character))
            #expect(slow.contains("Pell Ashgrove: Six"), "\(slow)")

            let calls = try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 10) }.reversed()
            #expect(calls.map(\.outcome.kind) == ["completed", "failed", "failed", "interrupted", "completed", "completed"])
            #expect(calls.map(\.usageEstimated) == [false, false, false, true, true, false])
            try await bot.expectHealthy()
        }
    }

    @Test func aModelThatTriesToPingPingsNobody() async throws {
        try await Self.run { bot, model in
            try await bot.give([Self.character])
            model.setPingingReplies(true)
            let reply = try await bot.talkReply(of: try await bot.member().say("Hi", to: Self.character))
            #expect(!reply.contains("@everyone") && !reply.contains("@here") && !reply.contains("<@&") && !reply.contains("<@4"), "\(reply)")
            try await bot.expectHealthy()
        }
    }
}
