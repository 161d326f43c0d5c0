import Foundation
import Gacha
import Storage

/// One conversation turn with a character the member owns, from the member's message to the
/// stored reply: ownership, input limits, the rate and concurrency limits, the quota, the prompt
/// (persona on every request, memories, the last turns within the budget), the streamed reply,
/// and then ONE transaction with both turns, the model-call ledger row, the quota's count and the
/// analytics events (`first_talk`, `talk`, `ai_tokens`).
///
/// A failed model call is recorded too (a `failed` row with zero tokens) and surfaces as
/// `TalkError.provider`. Time comes from `GameTime` (stored times) and the injected clock
/// (latency, rate windows).
public struct TalkService: Sendable {
    public let store: any TalkStore
    public let game: GachaGame
    public let model: any ChatModel
    public let settings: TalkSettings
    public let prices: ModelPriceTable
    /// The configured model's name, recorded on calls that failed before a model answered.
    public let modelName: String
    let limiter: TalkLimiter
    let prompt: TalkPrompt
    let time: GameTime
    let elapsed: @Sendable () -> Duration
    let estimator = TokenEstimator()
    /// Model calls, tokens and cost, counted as each call ends.
    public let metrics: TalkMetrics

    public init<C: Clock>(
        store: any TalkStore, game: GachaGame, model: any ChatModel, settings: TalkSettings = TalkSettings(),
        prices: ModelPriceTable, modelName: String, clock: C, time: GameTime, metrics: TalkMetrics = .disabled
    ) where C.Duration == Duration {
        self.metrics = metrics
        self.modelName = modelName
        self.store = store
        self.game = game
        self.model = model
        self.settings = settings
        self.prices = prices
        self.limiter = TalkLimiter(settings: settings, clock: clock)
        self.prompt = TalkPrompt(settings: settings, model: model)
        self.time = time
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
    }

    // MARK: Checks

