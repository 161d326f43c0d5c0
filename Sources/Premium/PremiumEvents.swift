import Storage

/// The premium area's analytics event names and ledger reasons.
extension EventName {
    public static let conversion: EventName = "conversion"
    public static let subscriptionRenewed: EventName = "subscription_renewed"
    public static let subscriptionCanceled: EventName = "subscription_canceled"
    public static let paymentFailed: EventName = "payment_failed"
    public static let trialStart: EventName = "trial_start"
    public static let trialEnd: EventName = "trial_end"
    public static let usageWarning: EventName = "usage_warning"
    public static let limitReached: EventName = "limit_reached"
    public static let upgradePromptShown: EventName = "upgrade_prompt_shown"
    public static let experimentExposure: EventName = "experiment_exposure"
}

extension LedgerReason {
    /// The monthly points grant for a paid Pro invoice.
    public static let proMonthlyGrant: LedgerReason = "pro_monthly_grant"
}
