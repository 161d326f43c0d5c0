import Storage
import Talk
import Testing

/// The talk area's cases: conversation turns (ordering, duplicates, summarising, reset), the
/// once-only first talk, long-term memories per (member, character), and the model-call ledger
/// with its totals.
public enum TalkCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case turnsInOrder, duplicateTurn, summarizeAndReset, firstTalk, concurrentFirstTalks, memories, modelCalls,
        duplicateModelCall, concurrentModelCalls, modelCallTotals, extremeIdentifiers
    public var testDescription: String { rawValue }
}

struct TalkCases<S: Store & TalkStore>: Sendable where S.Transaction: TalkTransaction {
    let store: S
    typealias F = Fixture

    static var pell: String { "pell-ashgrove" }
    static var marisol: String { "marisol-quay" }

    func run(_ testCase: TalkCase) async throws {
        switch testCase {
        case .turnsInOrder: try await turnsInOrder()
        case .duplicateTurn: try await duplicateTurn()
        case .summarizeAndReset: try await summarizeAndReset()
        case .firstTalk: try await firstTalk()
        case .concurrentFirstTalks: try await concurrentFirstTalks()
        case .memories: try await memories()
        case .modelCalls: try await modelCalls()
        case .duplicateModelCall: try await duplicateModelCall()
        case .concurrentModelCalls: try await concurrentModelCalls()
        case .modelCallTotals: try await modelCallTotals()
        case .extremeIdentifiers: try await extremeIdentifiers()
        }
    }

    static func turn(_ player: PlayerID, _ character: String, _ seq: Int64, _ role: TalkRole = .member, text: String? = nil)
        -> TalkTurnRecord
    {
        let text = text ?? "\(role.rawValue) says \(seq) to \(character)"
        return TalkTurnRecord(
            player: player, characterID: character, seq: seq, role: role, text: text,
            at: F.t0.advanced(by: .seconds(seq)), estimatedTokens: TokenEstimator().tokens(in: text))
    }

