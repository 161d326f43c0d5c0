import Bot
import Clocks
import Foundation
import Gacha
import Logging
import ModelAPI
import ModelSandbox
import ServiceLifecycle
import Storage
import Synchronization
import Talk

/// Talk benchmarks (issue 16).
///
/// `talk-turn`: the bot's own work per turn, the model's time excluded: `TalkService.say` with a
/// model that answers at once (`InstantChatModel`: the reply in a few pieces, usage reported), on
/// a real store. Each turn checks ownership, reads the conversation and memories, builds the
/// budgeted prompt, streams the pieces to the caller and writes both turns, the ledger row and
/// the events in one transaction. Members talk in turn to the character they rolled, so
/// conversations grow and the prompt fills with history.
///
/// `talk-streams`: `streams` conversations at once through the real client (`OpenAIChatModel`,
/// async-http-client) and the loopback model server in this process, each reply held open by a
/// slow first token until all are open. Memory per open conversation is the growth of this
/// process's resident set from before the conversations to when all of them are open, divided by
/// their number: both ends of each connection (client and server) are in it.
enum TalkBenchmark {
    struct TurnResult: Encodable {
        var benchmark = "talk-turn"
        var database: String
        var members: Int
        var turnsPerMember: Int
        var workers: Int
        var turns: Int
        var turnsPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        /// Calls in the ledger, and whether its token sums equal the usage the model reported.
        var ledgerCalls: Int64
        var ledgerMatchesUsage: Bool
        var targetP99Milliseconds = 2.0
    }

    struct StreamsResult: Encodable {
        var benchmark = "talk-streams"
        var database: String
        var streams: Int
        var allOpenAtOnce: Bool
        var completed: Int
        var eachGotItsOwnReply: Bool
        var secondsToAllReplies: Double
        var residentKilobytesBefore: Int64
        var residentKilobytesAllOpen: Int64
        var kilobytesPerOpenConversation: Double
    }

    /// Answers at once: the reply in eight pieces, with usage as a provider reports it.
    struct InstantChatModel: ChatModel {
        let estimator = TokenEstimator()
        func complete(_ request: ChatRequest, onText: @Sendable (String) async throws -> Void) async throws -> ChatCompletion {
            let last = request.messages.last?.content ?? ""
            let reply = "I hear you: \(last.prefix(60)). The lanterns are lit and the canals are quiet tonight, friend."
            let pieces = stride(from: 0, to: reply.count, by: max(1, reply.count / 8)).map { start -> String in
                let from = reply.index(reply.startIndex, offsetBy: start)
                let to = reply.index(from, offsetBy: max(1, reply.count / 8), limitedBy: reply.endIndex) ?? reply.endIndex
                return String(reply[from..<to])
            }
            for piece in pieces { try await onText(piece) }
            return ChatCompletion(
                text: reply, usage: ChatUsage(promptTokens: estimator.tokens(in: request.messages), completionTokens: estimator.tokens(in: reply), estimated: false),
                model: "instant", finishReason: "stop", interrupted: false, timeToFirstText: .zero, totalTime: .zero)
        }
    }
}

extension TalkBenchmark {
    static let guild = GuildID(1_200_000_000_000_000_077)

    /// Members with one rolled character each, and a talk service over `model`.
    static func setUp(
        store: any BotStore, members: Int, model: any ChatModel, modelName: String, settings: TalkSettings, assets: URL,
        firstMember: Int = 0
    ) async throws -> (TalkService, [(PlayerID, String)]) {
        let catalogue = try Catalogue.load(from: assets.appendingPathComponent("catalogue.json"))
        let configuration = GachaConfiguration(rolls: RollAllowanceRules(maxStored: 1_000, regenInterval: .seconds(360)))
        let game = try GachaGame(store: store, catalogue: catalogue, configuration: configuration, random: SeededRandomSource(seed: 7), time: .live())
        var cast: [(PlayerID, String)] = []
        for index in firstMember..<(firstMember + members) {
            let player = PlayerID(guild: guild, member: MemberID(1_500_000_000_000_000_000 + UInt64(index)))
            let rolled = try await game.rolls.roll(player, idempotencyKey: IdempotencyKey("talk-bench-\(index)"))
            cast.append((player, rolled.character.id))
        }
        let prices = try ModelPriceTable.load(from: assets.appendingPathComponent("model-prices.json"))
        let service = TalkService(
            store: store, game: game, model: model, settings: settings, prices: prices, modelName: modelName, clock: ContinuousClock(),
            time: .live())
        return (service, cast)
    }

    /// Settings that never refuse a benchmark turn: the rate and concurrency limits are the
    /// service's own work, so they stay on, just wide.
    static func wideSettings(concurrent: Int) -> TalkSettings {
        TalkSettings(messagesPerWindow: 1_000_000, rateWindow: .seconds(60), concurrentRepliesPerMember: 1, concurrentReplies: concurrent)
    }

