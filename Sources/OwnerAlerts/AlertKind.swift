/// What an alert is about. At most one alert of a kind per guild and UTC day: the store's unique
/// key on (kind, guild, day) decides.
public enum AlertKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A member of the guild became a paying Pro customer.
    case proConversion = "pro_conversion"
    /// Daily active members fell below mean − 3σ of the previous 28 days.
    case lowActivity = "low_activity"
    /// Payment failures in a day above the configured threshold.
    case paymentFailures = "payment_failures"
    /// AI (talk) cost in a day above the configured budget.
    case aiCost = "ai_cost"
}
