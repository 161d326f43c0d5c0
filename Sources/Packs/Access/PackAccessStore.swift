import Storage

/// The pack access primitives: each pack's access mode (`pack_access`, no row = free) and
/// members' points subscriptions (`pack_subscriptions`). Kept apart from `PacksReader` so the
/// access mode never rides on `PackRecord` writes.
public protocol PackAccessReader: PacksReader {
    /// The pack's mode; `.free` for a pack without one (or an unknown pack).
    func packAccess(_ pack: PackID) async throws -> PackAccess
    /// The restricted packs among `packs` with their mode (free ones are left out).
    func restrictedPacks(among packs: [PackID]) async throws -> [PackID: PackAccess]
    /// One query for the roll path: each of `packs` that exists, with its mode, creator, status and
    /// the player's subscription to it (if any).
    func drawAccess(_ player: PlayerID, packs: [PackID]) async throws -> [PackDrawAccess]
    func subscription(_ player: PlayerID, pack: PackID) async throws -> PackSubscription?
    /// The player's subscriptions in any status, newest period end first.
    func subscriptions(_ player: PlayerID) async throws -> [PackSubscription]
    /// Active subscriptions whose period ended at or before `time`, oldest end first.
    func dueSubscriptions(asOf time: Timestamp, limit: Int) async throws -> [PackSubscription]
}

public protocol PackAccessTransaction: PackAccessReader, PacksTransaction {
    /// Sets the mode (free removes the row) and bumps the pool version of every guild that enabled
    /// the pack, so cached pools learn which packs are restricted.
    func setPackAccess(_ pack: PackID, _ access: PackAccess, at time: Timestamp) async throws
    /// `StoreError.duplicate` if the player already has a row for the pack.
    func insertSubscription(_ subscription: PackSubscription) async throws
    /// `StoreError.notFound` if absent.
    func updateSubscription(_ subscription: PackSubscription) async throws
}

/// How pack access reaches a database; adopted with an empty extension.
public protocol PackAccessStore: PacksStore {
    @discardableResult
    func writePackAccess<T: Sendable>(_ body: @escaping @Sendable (any PackAccessTransaction) async throws -> T) async throws -> T
    func readPackAccess<T: Sendable>(_ body: @escaping @Sendable (any PackAccessReader) async throws -> T) async throws -> T
}

extension PackAccessStore where Self: Store, Self.Transaction: PackAccessTransaction {
    @discardableResult
    public func writePackAccess<T: Sendable>(_ body: @escaping @Sendable (any PackAccessTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readPackAccess<T: Sendable>(_ body: @escaping @Sendable (any PackAccessReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
