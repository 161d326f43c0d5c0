import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Storage
import Synchronization
import Talk
import Testing

@testable import Bot

/// A chat model scripted in the test: by default it answers "<name> hears: <the member's last
/// message>" in a few pieces, with usage counted by `TokenEstimator` (reported, not estimated).
/// Every request and every usage it reported are kept, so tests can read the persona the bot
/// sent and compare the ledger with what the "provider" reported.
final class ScriptedChatModel: ChatModel {
    enum Behaviour: Sendable {
        /// These pieces, then a normal end.
        case reply([String])
        /// These pieces, then the stream breaks (usage estimated).
        case interrupted([String])
        /// No reply at all.
        case fail(ChatModelError)
        /// These pieces, each one only after the gate opens (`gates[i]` before piece i).
        case gated([String], [Gate])
    }

    private let state = Mutex<(requests: [ChatRequest], script: [Behaviour], usage: [ChatUsage], pieces: Int)>(([], [], [], 0))
    let model: String

    init(model: String = "scripted-1") { self.model = model }

    var requests: [ChatRequest] { state.withLock { $0.requests } }
    var reportedUsage: [ChatUsage] { state.withLock { $0.usage } }
    /// Pieces handed to the caller so far, over every call.
    var piecesSent: Int { state.withLock { $0.pieces } }

    /// Queues behaviours for the next calls (then the default again).
    func script(_ behaviours: Behaviour...) { state.withLock { $0.script += behaviours } }

    func complete(_ request: ChatRequest, onText: @Sendable (String) async throws -> Void) async throws -> ChatCompletion {
        let behaviour = state.withLock { state -> Behaviour in
            state.requests.append(request)
            return state.script.isEmpty ? .reply(Self.defaultPieces(request)) : state.script.removeFirst()
        }
        let estimator = TokenEstimator()
        var text = ""
        var interrupted = false
        switch behaviour {
        case .fail(let error):
            throw error
        case .reply(let pieces), .interrupted(let pieces):
            for piece in pieces {
                text += piece
                try await onText(piece)
                state.withLock { $0.pieces += 1 }
            }
            if case .interrupted = behaviour { interrupted = true }
        case .gated(let pieces, let gates):
            for (index, piece) in pieces.enumerated() {
                if index < gates.count { await gates[index].wait() }
                text += piece
                try await onText(piece)
                state.withLock { $0.pieces += 1 }
            }
        }
        let usage = ChatUsage(
            promptTokens: estimator.tokens(in: request.messages), completionTokens: estimator.tokens(in: text), estimated: interrupted)
        state.withLock { $0.usage.append(usage) }
        return ChatCompletion(
            text: text, usage: usage, model: model, finishReason: interrupted ? nil : "stop", interrupted: interrupted,
            timeToFirstText: .milliseconds(5), totalTime: .milliseconds(20))
    }

    static func defaultPieces(_ request: ChatRequest) -> [String] {
        let last = request.messages.last { $0.role == .user }?.content ?? ""
        return ["I ", "hear ", "you: ", last]
    }
}

/// Talk's prices in tests: every model at OpenAI's gpt-4o-mini list price.
let testPrices = ModelPriceTable(defaultPrice: ModelPrice(promptMicrosPerMillion: 150_000, completionMicrosPerMillion: 600_000))

extension SandboxBot.Options {
    /// Game options with talk on `model`.
    static func talk(
        model: any ChatModel, settings: TalkSettings = TalkSettings(), store: (any BotStore)? = nil, dataDirectory: URL? = nil,
        editInterval: Duration = .seconds(1)
    ) -> SandboxBot.Options {
        // Game time stands still at the test epoch: usage periods are known.
        var options = SandboxBot.Options.game(dataDirectory: dataDirectory, gameTime: GameTime(clock: ManualClock(), epoch: testEpoch), store: store)
        options.talk = TalkConfiguration(
            model: model, modelName: "scripted-1", settings: settings, prices: testPrices, editInterval: editInterval)
        return options
    }
}

extension SandboxBot {
    /// Gives `member` these catalogue characters, through the store, before they talk.
    func give(_ characterIDs: [String], to member: UInt64 = DiscordSandbox.defaultMemberID) async throws {
        let player = PlayerID(guild: Storage.GuildID(guildID), member: MemberID(member))
        try await store.writeGacha { tx in
            try await tx.ensurePlayer(player, at: testEpoch)
            if try await tx.member(player) == nil {
                try await tx.insertMember(MemberRecord(player: player, firstSeen: testEpoch, rolls: RollAllowanceState(stored: 0, asOf: testEpoch)))
            }
            for id in characterIDs where try await tx.inventoryRecord(player, characterID: id) == nil {
                try await tx.insertInventory(InventoryRecord(player: player, characterID: id, acquiredAt: testEpoch))
            }
        }
    }

    /// The bot's store, as the talk area reads it.
    var talkStore: any TalkStore { store }

    /// The edits of the original response of `answer`'s interaction until the finished reply (the
    /// first edit without the streaming cursor), in order.
    func talkEdits(of answer: BotAnswer, timeout: Duration = DiscordSandbox.defaultTimeout) async throws -> [MessageEdit] {
        let token = answer.interaction.token
        var edits: [MessageEdit] = []
        while true {
            let request = try await sandbox.nextRequest(timeout: timeout) { request in
                request.method == "PATCH" && request.path.hasSuffix("/messages/@original") && request.path.contains(token)
            }
            let edit = try request.decodePayload(MessageEdit.self)
            edits.append(edit)
            if !(edit.content ?? "").hasSuffix("▍") { return edits }
        }
    }

    /// The finished reply of a `/talk say` (the last edit of the original response).
    func talkReply(of answer: BotAnswer, timeout: Duration = DiscordSandbox.defaultTimeout) async throws -> String {
        try await talkEdits(of: answer, timeout: timeout).last?.content ?? ""
    }

    /// The next follow-up message sent for `answer`'s interaction.
    func nextFollowUp(of answer: BotAnswer) async throws -> InteractionMessageData {
        let token = answer.interaction.token
        let request = try await sandbox.nextRequest { request in
            request.method == "POST" && request.path.contains(token) && !request.path.hasSuffix("/callback")
        }
        return try request.decodePayload(InteractionMessageData.self)
    }
}

extension SandboxMember {
    /// `/talk say character: message:`.
    func say(_ message: String, to character: String, timeout: Duration = DiscordSandbox.defaultTimeout) async throws -> BotAnswer {
        try await command("talk", [.subcommand("say", [.string("character", character), .string("message", message)])], timeout: timeout)
    }
}