    static func runTurns(database: BenchmarkDatabase, members: Int, turns: Int, workers: Int, assets: URL) async throws -> TurnResult {
        try await database.withStore { store in
            let (service, cast) = try await setUp(
                store: store, members: members, model: InstantChatModel(), modelName: "instant", settings: wideSettings(concurrent: workers * 2),
                assets: assets)
            let clock = ContinuousClock()
            let started = clock.now
            // Worker w takes members w, w + workers, …: one member never talks twice at once.
            let tally = try await withThrowingTaskGroup(of: ([Double], Int64).self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var samples: [Double] = []
                        var tokens: Int64 = 0
                        for round in 0..<turns {
                            for index in stride(from: worker, to: cast.count, by: workers) {
                                let (player, character) = cast[index]
                                let t0 = clock.now
                                let reply = try await service.say(
                                    player, userName: "Member \(index)", character: character,
                                    message: "Round \(round): tell me about the canals near the old mill.", callID: "bench-\(index)-\(round)")
                                samples.append(t0.duration(to: clock.now).milliseconds)
                                tokens += Int64(reply.usage.totalTokens)
                            }
                        }
                        return (samples, tokens)
                    }
                }
                var all: ([Double], Int64) = ([], 0)
                for try await (samples, tokens) in group {
                    all.0 += samples
                    all.1 += tokens
                }
                return all
            }
            let latencies = tally.0
            let seconds = started.duration(to: clock.now).seconds
            let totals = try await store.readTalk { try await $0.modelCallTotals(.everything) }
            return TurnResult(
                database: database.name, members: members, turnsPerMember: turns, workers: workers, turns: latencies.count,
                turnsPerSecond: Double(latencies.count) / seconds, p50Milliseconds: Percentiles(latencies).p50,
                p99Milliseconds: Percentiles(latencies).p99, maxMilliseconds: latencies.max() ?? 0, ledgerCalls: totals.calls,
                ledgerMatchesUsage: totals.calls == Int64(members * turns) && totals.promptTokens + totals.completionTokens == tally.1)
        }
    }
}

extension TalkBenchmark {
    static func runStreams(database: BenchmarkDatabase, streams: Int, hold: Duration, assets: URL) async throws -> StreamsResult {
        var logger = Logger(label: "talk-benchmark")
        logger.logLevel = .error
        let sandbox = ModelSandbox(configuration: ModelSandboxConfiguration(chunkCharacters: 8, fillerWords: 16), logger: logger)
        let services = ServiceGroup(services: [sandbox], logger: logger)
        return try await withThrowingTaskGroup(of: StreamsResult?.self) { tasks in
            tasks.addTask { try await services.run(); return nil }
            defer { tasks.cancelAll() }
            guard let baseURL = await sandbox.baseURL() else { throw BenchmarkError.check("the loopback model did not start") }
            var provider = ModelProviderConfiguration(
                baseURL: baseURL, apiKey: ModelAPIKey(sandbox.configuration.apiKey ?? ""), model: "sandbox-chat",
                maxTokensField: .maxTokens, totalTimeout: .seconds(120))
            provider.maximumConnections = streams + 16
            let result = try await OpenAIChatModel.with(configuration: provider, logger: logger) { model in
                try await database.withStore { store in
                    let (service, cast) = try await setUp(
                        store: store, members: streams, model: model, modelName: "sandbox-chat",
                        settings: wideSettings(concurrent: streams + 16), assets: assets)
                    // One warm-up turn, so connections' and the store's first costs are not counted.
                    let warm = try await setUp(
                        store: store, members: 1, model: model, modelName: "sandbox-chat", settings: wideSettings(concurrent: 4), assets: assets,
                        firstMember: streams)
                    _ = try await warm.0.say(warm.1[0].0, userName: "Warm", character: warm.1[0].1, message: "Warm up.", callID: "warm")
                    let before = ProcessUsage.statusField("VmRSS", pid: "self") ?? 0
                    sandbox.inject(.slowFirstToken(hold), times: streams)
                    let clock = ContinuousClock()
                    let started = clock.now
                    let open = Mutex<Int64>(0)
                    let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                        for index in 0..<streams {
                            let (player, character) = cast[index]
                            group.addTask {
                                let reply = try await service.say(
                                    player, userName: "Member \(index)", character: character, message: "Conversation \(index) asks: where now?",
                                    callID: "stream-\(index)")
                                return (index, reply.text)
                            }
                        }
                        // Every request has reached the model and waits for its first token: all open.
                        while sandbox.chatRequests.count < streams + 1 { try await Task.sleep(for: .milliseconds(20)) }
                        open.withLock { $0 = ProcessUsage.statusField("VmRSS", pid: "self") ?? 0 }
                        var replies: [Int: String] = [:]
                        for try await (index, text) in group { replies[index] = text }
                        return replies
                    }
                    let seconds = started.duration(to: clock.now).seconds
                    let own = replies.allSatisfy { index, text in text.contains("Conversation \(index) asks") }
                    let allOpen = open.withLock { $0 }
                    return StreamsResult(
                        database: database.name, streams: streams, allOpenAtOnce: allOpen > 0, completed: replies.count,
                        eachGotItsOwnReply: own && replies.count == streams, secondsToAllReplies: seconds, residentKilobytesBefore: before,
                        residentKilobytesAllOpen: allOpen, kilobytesPerOpenConversation: Double(allOpen - before) / Double(streams))
                }
            }
            return result
        }
    }
}
