/// When each kind of alert fires: pure functions over the day's figures, so the thresholds are
/// tested on their own and documented in docs/analytics.md.
public enum AlertRules {
    /// Days of history the low-activity rule compares against.
    public static let activityWindowDays = 28
    /// Fewer days of history than this and the rule stays silent: a new guild has no baseline.
    public static let minimumHistoryDays = 14

    /// Daily active members below mean − 3σ (population standard deviation) of the previous days.
    /// Silent with fewer than `minimumHistoryDays` days of history, or when the bound is not
    /// positive (a guild too small or too erratic for the rule to mean anything).
    public static func lowActivity(today: Int, previousDays: [Int]) -> LowActivity? {
        let history = previousDays.suffix(activityWindowDays)
        guard history.count >= minimumHistoryDays else { return nil }
        let count = Double(history.count)
        let mean = history.reduce(0.0) { $0 + Double($1) } / count
        let variance = history.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        let bound = mean - 3 * variance.squareRoot()
        guard bound > 0, Double(today) < bound else { return nil }
        return LowActivity(today: today, mean: mean, standardDeviation: variance.squareRoot(), bound: bound)
    }

    public struct LowActivity: Sendable, Hashable {
        public var today: Int
        public var mean: Double
        public var standardDeviation: Double
        public var bound: Double
    }

    /// Strictly more payment failures in the day than the threshold.
    public static func paymentFailures(count: Int, threshold: Int) -> Bool { count > threshold }

    /// AI cost in the day (micro-dollars) strictly above the budget; a budget of nil never fires.
    public static func aiCost(microdollars: Int64, budget: Int64?) -> Bool {
        guard let budget else { return false }
        return microdollars > budget
    }
}
