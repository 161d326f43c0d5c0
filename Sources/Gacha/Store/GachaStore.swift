import Storage

/// The gacha area's read primitives, on top of the kernel's. A database's transaction type
/// conforms to this in its own `Gacha/` folder.
public protocol GachaReader: StoreReader {
    // Members' game state
    func member(_ player: PlayerID) async throws -> MemberRecord?

    // Inventory
    /// Every owned character of the player, in acquisition order.
    func inventory(_ player: PlayerID) async throws -> [InventoryRecord]
    func inventoryCount(_ player: PlayerID) async throws -> Int
    func inventoryRecord(_ player: PlayerID, characterID: String) async throws -> InventoryRecord?

    // Pending pulls
    func pendingPull(_ id: PullID) async throws -> PendingPullRecord?
    /// Pulls still `pending` whose `expiresAt` is at or before `now`, oldest first.
    func expiredPendingPulls(asOf now: Timestamp, limit: Int) async throws -> [PendingPullRecord]
    /// The player's pulls still `pending`, oldest first.
    func openPendingPulls(_ player: PlayerID) async throws -> [PendingPullRecord]

    // Pack draws
    /// The player's pack draw records, by day then pack id.
    func packDraws(_ player: PlayerID) async throws -> [PackDrawRecord]
}

/// The gacha area's write primitives.
public protocol GachaTransaction: GachaReader, StoreTransaction {
    /// Inserts the member's game state; the kernel player must exist (`ensurePlayer`).
    /// `StoreError.duplicate` if it already exists.
    func insertMember(_ member: MemberRecord) async throws
    /// Replaces the stored state of an existing member; `StoreError.notFound` if absent.
    func updateMember(_ member: MemberRecord) async throws

    /// Adds owned characters, in one statement where the database allows. `StoreError.duplicate`
    /// (and nothing added) if a player already owns one of them.
    func insertInventory(_ records: [InventoryRecord]) async throws
    /// Returns whether a row was removed.
    @discardableResult
    func deleteInventory(_ player: PlayerID, characterID: String) async throws -> Bool

    /// `StoreError.duplicate` if the id exists.
    func insertPendingPull(_ pull: PendingPullRecord) async throws
    /// Sets the status and resolution time, and forgets the member's unsaved choices;
    /// `StoreError.notFound` if absent.
    func updatePendingPullStatus(_ id: PullID, status: PullStatus, resolvedAt: Timestamp?) async throws
    /// Remembers the member's keep and replace checklists while the pull is open, so a restart or
    /// another process shows the same choice. `StoreError.notFound` if absent.
    func updatePendingPullChoices(_ id: PullID, choices: PullChoices) async throws

    /// Records that the player drew from each of `packIDs` on `day` (table `pack_draws`). A row
    /// that exists already is left as it is (insert ignoring duplicates: the primary key over
    /// pack, day, guild and member decides), so recording is idempotent. Nothing for an empty set.
    func recordPackDraws(_ player: PlayerID, packIDs: Set<String>, day: Int64) async throws
}

extension GachaTransaction {
    /// `StoreError.duplicate` if the player already owns the character.
    public func insertInventory(_ record: InventoryRecord) async throws {
        try await insertInventory([record])
    }
}

/// How the gacha domain reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `GachaTransaction` (the default implementations below).
public protocol GachaStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writeGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaReader) async throws -> T) async throws -> T
}

extension GachaStore where Self: Store, Self.Transaction: GachaTransaction {
    @discardableResult
    public func writeGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readGacha<T: Sendable>(_ body: @escaping @Sendable (any GachaReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
