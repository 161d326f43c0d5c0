import Bot
import BotHarness
import DiscordModels
import Foundation
import Logging
import ModelAPI
import ModelSandbox
import ServiceLifecycle
import Storage
import Talk

/// The demo's talk scene: a conversation with one of the member's characters through the
/// loopback OpenAI-compatible model (`ModelSandbox`, over real HTTP with `OpenAIChatModel`),
/// showing the paced edits as the reply streams, `/talk memory` once older turns were summarised,
/// and the model-call ledger (tokens, cost).
struct DemoTalk: Sendable {
    static let model = "sandbox-chat"

    /// Starts the loopback model and gives `body` the bot's talk configuration for it.
    static func run<T: Sendable>(logger: Logger, _ body: (TalkConfiguration) async throws -> T) async throws -> T {
        let sandbox = ModelSandbox(configuration: ModelSandboxConfiguration(models: [model], fillerWords: 24), logger: logger)
        let group = ServiceGroup(services: [sandbox], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            guard let base = await sandbox.baseURL() else { throw HarnessError.unexpectedReply("the loopback model did not start") }
            let client = OpenAIChatModel(
                configuration: ModelProviderConfiguration(
                    baseURL: base, apiKey: sandbox.configuration.apiKey.map(ModelAPIKey.init), model: model, maxTokensField: .maxTokens),
                logger: logger)
            // Pieces arrive 60 ms apart, as a real model's tokens do, so the paced edits show.
            let talk = TalkConfiguration(
                model: DemoTokenPace(model: client, gap: .milliseconds(60)), modelName: model,
                settings: TalkSettings(promptBudgetTokens: 220),
                prices: try ModelPriceTable.load(from: try ResourceLocator().locate(.assets).appendingPathComponent("model-prices.json")))
            let result: T
            do {
                result = try await body(talk)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}

/// A model whose pieces are handed on `gap` apart (the demo's stand-in for token latency).
struct DemoTokenPace: ChatModel {
    let model: any ChatModel
    let gap: Duration

    func complete(_ request: ChatRequest, onText: @Sendable (String) async throws -> Void) async throws -> ChatCompletion {
        try await model.complete(request) { piece in
            try await Task.sleep(for: gap)
            try await onText(piece)
        }
    }
}

extension DemoScript {
    func playTalk() async throws {
        print("— Talk: a conversation with one of Ayla's characters (loopback model) —\n")
        let member = bot.member(name: "Ayla")
        let suggestions = try await member.autocomplete(
            "talk", [.subcommand("say", [.string("character", "", focused: true), .string("message", "")])])
        // A character of the base catalogue (ids without the `pk:` of pack characters): its card opens with a first message.
        guard case .autocomplete(let choices)? = suggestions.response.data,
            let choice = choices.first(where: { if case .string(let id) = $0.value { !id.hasPrefix("pk:") } else { false } }) ?? choices.first,
            case .string(let character) = choice.value
        else { throw HarnessError.unexpectedReply(suggestions.text) }
        print("▶ /talk say character: (autocomplete)\n\(indent(suggestions.text))\n")

        let lines = [
            "Hello! Tell me about yourself.", "What do you do on a rainy evening?", "Do you remember what I asked first?",
            "Tell me a secret about the canals.",
        ]
        for line in lines {
            let answer = try await member.command(
                "talk", [.subcommand("say", [.string("character", character), .string("message", line)])])
            print("▶ /talk say character: \(choice.name) message: \(line)")
            print("  (acknowledged: \(answer.response.type == .deferredChannelMessageWithSource ? "“thinking…”" : answer.text))")
            let edits = try await talkEdits(of: answer)
            for (index, edit) in edits.enumerated() {
                let label = index == edits.count - 1 ? "final" : "edit \(index + 1)"
                print("  … \(label):\n\(indent(indent(edit.content ?? "")))")
            }
            print("")
        }
        try await show("/talk memory character: \(choice.name)", try await member.command("talk", [.subcommand("memory", [.string("character", character)])]))

        let store = bot.store
        let player = PlayerID(guild: Storage.GuildID(bot.guildID), member: MemberID(member.userID))
        let calls = try await store.readTalk { try await $0.recentModelCalls(player, limit: 100) }
        let totals = try await store.readTalk { try await $0.modelCallTotals(.player(player)) }
        print("Model-call ledger for Ayla:")
        for call in calls.reversed() {
            print(
                "  \(call.purpose.rawValue) \(call.model): \(call.promptTokens) prompt + \(call.completionTokens) completion tokens, "
                    + "\(call.costMicros) µ$, \(call.msTotal) ms, \(call.outcome.kind)\(call.usageEstimated ? " (estimated)" : "")")
        }
        print(
            "  total: \(totals.calls) calls, \(totals.promptTokens + totals.completionTokens) tokens, "
                + "\(totals.costMicros) µ$ ($\(String(format: "%.6f", Double(totals.costMicros) / 1_000_000)))\n")
    }

    /// The edits of a `/talk say`'s original response until the finished reply.
    private func talkEdits(of answer: BotAnswer) async throws -> [MessageEdit] {
        let token = answer.interaction.token
        var edits: [MessageEdit] = []
        while true {
            let request = try await bot.sandbox.nextRequest { request in
                request.method == "PATCH" && request.path.hasSuffix("/messages/@original") && request.path.contains(token)
            }
            let edit = try request.decodePayload(MessageEdit.self)
            edits.append(edit)
            if !(edit.content ?? "").hasSuffix("▍") { return edits }
        }
    }
}
