import Storage
import Synchronization

/// The flags as this process evaluates them: an in-memory snapshot, so the interaction path
/// checks a flag with one lock and one hash, never a query. `FlagRefresher` keeps it current.
public final class FeatureFlags: Sendable {
    private let current: Mutex<FlagSnapshot>

    public init(_ snapshot: FlagSnapshot = .empty) {
        current = Mutex(snapshot)
    }

    /// Whether the flag is on for the user: off while the flag is unknown or killed, or every
    /// flag is killed by the global switch (the kill switch wins over any rollout).
    public func isEnabled(_ name: String, user: MemberID) -> Bool {
        let (flag, allKilled) = current.withLock { ($0.flags[name], $0.allKilled) }
        return FlagBucketing.isEnabled(flag, user: user, allFlagsKilled: allKilled)
    }

    public var snapshot: FlagSnapshot { current.withLock { $0 } }

    /// Polls the store's change marker and reloads every flag only when it moved. Returns whether
    /// the snapshot changed.
    @discardableResult
    public func refresh(from store: any PremiumStore) async throws -> Bool {
        let held = current.withLock { $0.version }
        let version = try await store.readPremium { try await $0.flagsVersion() }
        guard version != held else { return false }
        let fresh = try await FlagSnapshot.read(from: store)
        return current.withLock { snapshot in
            // Two refreshes racing: keep the newer read.
            guard fresh.version > snapshot.version else { return false }
            snapshot = fresh
            return true
        }
    }
}
