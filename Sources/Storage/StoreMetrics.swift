import CoreMetrics

/// A store's metrics: how long transactions take, by kind and database, and how often a write
/// was run again after a serialization failure or deadlock (PostgreSQL; SQLite serializes writers
/// and never re-runs). Handles are resolved once, when the store opens.
public final class StoreMetrics: Sendable {
    public static let transactionDuration = "gachabot_store_transaction_duration_seconds"
    public static let transactionRerunsTotal = "gachabot_store_transaction_reruns_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        transactionDuration:
            "Time a store transaction took from the caller's request to its commit (queueing, re-runs and group commit included), by kind (read, write) and database.",
        transactionRerunsTotal: "Write transactions run again after a serialization failure or deadlock (40001, 40P01), by database.",
    ]

    public enum Database: String, Sendable {
        case sqlite, postgresql
    }

    public enum Kind: Int, Sendable {
        case read, write
    }

    public static func disabled(_ database: Database) -> StoreMetrics { StoreMetrics(factory: NOOPMetricsHandler.instance, database: database) }

    private let durations: [CoreMetrics.Timer]
    private let reruns: CoreMetrics.Counter

    public init(factory: any MetricsFactory, database: Database) {
        durations = ["read", "write"].map {
            CoreMetrics.Timer(label: Self.transactionDuration, dimensions: [("kind", $0), ("database", database.rawValue)], factory: factory)
        }
        reruns = CoreMetrics.Counter(label: Self.transactionRerunsTotal, dimensions: [("database", database.rawValue)], factory: factory)
    }

    /// Runs `body` and records how long it took, whether it returned or threw.
    public func measure<T>(_ kind: Kind, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = start.duration(to: .now)
            durations[kind.rawValue].recordNanoseconds(
                elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        return try await body()
    }

    /// A write is about to run again after a conflict.
    public func rerun() { reruns.increment() }
}