    /// The member's message, checked: not empty or only whitespace, not over the input limit.
    public func checkedMessage(_ message: String) throws(TalkError) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyMessage }
        let count = trimmed.unicodeScalars.count
        guard count <= settings.maxInputCharacters else { throw .messageTooLong(characters: count, limit: settings.maxInputCharacters) }
        return trimmed
    }

    /// The owned character matching `query` (an id from autocomplete or a name). Ownership is
    /// always checked here, whatever the client sent.
    public func ownedCharacter(_ player: PlayerID, matching query: String) async throws -> GameCharacter {
        guard let owned = try await game.inventory.character(player, matching: query) else { throw TalkError.notOwned(query: query) }
        return owned.character
    }

    // MARK: Turns

    /// Runs one turn. `callID` is the turn's idempotency key (derived from the interaction): a
    /// call already recorded under it is refused with `TalkError.alreadyAnswered` before the
    /// model is asked again. `onText` gets each piece of the reply as it streams (cut at the
    /// reply cap); `quota` counts inside the turn's transaction. `onStart` runs once every check
    /// passed (ownership, input, rate, concurrency, quota, not answered yet), before the model is
    /// asked, with the character and its opening line when this turn opens the conversation: the
    /// bot acknowledges the interaction there, so refusals can still be private.
    /// `userName` is how the character calls the member (their display name).
    public func say(
        _ player: PlayerID, userName: String, character query: String, message: String, callID: String, quota: (any TalkQuota)? = nil,
        onStart: @Sendable (GameCharacter, _ opening: String?) async throws -> Void = { _, _ in }, onText: @escaping @Sendable (String) async throws -> Void = { _ in }
    ) async throws -> TalkReply {
        let text = try checkedMessage(message)
        let character = try await ownedCharacter(player, matching: query)
        return try await limiter.withSlot(for: player.member) {
            try await quota?.admit(at: time.now())
            return try await turn(
                player, userName: userName, character: character, message: text, callID: callID, quota: quota, onStart: onStart,
                onText: onText)
        }
    }

    private func turn(
        _ player: PlayerID, userName: String, character: GameCharacter, message: String, callID: String, quota: (any TalkQuota)?,
        onStart: @Sendable (GameCharacter, String?) async throws -> Void, onText: @escaping @Sendable (String) async throws -> Void
    ) async throws -> TalkReply {
        if try await store.readTalk({ try await $0.modelCall(callID) }) != nil { throw TalkError.alreadyAnswered }
        var conversation = try await readConversation(player, character: character)
        let opening = conversation.lastSeq == 0 ? prompt.opening(of: character, userName: userName) : nil
        try await onStart(character, opening)
        var built = prompt.build(
            character: character, userName: userName, memories: conversation.memories, turns: conversation.turns, message: message)
        var summarized = false
        if !built.foldable.isEmpty {
            summarized = try await fold(built.foldable, player: player, userName: userName, character: character, callID: callID)
            if summarized {
                conversation = try await readConversation(player, character: character)
                built = prompt.build(
                    character: character, userName: userName, memories: conversation.memories, turns: conversation.turns,
                    message: message)
            }
        }

        let request = ChatRequest(messages: built.messages, maxTokens: settings.maxReplyTokens, temperature: settings.temperature)
        let cap = ReplyCap(limit: settings.maxReplyCharacters)
        let started = elapsed()
        let completion: ChatCompletion
        do {
            completion = try await model.complete(request) { piece in
                if let kept = cap.take(piece) { try await onText(kept) }
            }
        } catch let error as ChatModelError {
            try await recordFailure(callID, player: player, character: character, purpose: .reply, code: error.ledgerCode, since: started)
            throw TalkError.provider(error)
        } catch {
            // The caller's `onText` failed (Discord, say): the call still happened.
            try? await recordFailure(callID, player: player, character: character, purpose: .reply, code: "aborted", since: started)
            throw error
        }

        let reply = cap.text(of: completion.text)
        let now = time.now()
        let record = ModelCallRecord(
            callID: callID, player: player, characterID: character.id, packID: character.pack?.packID, purpose: .reply,
            completion: completion, prices: prices, at: now)
        metrics.called(record)
        let cost = record.costMicros
        let firstTalk: Bool
        do {
            firstTalk = try await write(
                record, player: player, character: character, message: message, reply: reply.text, opening: opening, quota: quota,
                at: now)
        } catch {
            // The turn was refused at commit (a quota met by a concurrent turn, say): the call
            // still happened and cost tokens, so it is recorded on its own.
            try? await store.writeTalk { tx in
                try await tx.lockPlayer(player)
                try await tx.ensurePlayer(player, at: now)
                guard try await tx.modelCall(record.callID) == nil else { return }
                try await tx.insertModelCall(record)
                try await tx.appendAnalyticsEvent(Self.tokensEvent(record))
            }
            throw error
        }
        return TalkReply(
            character: character, opening: opening, text: reply.text, interrupted: completion.interrupted, truncated: reply.truncated,
            usage: completion.usage, model: completion.model, costMicros: cost, callID: callID, firstTalk: firstTalk,
            summarized: summarized)
    }

    /// The turn's one transaction: the opening line (a new conversation), the member's message
    /// and the reply, the ledger row, the quota's counts, and the events. Returns whether this
    /// was the member's first talk in the server.
    private func write(
        _ record: ModelCallRecord, player: PlayerID, character: GameCharacter, message: String, reply: String, opening: String?,
        quota: (any TalkQuota)?, at now: Timestamp
    ) async throws -> Bool {
        let estimator = estimator
        let callID = record.callID
        let tokens = Int(record.promptTokens + record.completionTokens)
        return try await store.writeTalk { tx -> Bool in
            try await tx.lockPlayer(player)
            try await tx.ensurePlayer(player, at: now)
            var seq = try await tx.lastTurnSeq(player, characterID: character.id)
            var turns: [TalkTurnRecord] = []
            if seq == 0, let opening {
                seq += 1
                turns.append(
                    TalkTurnRecord(
                        player: player, characterID: character.id, seq: seq, role: .character, text: opening, at: now,
                        estimatedTokens: estimator.tokens(in: opening)))
            }
            turns.append(
                TalkTurnRecord(
                    player: player, characterID: character.id, seq: seq + 1, role: .member, text: message, at: now,
                    estimatedTokens: estimator.tokens(in: message)))
            turns.append(
                TalkTurnRecord(
                    player: player, characterID: character.id, seq: seq + 2, role: .character, text: reply, at: now,
                    estimatedTokens: estimator.tokens(in: reply)))
            try await tx.appendTurns(turns)
            try await tx.insertModelCall(record)
            try await quota?.count(in: tx, tokens: tokens, at: now)
            let first = try await tx.recordFirstTalk(player, at: now)
            var events: [AnalyticsEvent] = []
            if first { events.append(AnalyticsEvent(name: .firstTalk, player: player, at: now, properties: ["character": character.id])) }
            var talk = ["character": character.id, "call": callID, "outcome": record.outcome.kind]
            if let pack = character.pack?.packID { talk["pack"] = pack }
            events.append(AnalyticsEvent(name: .talk, player: player, at: now, properties: talk))
            events.append(Self.tokensEvent(record))
            try await tx.appendAnalyticsEvents(events)
            return first
        }
    }

    // MARK: Reset and memory

    /// Clears the conversation's short-term memory (its turns); long-term memories stay. Returns
    /// how many turns were removed.
    @discardableResult
    public func reset(_ player: PlayerID, character query: String) async throws -> (character: GameCharacter, removed: Int) {
        let character = try await ownedCharacter(player, matching: query)
        let removed = try await store.writeTalk { tx in
            try await tx.lockPlayer(player)
            return try await tx.clearConversation(player, characterID: character.id)
        }
        return (character, removed)
    }

    /// What the character remembers of the member (long-term memories, oldest first).
    public func memories(_ player: PlayerID, character query: String) async throws -> (character: GameCharacter, memories: [TalkMemoryRecord]) {
        let character = try await ownedCharacter(player, matching: query)
        let memories = try await store.readTalk { try await $0.talkMemories(member: player.member, characterID: character.id) }
        return (character, memories)
    }

    // MARK: Parts

    struct Conversation: Sendable {
        var turns: [TalkTurnRecord]
        var memories: [TalkMemoryRecord]
        var lastSeq: Int64
    }

    func readConversation(_ player: PlayerID, character: GameCharacter) async throws -> Conversation {
        try await store.readTalk { reader in
            Conversation(
                turns: try await reader.unsummarizedTurns(player, characterID: character.id),
                memories: try await reader.talkMemories(member: player.member, characterID: character.id),
                lastSeq: try await reader.lastTurnSeq(player, characterID: character.id))
        }
    }

    /// Folds `turns` into one long-term memory through the model, recording the call (its id:
    /// the turn's, with `:summary`). Returns false when the summary failed: the turn goes on with
    /// the trimmed history, and the failed call is in the ledger.
    func fold(_ turns: [TalkTurnRecord], player: PlayerID, userName: String, character: GameCharacter, callID: String) async throws -> Bool {
        guard let through = turns.map(\.seq).max() else { return false }
        let id = "\(callID):summary"
        let started = elapsed()
        let summary: (text: String?, completion: ChatCompletion)
        do {
            summary = try await prompt.summarize(turns, character: character, userName: userName)
        } catch let error as ChatModelError {
            try await recordFailure(id, player: player, character: character, purpose: .summary, code: error.ledgerCode, since: started)
            return false
        }
        let now = time.now()
        let record = ModelCallRecord(
            callID: id, player: player, characterID: character.id, packID: character.pack?.packID, purpose: .summary,
            completion: summary.completion, prices: prices, at: now)
        metrics.called(record)
        let text = summary.text
        try await store.writeTalk { tx in
            try await tx.lockPlayer(player)
            try await tx.ensurePlayer(player, at: now)
            // An empty summary still cost tokens: the call is recorded, the turns stay.
            if let text {
                try await tx.appendTalkMemory(TalkMemoryRecord(member: player.member, characterID: character.id, text: text, at: now))
                try await tx.markTurnsSummarized(player, characterID: character.id, throughSeq: through)
            }
            try await tx.insertModelCall(record)
            try await tx.appendAnalyticsEvent(Self.tokensEvent(record))
        }
        return text != nil
    }

    /// A call that gave no reply: a `failed` row with zero tokens (and zero cost).
    func recordFailure(
        _ callID: String, player: PlayerID, character: GameCharacter, purpose: ModelCallPurpose, code: String, since started: Duration
    ) async throws {
        let now = time.now()
        let record = ModelCallRecord(
            callID: callID, player: player, characterID: character.id, packID: character.pack?.packID, model: modelName,
            purpose: purpose, promptTokens: 0, completionTokens: 0, costMicros: 0, msToFirstToken: nil,
            msTotal: (elapsed() - started).wholeMilliseconds, outcome: .failed(code: code), usageEstimated: false, at: now)
        metrics.called(record)
        try await store.writeTalk { tx in
            try await tx.lockPlayer(player)
            try await tx.ensurePlayer(player, at: now)
            // A retried interaction whose first attempt failed too keeps its first row.
            guard try await tx.modelCall(callID) == nil else { return }
            try await tx.insertModelCall(record)
            try await tx.appendAnalyticsEvent(Self.tokensEvent(record))
        }
    }

    static func tokensEvent(_ record: ModelCallRecord) -> AnalyticsEvent {
        var properties = [
            "call": record.callID, "purpose": record.purpose.rawValue, "model": record.model,
            "prompt_tokens": String(record.promptTokens), "completion_tokens": String(record.completionTokens),
            "tokens": String(record.promptTokens + record.completionTokens), "cost_micros": String(record.costMicros),
            "estimated": String(record.usageEstimated), "outcome": record.outcome.kind, "character": record.characterID,
        ]
        if let pack = record.packID { properties["pack"] = pack }
        return AnalyticsEvent(name: .aiTokens, player: record.player, at: record.at, properties: properties)
    }
}
