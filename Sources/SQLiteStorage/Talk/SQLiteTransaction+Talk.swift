import GRDB
import Storage
import Talk

/// The talk area's primitives: conversation turns, the first-talk marker, long-term memories and
/// the model-call ledger.
extension SQLiteTransaction: TalkTransaction {
    // MARK: Conversations

    public func unsummarizedTurns(_ player: PlayerID, characterID: String) async throws -> [TalkTurnRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM talk_turns WHERE guild_id = ? AND member_id = ? AND character_id = ? AND summarized = 0
                    ORDER BY seq
                    """),
                arguments: Self.key(player) + [characterID]
            ).map(Self.turn)
        }
    }

    public func lastTurnSeq(_ player: PlayerID, characterID: String) async throws -> Int64 {
        try run { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: """
                    SELECT COALESCE(MAX(seq), 0) FROM talk_turns WHERE guild_id = ? AND member_id = ? AND character_id = ?
                    """),
                arguments: Self.key(player) + [characterID]) ?? 0
        }
    }

    public func hasTalked(_ player: PlayerID) async throws -> Bool {
        try run { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM talk_firsts WHERE guild_id = ? AND member_id = ?)"),
                arguments: Self.key(player)) ?? false
        }
    }

    public func appendTurns(_ turns: [TalkTurnRecord]) async throws {
        try run { db in
            for turn in turns {
                do {
                    try db.cachedStatement(sql: """
                        INSERT INTO talk_turns (guild_id, member_id, character_id, seq, role, text, at, estimated_tokens, summarized)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                        .execute(
                            arguments: Self.key(turn.player) + [
                                turn.characterID, turn.seq, turn.role.rawValue, turn.text, turn.at.millisecondsSinceEpoch,
                                turn.estimatedTokens, turn.summarized,
                            ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    throw StoreError.duplicate(what: "talk turn", key: "\(turn.player)/\(turn.characterID)#\(turn.seq)")
                }
            }
        }
    }

    @discardableResult
    public func markTurnsSummarized(_ player: PlayerID, characterID: String, throughSeq: Int64) async throws -> Int {
        try run { db in
            try db.cachedStatement(sql: """
                UPDATE talk_turns SET summarized = 1
                WHERE guild_id = ? AND member_id = ? AND character_id = ? AND seq <= ? AND summarized = 0
                """)
                .execute(arguments: Self.key(player) + [characterID, throughSeq])
            return db.changesCount
        }
    }

    @discardableResult
    public func clearConversation(_ player: PlayerID, characterID: String) async throws -> Int {
        try run { db in
            try db.cachedStatement(sql: "DELETE FROM talk_turns WHERE guild_id = ? AND member_id = ? AND character_id = ?")
                .execute(arguments: Self.key(player) + [characterID])
            return db.changesCount
        }
    }

    public func recordFirstTalk(_ player: PlayerID, at time: Timestamp) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO talk_firsts (guild_id, member_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: Self.key(player) + [time.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    static func turn(_ row: Row) throws -> TalkTurnRecord {
        let role: String = row["role"]
        guard let talkRole = TalkRole(rawValue: role) else { throw StoreError.corruptData("talk_turns: unknown role \(role)") }
        return TalkTurnRecord(
            player: player(row), characterID: row["character_id"], seq: row["seq"], role: talkRole, text: row["text"],
            at: Timestamp(millisecondsSinceEpoch: row["at"]), estimatedTokens: row["estimated_tokens"],
            summarized: row["summarized"])
    }

    // MARK: Long-term memories

    public func talkMemories(member: MemberID, characterID: String) async throws -> [TalkMemoryRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM talk_memories WHERE member_id = ? AND character_id = ? ORDER BY id"),
                arguments: [Int64(bitPattern: member.rawValue), characterID]
            ).map { row in
                let member: Int64 = row["member_id"]
                return TalkMemoryRecord(
                    id: row["id"], member: MemberID(UInt64(bitPattern: member)), characterID: row["character_id"],
                    text: row["text"], at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    @discardableResult
    public func appendTalkMemory(_ memory: TalkMemoryRecord) async throws -> TalkMemoryRecord {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO talk_memories (member_id, character_id, text, at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [
                    Int64(bitPattern: memory.member.rawValue), memory.characterID, memory.text, memory.at.millisecondsSinceEpoch,
                ])
            var stored = memory
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    @discardableResult
    public func clearTalkMemories(member: MemberID, characterID: String) async throws -> Int {
        try run { db in
            try db.cachedStatement(sql: "DELETE FROM talk_memories WHERE member_id = ? AND character_id = ?")
                .execute(arguments: [Int64(bitPattern: member.rawValue), characterID])
            return db.changesCount
        }
    }

    // MARK: Model-call ledger

    public func modelCall(_ callID: String) async throws -> ModelCallRecord? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM talk_model_calls WHERE call_id = ?"), arguments: [callID])
                .map(Self.modelCall)
        }
    }

    public func recentModelCalls(_ player: PlayerID, limit: Int) async throws -> [ModelCallRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM talk_model_calls WHERE guild_id = ? AND member_id = ? ORDER BY seq DESC LIMIT ?
                    """),
                arguments: Self.key(player) + [max(0, limit)]
            ).map(Self.modelCall)
        }
    }

    public func modelCallTotals(_ scope: ModelCallScope) async throws -> ModelCallTotals {
        let sums = "SELECT COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cost_micros), 0) FROM talk_model_calls"
        return try run { db in
            let row: Row?
            switch scope {
            case .player(let player):
                row = try Row.fetchOne(
                    db.cachedStatement(sql: sums + " WHERE guild_id = ? AND member_id = ?"), arguments: Self.key(player))
            case .guild(let guild):
                row = try Row.fetchOne(
                    db.cachedStatement(sql: sums + " WHERE guild_id = ?"), arguments: [Int64(bitPattern: guild.rawValue)])
            case .everything:
                row = try Row.fetchOne(db.cachedStatement(sql: sums))
            }
            guard let row else { return .zero }
            return ModelCallTotals(calls: row[0], promptTokens: row[1], completionTokens: row[2], costMicros: row[3])
        }
    }

    public func insertModelCall(_ call: ModelCallRecord) async throws {
        try run { db in
            do {
                try db.cachedStatement(sql: """
                    INSERT INTO talk_model_calls (guild_id, member_id, call_id, character_id, pack_id, model, purpose,
                        prompt_tokens, completion_tokens, cost_micros, ms_to_first_token, ms_total, outcome, failure_code,
                        usage_estimated, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .execute(
                        arguments: Self.key(call.player) + [
                            call.callID, call.characterID, call.packID, call.model, call.purpose.rawValue, call.promptTokens,
                            call.completionTokens, call.costMicros, call.msToFirstToken, call.msTotal, call.outcome.kind,
                            call.outcome.failureCode, call.usageEstimated, call.at.millisecondsSinceEpoch,
                        ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(what: "model call", key: call.callID)
            }
        }
    }

    static func modelCall(_ row: Row) throws -> ModelCallRecord {
        let kind: String = row["outcome"]
        let purpose: String = row["purpose"]
        guard let outcome = ModelCallOutcome(kind: kind, failureCode: row["failure_code"]),
            let purpose = ModelCallPurpose(rawValue: purpose)
        else {
            throw StoreError.corruptData("talk_model_calls: unknown outcome \(kind) or purpose \(purpose)")
        }
        return ModelCallRecord(
            callID: row["call_id"], player: player(row), characterID: row["character_id"], packID: row["pack_id"],
            model: row["model"], purpose: purpose, promptTokens: row["prompt_tokens"],
            completionTokens: row["completion_tokens"], costMicros: row["cost_micros"],
            msToFirstToken: row["ms_to_first_token"], msTotal: row["ms_total"], outcome: outcome,
            usageEstimated: row["usage_estimated"], at: Timestamp(millisecondsSinceEpoch: row["at"]))
    }
}

extension SQLiteStore: TalkStore {}
