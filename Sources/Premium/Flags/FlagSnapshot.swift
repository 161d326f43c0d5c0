/// Every flag and the global switch as one read saw them, with the change marker they were read
/// at. An evaluator answers from a snapshot, never from the database.
public struct FlagSnapshot: Sendable, Hashable {
    /// The store's `flagsVersion` when this was read; -1 before the first read.
    public var version: Int64
    public var flags: [String: FeatureFlag]
    public var allKilled: Bool

    public init(version: Int64, flags: [String: FeatureFlag], allKilled: Bool) {
        self.version = version
        self.flags = flags
        self.allKilled = allKilled
    }

    /// Before the first read: every flag off.
    public static let empty = FlagSnapshot(version: -1, flags: [:], allKilled: false)

    /// Reads the snapshot in one consistent read.
    public static func read(from store: any PremiumStore) async throws -> FlagSnapshot {
        try await store.readPremium { reader in
            let version = try await reader.flagsVersion()
            let flags = try await reader.featureFlags()
            let killed = try await reader.flagsKilled()
            return FlagSnapshot(version: version, flags: Dictionary(uniqueKeysWithValues: flags.map { ($0.name, $0) }), allKilled: killed)
        }
    }
}