    /// Turns come back by `seq` whatever order they were appended in, and each conversation
    /// (member, server, character) holds only its own.
    func turnsInOrder() async throws {
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }.isEmpty)
        #expect(try await store.readTalk { try await $0.lastTurnSeq(F.p1, characterID: Self.pell) } == 0)
        let otherGuild = PlayerID(guild: GuildID(8), member: F.p1.member)
        let turns = [
            Self.turn(F.p1, Self.pell, 3), Self.turn(F.p1, Self.pell, 1),
            Self.turn(F.p1, Self.pell, 2, .character, text: "Mind the lamp oil \u{1F56F} — \"quoted\" 'text'\n"),
        ]
        try await store.writeTalk { tx in
            try await tx.appendTurns(turns)
            try await tx.appendTurn(Self.turn(F.p1, Self.marisol, 1))
            try await tx.appendTurn(Self.turn(otherGuild, Self.pell, 1))
            try await tx.appendTurn(Self.turn(F.p2, Self.pell, 7))
        }
        let read = try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }
        #expect(read == turns.sorted { $0.seq < $1.seq })
        #expect(read.map(\.role) == [.member, .character, .member])
        #expect(try await store.readTalk { try await $0.lastTurnSeq(F.p1, characterID: Self.pell) } == 3)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.marisol) }.count == 1)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(otherGuild, characterID: Self.pell) }.map(\.seq) == [1])
        #expect(try await store.readTalk { try await $0.lastTurnSeq(F.p2, characterID: Self.pell) } == 7)
        // An empty append is nothing.
        try await store.writeTalk { try await $0.appendTurns([]) }
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }.count == 3)
    }

    /// A second turn with the same (player, character, seq) is a duplicate, decided by the key; the
    /// batch it came in adds nothing. The same seq in another conversation is fine.
    func duplicateTurn() async throws {
        try await store.writeTalk { try await $0.appendTurn(Self.turn(F.p1, Self.pell, 1)) }
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.writeTalk { tx in
                try await tx.appendTurns([Self.turn(F.p1, Self.pell, 2), Self.turn(F.p1, Self.pell, 1, .character)])
            }
        }
        #expect(duplicate?.duplicateOf == "talk turn")
        let kept = try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }
        #expect(kept == [Self.turn(F.p1, Self.pell, 1)])
        try await store.writeTalk { tx in
            try await tx.appendTurn(Self.turn(F.p1, Self.marisol, 1))
            try await tx.appendTurn(Self.turn(F.p2, Self.pell, 1))
        }
    }

    /// Summarised turns leave the unsummarised list but keep their seq; a reset clears only the
    /// conversation's turns and leaves its memories and every other conversation alone.
    func summarizeAndReset() async throws {
        try await store.writeTalk { tx in
            try await tx.appendTurns((1...6).map { Self.turn(F.p1, Self.pell, $0, $0 % 2 == 0 ? .character : .member) })
            try await tx.appendTurns((1...2).map { Self.turn(F.p1, Self.marisol, $0) })
            try await tx.appendTalkMemory(TalkMemoryRecord(member: F.p1.member, characterID: Self.pell, text: "Likes canals.", at: F.t0))
        }
        #expect(try await store.writeTalk { try await $0.markTurnsSummarized(F.p1, characterID: Self.pell, throughSeq: 4) } == 4)
        // Marking again changes nothing already marked.
        #expect(try await store.writeTalk { try await $0.markTurnsSummarized(F.p1, characterID: Self.pell, throughSeq: 4) } == 0)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }.map(\.seq) == [5, 6])
        #expect(try await store.readTalk { try await $0.lastTurnSeq(F.p1, characterID: Self.pell) } == 6)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.marisol) }.count == 2)

        #expect(try await store.writeTalk { try await $0.clearConversation(F.p1, characterID: Self.pell) } == 6)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.pell) }.isEmpty)
        #expect(try await store.readTalk { try await $0.lastTurnSeq(F.p1, characterID: Self.pell) } == 0)
        #expect(try await store.readTalk { try await $0.unsummarizedTurns(F.p1, characterID: Self.marisol) }.count == 2)
        #expect(try await store.readTalk { try await $0.talkMemories(member: F.p1.member, characterID: Self.pell) }.count == 1)
        // After a reset the conversation starts again from seq 1.
        try await store.writeTalk { try await $0.appendTurn(Self.turn(F.p1, Self.pell, 1)) }
        #expect(try await store.writeTalk { try await $0.clearConversation(F.p2, characterID: Self.pell) } == 0)
    }

    /// Once per member and server, whatever the character and however often they reset.
    func firstTalk() async throws {
        #expect(try await store.readTalk { try await $0.hasTalked(F.p1) } == false)
        #expect(try await store.writeTalk { try await $0.recordFirstTalk(F.p1, at: F.t0) })
        #expect(try await store.writeTalk { try await $0.recordFirstTalk(F.p1, at: F.t0.advanced(by: .seconds(5))) } == false)
        #expect(try await store.readTalk { try await $0.hasTalked(F.p1) })
        #expect(try await store.readTalk { try await $0.hasTalked(F.p2) } == false)
        let otherGuild = PlayerID(guild: GuildID(8), member: F.p1.member)
        #expect(try await store.writeTalk { try await $0.recordFirstTalk(otherGuild, at: F.t0) })
        _ = try await store.writeTalk { try await $0.clearConversation(F.p1, characterID: Self.pell) }
        #expect(try await store.writeTalk { try await $0.recordFirstTalk(F.p1, at: F.t0) } == false)
    }

    /// First talks racing: exactly one transaction is told it was the first (and emits the event).
    func concurrentFirstTalks() async throws {
        let first = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let isFirst = try await store.writeTalk { tx -> Bool in
                        guard try await tx.recordFirstTalk(F.p1, at: F.t0) else { return false }
                        try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "first_talk", player: F.p1, at: F.t0))
                        return true
                    }
                    if isFirst { first.increment() }
                }
            }
            try await group.waitForAll()
        }
        #expect(first.count == 1)
        #expect(try await store.read { try await $0.analyticsEvents(player: F.p1, name: "first_talk", limit: 10) }.count == 1)
    }

    /// Memories are per (member, character) across servers, listed in append order, and cleared
    /// per pair.
    func memories() async throws {
        let member = F.p1.member
        #expect(try await store.readTalk { try await $0.talkMemories(member: member, characterID: Self.pell) }.isEmpty)
        let texts = ["Met at the canal.", "Owes Pell a lantern.", "Prefers \"night\" walks\n— and 🌙"]
        var stored: [TalkMemoryRecord] = []
        for (index, text) in texts.enumerated() {
            let memory = TalkMemoryRecord(member: member, characterID: Self.pell, text: text, at: F.t0.advanced(by: .seconds(Int64(index))))
            stored.append(try await store.writeTalk { try await $0.appendTalkMemory(memory) })
        }
        #expect(stored.allSatisfy { $0.id != nil })
        let ids = stored.compactMap(\.id)
        #expect(ids == ids.sorted() && Set(ids).count == 3)
        try await store.writeTalk { tx in
            try await tx.appendTalkMemory(TalkMemoryRecord(member: member, characterID: Self.marisol, text: "Haggled.", at: F.t0))
            try await tx.appendTalkMemory(TalkMemoryRecord(member: F.p2.member, characterID: Self.pell, text: "Other member.", at: F.t0))
        }
        let read = try await store.readTalk { try await $0.talkMemories(member: member, characterID: Self.pell) }
        #expect(read == stored)
        #expect(read.map(\.text) == texts)

        #expect(try await store.writeTalk { try await $0.clearTalkMemories(member: member, characterID: Self.pell) } == 3)
        #expect(try await store.readTalk { try await $0.talkMemories(member: member, characterID: Self.pell) }.isEmpty)
        #expect(try await store.readTalk { try await $0.talkMemories(member: member, characterID: Self.marisol) }.count == 1)
        #expect(try await store.readTalk { try await $0.talkMemories(member: F.p2.member, characterID: Self.pell) }.count == 1)
    }

    static func call(
        _ id: String, _ player: PlayerID = F.p1, prompt: Int64 = 120, completion: Int64 = 30, cost: Int64 = 45,
        outcome: ModelCallOutcome = .completed, purpose: ModelCallPurpose = .reply, pack: String? = nil, firstToken: Int64? = 180,
        estimated: Bool = false
    ) -> ModelCallRecord {
        ModelCallRecord(
            callID: id, player: player, characterID: pell, packID: pack, model: "gpt-4o-mini", purpose: purpose,
            promptTokens: prompt, completionTokens: completion, costMicros: cost, msToFirstToken: firstToken, msTotal: 900,
            outcome: outcome, usageEstimated: estimated, at: F.t0)
    }

    /// Every field survives the round trip, including the nullable ones and each outcome.
    func modelCalls() async throws {
        let calls = [
            Self.call("call-1"),
            Self.call("call-2", outcome: .interrupted, pack: "pk-lanterns", estimated: true),
            Self.call("call-3", prompt: 200, completion: 0, cost: 30, outcome: .failed(code: "rate_limited"), purpose: .summary, firstToken: nil),
        ]
        try await store.writeTalk { tx in for call in calls { try await tx.insertModelCall(call) } }
        for call in calls {
            #expect(try await store.readTalk { try await $0.modelCall(call.callID) } == call)
        }
        #expect(try await store.readTalk { try await $0.modelCall("call-missing") } == nil)
        #expect(try await store.readTalk { try await $0.recentModelCalls(F.p1, limit: 2) } == [calls[2], calls[1]])
        #expect(try await store.readTalk { try await $0.recentModelCalls(F.p1, limit: 10) }.count == 3)
        #expect(try await store.readTalk { try await $0.recentModelCalls(F.p2, limit: 10) }.isEmpty)
        // A negative count or cost is refused by the database, and nothing is recorded.
        await #expect(throws: StoreError.self) {
            try await store.writeTalk { try await $0.insertModelCall(Self.call("call-4", cost: -1)) }
        }
        #expect(try await store.readTalk { try await $0.modelCall("call-4") } == nil)
    }

    /// The call id is the idempotency key: a second row with it is refused and the first is kept,
    /// and the transaction that tried it rolls back whole.
    func duplicateModelCall() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        try await store.writeTalk { try await $0.insertModelCall(Self.call("call-1")) }
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.writeTalk { tx in
                try await tx.appendLedgerEntry(F.entry(F.p1, 5, "talk-paid"))
                try await tx.insertModelCall(Self.call("call-1", prompt: 999))
            }
        }
        #expect(duplicate?.duplicateOf == "model call")
        #expect(try await store.readTalk { try await $0.modelCall("call-1") }?.promptTokens == 120)
        #expect(try await store.read { try await $0.balance(F.p1) } == 0)
        #expect(try await store.readTalk { try await $0.modelCallTotals(.everything) }.calls == 1)
    }

    /// The same call recorded from several tasks at once: one row.
    func concurrentModelCalls() async throws {
        let recorded = Counter()
        let refused = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        try await store.writeTalk { try await $0.insertModelCall(Self.call("call-race")) }
                        recorded.increment()
                    } catch let error as StoreError where error.duplicateOf == "model call" {
                        refused.increment()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(recorded.count == 1)
        #expect(refused.count == 7)
        #expect(try await store.readTalk { try await $0.modelCallTotals(.everything) } == ModelCallTotals(calls: 1, promptTokens: 120, completionTokens: 30, costMicros: 45))
    }

    /// Totals per player, per guild and over everything equal the sums of the rows recorded.
    func modelCallTotals() async throws {
        #expect(try await store.readTalk { try await $0.modelCallTotals(.everything) } == .zero)
        #expect(try await store.readTalk { try await $0.modelCallTotals(.player(F.p1)) } == .zero)
        let otherGuild = PlayerID(guild: GuildID(8), member: F.p1.member)
        var calls: [ModelCallRecord] = []
        for index in 0..<9 {
            let player = [F.p1, F.p2, otherGuild][index % 3]
            calls.append(
                Self.call(
                    "call-\(index)", player, prompt: Int64(100 + index * 7), completion: Int64(index * 3), cost: Int64(index * 11 + 1),
                    outcome: index == 4 ? .failed(code: "timeout") : .completed))
        }
        let toRecord = calls
        try await store.writeTalk { tx in for call in toRecord { try await tx.insertModelCall(call) } }
        func sums(_ rows: [ModelCallRecord]) -> ModelCallTotals {
            ModelCallTotals(
                calls: Int64(rows.count), promptTokens: rows.reduce(0) { $0 + $1.promptTokens },
                completionTokens: rows.reduce(0) { $0 + $1.completionTokens }, costMicros: rows.reduce(0) { $0 + $1.costMicros })
        }
        #expect(try await store.readTalk { try await $0.modelCallTotals(.player(F.p1)) } == sums(calls.filter { $0.player == F.p1 }))
        #expect(try await store.readTalk { try await $0.modelCallTotals(.player(otherGuild)) } == sums(calls.filter { $0.player == otherGuild }))
        #expect(try await store.readTalk { try await $0.modelCallTotals(.guild(F.p1.guild)) } == sums(calls.filter { $0.player.guild == F.p1.guild }))
        #expect(try await store.readTalk { try await $0.modelCallTotals(.guild(GuildID(9))) } == .zero)
        #expect(try await store.readTalk { try await $0.modelCallTotals(.everything) } == sums(calls))
    }

    /// Discord ids use all 64 bits in guilds and members.
    func extremeIdentifiers() async throws {
        let ids: [UInt64] = [0, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max]
        for id in ids {
            let player = PlayerID(guild: GuildID(id), member: MemberID(id))
            try await store.writeTalk { tx in
                try await tx.appendTurn(Self.turn(player, Self.pell, 1))
                _ = try await tx.recordFirstTalk(player, at: F.t0)
                try await tx.appendTalkMemory(TalkMemoryRecord(member: player.member, characterID: Self.pell, text: "m\(id)", at: F.t0))
                try await tx.insertModelCall(Self.call("call-\(id)", player))
            }
        }
        for id in ids {
            let player = PlayerID(guild: GuildID(id), member: MemberID(id))
            #expect(try await store.readTalk { try await $0.unsummarizedTurns(player, characterID: Self.pell) }.map(\.player) == [player])
            #expect(try await store.readTalk { try await $0.hasTalked(player) })
            #expect(try await store.readTalk { try await $0.talkMemories(member: player.member, characterID: Self.pell) }.map(\.text) == ["m\(id)"])
            #expect(try await store.readTalk { try await $0.modelCall("call-\(id)") }?.player == player)
            #expect(try await store.readTalk { try await $0.modelCallTotals(.guild(player.guild)) }.calls == 1)
        }
    }
}
