/// A database that keeps every area's state. Each implementation (SQLite, PostgreSQL) passes the
/// conformance suite in `StoreConformance`; the domain never sees SQL.
///
/// One transaction type per database conforms to the kernel's `StoreTransaction` and to every
/// area's own transaction protocol (`GachaTransaction`, …), so an operation that spans areas is
/// still one atomic transaction. Areas reach it through their own store protocol, which the
/// database's store adopts with an empty extension when its transaction type conforms.
///
/// Every state change runs inside one `write`: either all of the body's primitives commit (state,
/// ledger entries, analytics events together) or none does; a thrown error rolls everything back.
///
/// **A body may run more than once.** A database that detects conflicts instead of serializing
/// writers (PostgreSQL) re-runs the body after a serialization failure or a deadlock. Bodies therefore have no effects outside the transaction, and draw anything that must
/// not change on a re-run (randomness, new identifiers, the time) before the transaction or from a
/// seed drawn before it.
public protocol Store: Sendable {
    associatedtype Transaction: StoreTransaction

    /// Runs `body` in one read-write transaction and commits if it returns.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T

    /// Runs `body` against a consistent read-only snapshot. Areas hand the body only their reader
    /// protocol, so it cannot call a write primitive.
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T
}

/// The kernel's read primitives: what every area shares. Available in `read` and inside `write`.
public protocol StoreReader: Sendable {
    // Players
    /// The player's kernel record, or nil if the store has never seen them.
    func player(_ player: PlayerID) async throws -> PlayerRecord?

    // Points ledger
    /// 0 for a player the store has never seen.
    func balance(_ player: PlayerID) async throws -> Int64
    /// The newest entries first.
    func recentLedgerEntries(_ player: PlayerID, limit: Int) async throws -> [LedgerEntry]
    func ledgerEntry(_ player: PlayerID, idempotencyKey: String) async throws -> LedgerEntry?
    /// Every player whose balance differs from the sum of their entries or is negative. Always empty
    /// in a healthy store; tests run it after every scenario.
    func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy]

    // Idempotency
    func idempotencyRecord(_ player: PlayerID, key: String) async throws -> IdempotencyRecord?

    // Analytics outbox
    /// Events in insertion order, optionally filtered by player and name.
    func analyticsEvents(player: PlayerID?, name: EventName?, limit: Int) async throws -> [AnalyticsEvent]
}

/// The kernel's write primitives, only inside `Store.write`.
public protocol StoreTransaction: StoreReader {
    /// Orders this transaction after every other one that locked the same player and committed,
    /// until it ends; a no-op for a player not yet recorded (the unique key decides first
    /// sights). Call it first: what the transaction then reads about the player stays true until
    /// it commits. A database that serializes all writers may do nothing here.
    func lockPlayer(_ player: PlayerID) async throws

    /// Records the player (and their guild and user) unless already known; returns whether this
    /// call created them. The unique key decides, so two first sights at once create one player.
    @discardableResult
    func ensurePlayer(_ player: PlayerID, at time: Timestamp) async throws -> Bool

    /// Appends an entry and moves the balance by its amount in one statement, returning the entry
    /// with `id` and `balanceAfter` filled in. Throws `StoreError.insufficientBalance` if the
    /// balance would go negative, `StoreError.notFound` for an unknown player, and
    /// `StoreError.duplicate` if the player already has an entry with this key (decided by the
    /// unique constraint: the whole transaction then rolls back).
    @discardableResult
    func appendLedgerEntry(_ entry: LedgerEntry) async throws -> LedgerEntry

    /// `StoreError.duplicate` if the player already has a record with this key.
    func insertIdempotencyRecord(_ record: IdempotencyRecord) async throws

    /// Appends to the analytics outbox in the same transaction as the change it describes.
    @discardableResult
    func appendAnalyticsEvent(_ event: AnalyticsEvent) async throws -> AnalyticsEvent

    /// Appends several events in their order, in one statement where the database allows: an
    /// operation's events cost one round trip, not one each.
    func appendAnalyticsEvents(_ events: [AnalyticsEvent]) async throws
}
