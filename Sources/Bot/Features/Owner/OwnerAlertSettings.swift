import OwnerAlerts

/// How the bot raises and delivers alerts: the operator's webhook (every guild's alerts), the
/// thresholds, and how often the job looks. From `GACHABOT_ALERT_*` (see docs/analytics.md).
public struct OwnerAlertSettings: Sendable {
    public var operatorWebhook: AlertWebhook?
    /// More payment failures than this in a guild in a day alert.
    public var paymentFailureThreshold: Int
    /// AI cost per guild and day above this many µ$ alerts; nil: no budget.
    public var aiCostBudgetMicros: Int64?
    public var interval: Duration
    public var retry: AlertRetryPolicy

    public init(
        operatorWebhook: AlertWebhook? = nil, paymentFailureThreshold: Int = 3, aiCostBudgetMicros: Int64? = nil,
        interval: Duration = .seconds(60), retry: AlertRetryPolicy = AlertRetryPolicy()
    ) {
        self.operatorWebhook = operatorWebhook
        self.paymentFailureThreshold = paymentFailureThreshold
        self.aiCostBudgetMicros = aiCostBudgetMicros
        self.interval = interval
        self.retry = retry
    }

    /// Reads `GACHABOT_ALERT_WEBHOOK_URL` (the operator's webhook), `GACHABOT_ALERT_PAYMENT_FAILURES`
    /// (a count) and `GACHABOT_ALERT_AI_BUDGET_USD` (dollars a day). A bad value is an error naming
    /// the variable, never its value (the URL holds a token).
    public static func fromEnvironment(_ environment: [String: String]) throws -> OwnerAlertSettings {
        var settings = OwnerAlertSettings()
        if let url = environment["GACHABOT_ALERT_WEBHOOK_URL"], !url.isEmpty {
            do {
                settings.operatorWebhook = try AlertWebhook(url: url)
            } catch {
                throw OwnerAlertSettingsError(variable: "GACHABOT_ALERT_WEBHOOK_URL", problem: "\(error)")
            }
        }
        if let text = environment["GACHABOT_ALERT_PAYMENT_FAILURES"], !text.isEmpty {
            guard let count = Int(text), count >= 0 else {
                throw OwnerAlertSettingsError(variable: "GACHABOT_ALERT_PAYMENT_FAILURES", problem: "must be a whole number of at least 0")
            }
            settings.paymentFailureThreshold = count
        }
        if let text = environment["GACHABOT_ALERT_AI_BUDGET_USD"], !text.isEmpty {
            guard let dollars = Double(text), dollars.isFinite, dollars >= 0, dollars < 1e9 else {
                throw OwnerAlertSettingsError(variable: "GACHABOT_ALERT_AI_BUDGET_USD", problem: "must be an amount of dollars, like 25 or 7.50")
            }
            settings.aiCostBudgetMicros = Int64((dollars * 1_000_000).rounded())
        }
        return settings
    }
}

public struct OwnerAlertSettingsError: Error, CustomStringConvertible {
    public let variable: String
    public let problem: String
    public var description: String { "\(variable) \(problem)" }
}
