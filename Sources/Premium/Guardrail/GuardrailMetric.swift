import Storage

/// A metric a rollout can be watched by (`FeatureFlag.guardrail`), measured per member from the
/// analytics events so every database computes it the same way.
public enum GuardrailMetric: String, Sendable, Hashable, CaseIterable, Codable {
    /// Of the members whose first `trial_start` falls in the window, the share with a
    /// `conversion` at or after it.
    case trialToPaid = "trial_to_paid"
    /// Of the members whose first analytics event (any activity) falls in the window and at least
    /// 7 days before its end, the share with any event 7 days or more after that first one.
    case d7Retention = "d7_retention"

    /// How long after the cohort's first event the retention check looks.
    public static let retentionDelay: Duration = .seconds(7 * 86_400)
}

/// One member's observation for a metric: in the cohort, and whether they succeeded
/// (converted, came back).
public struct GuardrailObservation: Hashable, Sendable {
    public var user: MemberID
    public var succeeded: Bool

    public init(user: MemberID, succeeded: Bool) {
        self.user = user
        self.succeeded = succeeded
    }
}
