import Economy

/// The creators' side of the bot: the economy's numbers (`Assets/economy.json`: payout minimum,
/// hold, the verification criteria), and how creator DMs are collected and retried.
public struct CreatorSettings: Sendable {
    public var economy: EconomyConfiguration
    public var retry: NotificationRetryPolicy
    /// How often the runtime reads the outbox and sends due DMs.
    public var notificationInterval: Duration
    /// Whether the runtime sends creator DMs at all.
    public var notificationsEnabled: Bool

    public init(
        economy: EconomyConfiguration = EconomyConfiguration(), retry: NotificationRetryPolicy = NotificationRetryPolicy(), notificationInterval: Duration = .seconds(30),
        notificationsEnabled: Bool = true
    ) {
        self.economy = economy
        self.retry = retry
        self.notificationInterval = notificationInterval
        self.notificationsEnabled = notificationsEnabled
    }
}
