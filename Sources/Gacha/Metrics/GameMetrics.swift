import CoreMetrics
import Storage

/// The game's metrics, read off the analytics events an operation committed: a roll, a pull,
/// points minted by source and burned by sink. Counting what committed (not what a transaction
/// body did) keeps a re-run after a conflict, or a repeated idempotent request, from counting twice.
/// Sources and sinks are a fixed list; any other ledger reason is counted as `other`.
public final class GameMetrics: Sendable {
    public static let rollsTotal = "gachabot_game_rolls_total"
    public static let pullsTotal = "gachabot_game_pulls_total"
    public static let pointsMintedTotal = "gachabot_points_minted_total"
    public static let pointsBurnedTotal = "gachabot_points_burned_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        rollsTotal: "Single rolls committed.",
        pullsTotal: "Multi-pulls committed, by size (5, 10, other).",
        pointsMintedTotal: "Points credited to members, by source (the ledger reason; a fixed list, else 'other').",
        pointsBurnedTotal: "Points spent by members, by sink (the ledger reason; a fixed list, else 'other').",
    ]

    /// Ledger reasons that credit points, each its own label value.
    public static let sources: [String] = [
        "daily", "duplicate", "pull_conversion", "release", "replace", "inventory_full", "pro_monthly_grant", "other",
    ]
    /// Ledger reasons that take points.
    public static let sinks: [String] = ["shop_purchase", "other"]
    static let pullSizes: [String] = ["5", "10", "other"]

    public static let disabled = GameMetrics(factory: NOOPMetricsHandler.instance)

    private let rolls: CoreMetrics.Counter
    private let pulls: [String: CoreMetrics.Counter]
    private let minted: [String: CoreMetrics.Counter]
    private let burned: [String: CoreMetrics.Counter]

    public init(factory: any MetricsFactory) {
        rolls = CoreMetrics.Counter(label: Self.rollsTotal, dimensions: [], factory: factory)
        func counters(_ name: String, _ label: String, _ values: [String]) -> [String: CoreMetrics.Counter] {
            Dictionary(uniqueKeysWithValues: values.map { ($0, CoreMetrics.Counter(label: name, dimensions: [(label, $0)], factory: factory)) })
        }
        pulls = counters(Self.pullsTotal, "size", Self.pullSizes)
        minted = counters(Self.pointsMintedTotal, "source", Self.sources)
        burned = counters(Self.pointsBurnedTotal, "sink", Self.sinks)
    }

    /// Counts the events one operation committed.
    func committed(_ events: [AnalyticsEvent]) {
        for event in events {
            switch event.name {
            case .roll:
                rolls.increment()
            case .pointsEarned:
                count(event, in: minted)
            case .pointsSpent:
                count(event, in: burned)
            default:
                if event.name.rawValue.hasPrefix("pull_"), let size = Int(event.name.rawValue.dropFirst(5)) {
                    (pulls[String(size)] ?? pulls["other"])?.increment()
                }
            }
        }
    }

    private func count(_ event: AnalyticsEvent, in counters: [String: CoreMetrics.Counter]) {
        guard let amount = event.properties["amount"].flatMap({ Int64($0) }), amount > 0 else { return }
        let reason = event.properties["reason"] ?? "other"
        (counters[reason] ?? counters["other"])?.increment(by: amount)
    }
}
