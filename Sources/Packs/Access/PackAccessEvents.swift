import Storage

/// Pack access's analytics events and ledger reason, each appended in the transaction of the
/// change it records.
extension EventName {
    public static let packSubscribed: EventName = "pack_subscribed"
    public static let packSubscriptionRenewed: EventName = "pack_subscription_renewed"
    public static let packSubscriptionLapsed: EventName = "pack_subscription_lapsed"
}

extension LedgerReason {
    /// A charge for a period of a pack subscription.
    public static let packSubscription: LedgerReason = "pack_subscription"
}
