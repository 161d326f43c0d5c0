import Storage

/// Raises alerts (once per kind, guild and day) and delivers them, retrying failures with the
/// retry policy's backoff. Time comes from `now`, which the caller drives from its clock.
public struct AlertService: Sendable {
    public let store: any OwnerAlertsStore
    /// The operator's webhook, from configuration; it receives every guild's alerts.
    public let operatorWebhook: AlertWebhook?
    public let retry: AlertRetryPolicy
    public let now: @Sendable () -> Timestamp

    public init(store: any OwnerAlertsStore, operatorWebhook: AlertWebhook?, retry: AlertRetryPolicy = AlertRetryPolicy(), now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.operatorWebhook = operatorWebhook
        self.retry = retry
        self.now = now
    }

    /// Records the alert with a delivery to each target that has a webhook now. Returns nil when
    /// the guild already had this kind of alert that day, or when no one would receive it.
    @discardableResult
    public func raise(_ kind: AlertKind, guild: GuildID, day: Int64, message: String) async throws -> OwnerAlertRecord? {
        let time = now()
        let hasOperator = operatorWebhook != nil
        return try await store.writeAlerts { transaction in
            var targets: [AlertTarget] = []
            if try await transaction.alertWebhook(guild) != nil { targets.append(.guild) }
            if hasOperator { targets.append(.operator) }
            guard !targets.isEmpty else { return nil }
            return try await transaction.insertAlert(kind: kind, guild: guild, day: day, message: message, targets: targets, at: time)
        }
    }

    /// Attempts every due delivery once (at most `limit`), and returns how many were delivered.
    @discardableResult
    public func deliverDue(with sender: some AlertSender, limit: Int = 50) async throws -> DeliveryRound {
        let time = now()
        let due = try await store.readAlerts { try await $0.dueAlertDeliveries(at: time, limit: limit) }
        var round = DeliveryRound()
        for item in due {
            let webhook: AlertWebhook?
            switch item.delivery.target {
            case .operator: webhook = operatorWebhook
            case .guild: webhook = try await store.readAlerts { try await $0.alertWebhook(item.alert.guild) }
            }
            let outcome: AlertDeliveryOutcome
            if let webhook {
                do {
                    try await sender.send(Self.text(item.alert, for: item.delivery.target), to: webhook)
                    outcome = .delivered(at: now())
                } catch {
                    outcome = failure(item, error: Self.describe(error), at: now())
                }
            } else {
                outcome = failure(item, error: "no webhook set", at: now())
            }
            switch outcome {
            case .delivered: round.delivered += 1
            case .failed(_, _, let retryAt): if retryAt == nil { round.abandoned += 1 } else { round.retrying += 1 }
            }
            let alertID = item.alert.id
            let target = item.delivery.target
            try await store.writeAlerts { try await $0.recordAlertAttempt(alertID: alertID, target: target, outcome: outcome) }
        }
        return round
    }

    public struct DeliveryRound: Sendable, Hashable {
        public var delivered = 0
        public var retrying = 0
        public var abandoned = 0
        public init() {}
    }

    private func failure(_ item: DueAlertDelivery, error: String, at time: Timestamp) -> AlertDeliveryOutcome {
        let attempts = item.delivery.attempts + 1
        let retryAt = retry.delay(afterFailedAttempts: attempts).map { time.advanced(by: $0) }
        return .failed(at: time, error: error, retryAt: retryAt)
    }

    /// The operator hears every guild's alerts, so their copy names the guild.
    static func text(_ alert: OwnerAlertRecord, for target: AlertTarget) -> String {
        switch target {
        case .guild: alert.message
        case .operator: "[guild \(alert.guild)] \(alert.message)"
        }
    }

    /// A short reason to keep with the delivery, at most 200 characters.
    static func describe(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}
