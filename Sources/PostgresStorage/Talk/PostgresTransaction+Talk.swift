import PostgresNIO
import Storage
import Talk

/// The talk area's primitives: conversation turns, the first-talk marker, long-term memories and
/// the model-call ledger.
extension PostgresTransaction: TalkTransaction {
    // MARK: Conversations

    static let turnColumns = "guild_id, member_id, character_id, seq, role, text, at, estimated_tokens, summarized"

    public func unsummarizedTurns(_ player: PlayerID, characterID: String) async throws -> [TalkTurnRecord] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT \(unescaped: Self.turnColumns) FROM talk_turns
            WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID) AND NOT summarized
            ORDER BY seq
            """).map(Self.turn)
    }

    public func lastTurnSeq(_ player: PlayerID, characterID: String) async throws -> Int64 {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT COALESCE(MAX(seq), 0)::BIGINT FROM talk_turns
            WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID)
            """).first?.decode(Int64.self) ?? 0
    }

    public func hasTalked(_ player: PlayerID) async throws -> Bool {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await !rows("SELECT 1 FROM talk_firsts WHERE guild_id = \(guild) AND member_id = \(member)").isEmpty
    }

    public func appendTurns(_ turns: [TalkTurnRecord]) async throws {
        guard !turns.isEmpty else { return }
        do {
            try await rows("""
                INSERT INTO talk_turns (\(unescaped: Self.turnColumns))
                SELECT * FROM UNNEST(\(turns.map { Self.id($0.player.guild.rawValue) })::BIGINT[],
                    \(turns.map { Self.id($0.player.member.rawValue) })::BIGINT[], \(turns.map(\.characterID))::TEXT[],
                    \(turns.map(\.seq))::BIGINT[], \(turns.map(\.role.rawValue))::TEXT[], \(turns.map(\.text))::TEXT[],
                    \(turns.map(\.at.millisecondsSinceEpoch))::BIGINT[], \(turns.map { Int64($0.estimatedTokens) })::BIGINT[],
                    \(turns.map(\.summarized))::BOOLEAN[])
                """)
        } catch StoreError.duplicate(_, let key) {
            throw StoreError.duplicate(what: "talk turn", key: key)
        }
    }

    @discardableResult
    public func markTurnsSummarized(_ player: PlayerID, characterID: String, throughSeq: Int64) async throws -> Int {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            UPDATE talk_turns SET summarized = true
            WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID) AND seq <= \(throughSeq)
                AND NOT summarized
            RETURNING 1
            """).count
    }

    @discardableResult
    public func clearConversation(_ player: PlayerID, characterID: String) async throws -> Int {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            DELETE FROM talk_turns WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID)
            RETURNING 1
            """).count
    }

    /// A first talk that arrives while another holds the same key uncommitted waits for it; if that
    /// one commits after this snapshot began, the server reports a conflict and the store re-runs
    /// this body, which then finds the row.
    public func recordFirstTalk(_ player: PlayerID, at time: Timestamp) async throws -> Bool {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await !rows("""
            INSERT INTO talk_firsts (guild_id, member_id, at) VALUES (\(guild), \(member), \(time.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    static func turn(_ row: PostgresRow) throws -> TalkTurnRecord {
        let (guild, member, character, seq, role, text, at, tokens, summarized) =
            try row.decode((Int64, Int64, String, Int64, String, String, Int64, Int64, Bool).self)
        guard let talkRole = TalkRole(rawValue: role) else { throw StoreError.corruptData("talk_turns: unknown role \(role)") }
        return TalkTurnRecord(
            player: player(guild: guild, member: member), characterID: character, seq: seq, role: talkRole, text: text,
            at: Timestamp(millisecondsSinceEpoch: at), estimatedTokens: Int(tokens), summarized: summarized)
    }

    // MARK: Long-term memories

    public func talkMemories(member: MemberID, characterID: String) async throws -> [TalkMemoryRecord] {
        try await rows("""
            SELECT id, text, at FROM talk_memories WHERE member_id = \(Self.id(member.rawValue)) AND character_id = \(characterID)
            ORDER BY id
            """).map { row in
            let (id, text, at) = try row.decode((Int64, String, Int64).self)
            return TalkMemoryRecord(
                id: id, member: member, characterID: characterID, text: text, at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    @discardableResult
    public func appendTalkMemory(_ memory: TalkMemoryRecord) async throws -> TalkMemoryRecord {
        let id = try await rows("""
            INSERT INTO talk_memories (member_id, character_id, text, at)
            VALUES (\(Self.id(memory.member.rawValue)), \(memory.characterID), \(memory.text), \(memory.at.millisecondsSinceEpoch))
            RETURNING id
            """).first?.decode(Int64.self)
        var stored = memory
        stored.id = id
        return stored
    }

    @discardableResult
    public func clearTalkMemories(member: MemberID, characterID: String) async throws -> Int {
        try await rows("""
            DELETE FROM talk_memories WHERE member_id = \(Self.id(member.rawValue)) AND character_id = \(characterID)
            RETURNING 1
            """).count
    }

    // MARK: Model-call ledger

    static let modelCallColumns = """
        call_id, guild_id, member_id, character_id, pack_id, model, purpose, prompt_tokens, completion_tokens, cost_micros,
        ms_to_first_token, ms_total, outcome, failure_code, usage_estimated, at
        """

    public func modelCall(_ callID: String) async throws -> ModelCallRecord? {
        try await rows("SELECT \(unescaped: Self.modelCallColumns) FROM talk_model_calls WHERE call_id = \(callID)")
            .first.map(Self.modelCall)
    }

    public func recentModelCalls(_ player: PlayerID, limit: Int) async throws -> [ModelCallRecord] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT \(unescaped: Self.modelCallColumns) FROM talk_model_calls
            WHERE guild_id = \(guild) AND member_id = \(member) ORDER BY seq DESC LIMIT \(Int64(max(0, limit)))
            """).map(Self.modelCall)
    }

    public func modelCallTotals(_ scope: ModelCallScope) async throws -> ModelCallTotals {
        let sums: PostgresQuery
        switch scope {
        case .player(let player):
            let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
            sums = """
                SELECT COUNT(*)::BIGINT, COALESCE(SUM(prompt_tokens), 0)::BIGINT, COALESCE(SUM(completion_tokens), 0)::BIGINT,
                    COALESCE(SUM(cost_micros), 0)::BIGINT
                FROM talk_model_calls WHERE guild_id = \(guild) AND member_id = \(member)
                """
        case .guild(let guild):
            sums = """
                SELECT COUNT(*)::BIGINT, COALESCE(SUM(prompt_tokens), 0)::BIGINT, COALESCE(SUM(completion_tokens), 0)::BIGINT,
                    COALESCE(SUM(cost_micros), 0)::BIGINT
                FROM talk_model_calls WHERE guild_id = \(Self.id(guild.rawValue))
                """
        case .everything:
            sums = """
                SELECT COUNT(*)::BIGINT, COALESCE(SUM(prompt_tokens), 0)::BIGINT, COALESCE(SUM(completion_tokens), 0)::BIGINT,
                    COALESCE(SUM(cost_micros), 0)::BIGINT
                FROM talk_model_calls
                """
        }
        guard let row = try await rows(sums).first else { return .zero }
        let (calls, prompt, completion, cost) = try row.decode((Int64, Int64, Int64, Int64).self)
        return ModelCallTotals(calls: calls, promptTokens: prompt, completionTokens: completion, costMicros: cost)
    }

    public func insertModelCall(_ call: ModelCallRecord) async throws {
        do {
            try await rows("""
                INSERT INTO talk_model_calls (\(unescaped: Self.modelCallColumns))
                VALUES (\(call.callID), \(Self.id(call.player.guild.rawValue)), \(Self.id(call.player.member.rawValue)),
                    \(call.characterID), \(call.packID), \(call.model), \(call.purpose.rawValue), \(call.promptTokens),
                    \(call.completionTokens), \(call.costMicros), \(call.msToFirstToken), \(call.msTotal), \(call.outcome.kind),
                    \(call.outcome.failureCode), \(call.usageEstimated), \(call.at.millisecondsSinceEpoch))
                """)
        } catch StoreError.duplicate {
            throw StoreError.duplicate(what: "model call", key: call.callID)
        }
    }

    static func modelCall(_ row: PostgresRow) throws -> ModelCallRecord {
        let r = row.makeRandomAccess()
        func int(_ name: String) throws -> Int64 { try r[name].decode(Int64.self) }
        func text(_ name: String) throws -> String { try r[name].decode(String.self) }
        let (kind, purpose) = (try text("outcome"), try text("purpose"))
        guard let outcome = ModelCallOutcome(kind: kind, failureCode: try r["failure_code"].decode(String?.self)),
            let callPurpose = ModelCallPurpose(rawValue: purpose)
        else {
            throw StoreError.corruptData("talk_model_calls: unknown outcome \(kind) or purpose \(purpose)")
        }
        return ModelCallRecord(
            callID: try text("call_id"), player: player(guild: try int("guild_id"), member: try int("member_id")),
            characterID: try text("character_id"), packID: try r["pack_id"].decode(String?.self), model: try text("model"),
            purpose: callPurpose, promptTokens: try int("prompt_tokens"), completionTokens: try int("completion_tokens"),
            costMicros: try int("cost_micros"), msToFirstToken: try r["ms_to_first_token"].decode(Int64?.self),
            msTotal: try int("ms_total"), outcome: outcome, usageEstimated: try r["usage_estimated"].decode(Bool.self),
            at: Timestamp(millisecondsSinceEpoch: try int("at")))
    }
}

extension PostgresStore: TalkStore {}
