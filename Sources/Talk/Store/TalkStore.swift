import Storage

/// The talk area's read primitives, on top of the kernel's. A database's transaction type
/// conforms to this in its own `Talk/` folder.
public protocol TalkReader: StoreReader {
    // Conversations: per (member, server, character)
    /// The conversation's turns not yet folded into memory, by `seq`.
    func unsummarizedTurns(_ player: PlayerID, characterID: String) async throws -> [TalkTurnRecord]
    /// The highest `seq` the conversation holds (summarised turns included), 0 for none: the
    /// next turn takes the one after.
    func lastTurnSeq(_ player: PlayerID, characterID: String) async throws -> Int64
    /// Whether the member ever talked in this server (with any character), reset or not.
    func hasTalked(_ player: PlayerID) async throws -> Bool

    // Long-term memories: per (member, character), across servers
    /// In the order they were appended.
    func talkMemories(member: MemberID, characterID: String) async throws -> [TalkMemoryRecord]

    // Model-call ledger
    func modelCall(_ callID: String) async throws -> ModelCallRecord?
    /// The player's calls, newest first.
    func recentModelCalls(_ player: PlayerID, limit: Int) async throws -> [ModelCallRecord]
    /// Sums over every call in the scope (zeros when there is none).
    func modelCallTotals(_ scope: ModelCallScope) async throws -> ModelCallTotals
}

/// The talk area's write primitives.
public protocol TalkTransaction: TalkReader, StoreTransaction {
    /// Appends turns in one statement where the database allows. `StoreError.duplicate` (and
    /// nothing added) if the conversation already has a turn with one of their `seq`s.
    func appendTurns(_ turns: [TalkTurnRecord]) async throws
    /// Marks the conversation's turns with `seq` ≤ `throughSeq` as folded into memory; returns how
    /// many changed.
    @discardableResult
    func markTurnsSummarized(_ player: PlayerID, characterID: String, throughSeq: Int64) async throws -> Int
    /// Removes every turn of the conversation (`/talk reset`: short-term memory only; long-term
    /// memories stay). Returns how many were removed.
    @discardableResult
    func clearConversation(_ player: PlayerID, characterID: String) async throws -> Int
    /// Records that the member talked in this server; returns true only the first time ever (the
    /// unique key over guild and member decides, so two first talks at once record one).
    func recordFirstTalk(_ player: PlayerID, at time: Timestamp) async throws -> Bool

    /// Appends a memory and returns it with its `id`.
    @discardableResult
    func appendTalkMemory(_ memory: TalkMemoryRecord) async throws -> TalkMemoryRecord
    /// Forgets every long-term memory of the member about the character; returns how many.
    @discardableResult
    func clearTalkMemories(member: MemberID, characterID: String) async throws -> Int

    /// Records a model call. `StoreError.duplicate` if its `callID` is already recorded.
    func insertModelCall(_ call: ModelCallRecord) async throws
}

extension TalkTransaction {
    /// `StoreError.duplicate` if the conversation already has a turn with this `seq`.
    public func appendTurn(_ turn: TalkTurnRecord) async throws {
        try await appendTurns([turn])
    }
}

/// How the talk domain reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `TalkTransaction` (the default implementations below).
public protocol TalkStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writeTalk<T: Sendable>(_ body: @escaping @Sendable (any TalkTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readTalk<T: Sendable>(_ body: @escaping @Sendable (any TalkReader) async throws -> T) async throws -> T
}

extension TalkStore where Self: Store, Self.Transaction: TalkTransaction {
    @discardableResult
    public func writeTalk<T: Sendable>(_ body: @escaping @Sendable (any TalkTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readTalk<T: Sendable>(_ body: @escaping @Sendable (any TalkReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
