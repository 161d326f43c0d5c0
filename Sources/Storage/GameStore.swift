/// The store contract of the game. Each implementation (SQLite now, PostgreSQL later) passes the
/// same conformance suite; the domain never sees SQL.
///
/// Every state change runs inside one `write`: the body composes the primitives of
/// `StoreTransaction`, and either all of them commit (state, ledger entries and analytics events
/// together) or none does. A thrown error rolls the whole transaction back. Writes are serialized
/// with respect to each other, so a body that reads a balance and then spends it cannot race with
/// another write. (An implementation that cannot serialize, such as PostgreSQL under
/// SERIALIZABLE isolation, may instead re-run `body` after a serialization failure: bodies must not
/// have effects outside the transaction, which the domain's bodies honour.)
public protocol GameStore: Sendable {
    /// Runs `body` in one read-write transaction and commits if it returns.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T
    /// Runs `body` against a consistent read-only snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T
}

/// Read primitives, available both in `read` and inside a `write`.
public protocol StoreReader {
    // Members
    func member(_ player: PlayerID) throws -> MemberRecord?

    // Points
    func balance(_ player: PlayerID) throws -> Int64
    /// The newest entries first.
    func recentLedgerEntries(_ player: PlayerID, limit: Int) throws -> [LedgerEntry]
    func ledgerEntry(_ player: PlayerID, idempotencyKey: String) throws -> LedgerEntry?
    /// Every player whose balance differs from the sum of their entries or is negative. Always empty
    /// in a healthy store; tests run it after every scenario.
    func ledgerDiscrepancies() throws -> [LedgerDiscrepancy]

    // Inventory
    /// Every owned character of the player, in acquisition order.
    func inventory(_ player: PlayerID) throws -> [InventoryRecord]
    func inventoryCount(_ player: PlayerID) throws -> Int
    func inventoryRecord(_ player: PlayerID, characterID: String) throws -> InventoryRecord?

    // Pending pulls
    func pendingPull(_ id: PullID) throws -> PendingPullRecord?
    /// Pulls still `pending` whose `expiresAt` is at or before `now`, oldest first.
    func expiredPendingPulls(asOf now: Timestamp, limit: Int) throws -> [PendingPullRecord]
    /// The player's pulls still `pending`, oldest first.
    func openPendingPulls(_ player: PlayerID) throws -> [PendingPullRecord]

    // Idempotency
    func idempotencyRecord(_ player: PlayerID, key: String) throws -> IdempotencyRecord?

    // Analytics
    /// Events in insertion order, optionally filtered by player and name.
    func analyticsEvents(player: PlayerID?, name: EventName?, limit: Int) throws -> [AnalyticsEvent]
}

/// Write primitives, only inside `GameStore.write`.
public protocol StoreTransaction: StoreReader {
    /// Inserts a new member; `StoreError.duplicate` if it already exists.
    func insertMember(_ member: MemberRecord) throws
    /// Replaces the stored state of an existing member; `StoreError.notFound` if absent.
    func updateMember(_ member: MemberRecord) throws

    /// Appends an entry and moves the balance by its amount, returning the entry with `id` and
    /// `balanceAfter` filled in. Throws `StoreError.insufficientBalance` if the balance would go
    /// negative and `StoreError.duplicate` if the player already has an entry with this key.
    @discardableResult
    func appendLedgerEntry(_ entry: LedgerEntry) throws -> LedgerEntry

    /// `StoreError.duplicate` if the player already owns the character.
    func insertInventory(_ record: InventoryRecord) throws
    /// Returns whether a row was removed.
    @discardableResult
    func deleteInventory(_ player: PlayerID, characterID: String) throws -> Bool

    /// `StoreError.duplicate` if the id exists.
    func insertPendingPull(_ pull: PendingPullRecord) throws
    /// Sets the status and resolution time; `StoreError.notFound` if absent.
    func updatePendingPullStatus(_ id: PullID, status: PullStatus, resolvedAt: Timestamp?) throws

    /// `StoreError.duplicate` if the player already has a record with this key.
    func insertIdempotencyRecord(_ record: IdempotencyRecord) throws

    @discardableResult
    func appendAnalyticsEvent(_ event: AnalyticsEvent) throws -> AnalyticsEvent
}
