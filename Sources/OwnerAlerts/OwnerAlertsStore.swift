import Storage

/// The alerts area's reads.
public protocol OwnerAlertsReader: StoreReader {
    /// The guild's alert webhook, or nil when none is set.
    func alertWebhook(_ guild: GuildID) async throws -> AlertWebhook?
    /// The newest alerts first, of one guild or of all.
    func alerts(guild: GuildID?, limit: Int) async throws -> [OwnerAlertRecord]
    func alertDeliveries(alertID: Int64) async throws -> [AlertDeliveryRecord]
    /// Pending deliveries whose next attempt is at or before `now`, the oldest due first.
    func dueAlertDeliveries(at now: Timestamp, limit: Int) async throws -> [DueAlertDelivery]
}

/// The alerts area's writes, inside `Store.write`.
public protocol OwnerAlertsTransaction: StoreTransaction, OwnerAlertsReader {
    /// Sets (or, with nil, clears) the guild's alert webhook.
    func setAlertWebhook(_ guild: GuildID, _ webhook: AlertWebhook?, at time: Timestamp) async throws

    /// Records an alert and one pending delivery per target, due at `time`. Returns nil, writing
    /// nothing, when the guild already has an alert of this kind on this day: the unique key on
    /// (kind, guild, day) decides, so two processes raising it at once record it once.
    func insertAlert(
        kind: AlertKind, guild: GuildID, day: Int64, message: String, targets: [AlertTarget], at time: Timestamp
    ) async throws -> OwnerAlertRecord?

    /// Records one attempt's outcome on a pending delivery; a delivery no longer pending is left
    /// as it is (an attempt raced another), and the call returns false.
    @discardableResult
    func recordAlertAttempt(alertID: Int64, target: AlertTarget, outcome: AlertDeliveryOutcome) async throws -> Bool
}

/// How the alerts area reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `OwnerAlertsTransaction` (the default implementations below).
public protocol OwnerAlertsStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writeAlerts<T: Sendable>(_ body: @escaping @Sendable (any OwnerAlertsTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readAlerts<T: Sendable>(_ body: @escaping @Sendable (any OwnerAlertsReader) async throws -> T) async throws -> T
}

extension OwnerAlertsStore where Self: Store, Self.Transaction: OwnerAlertsTransaction {
    @discardableResult
    public func writeAlerts<T: Sendable>(_ body: @escaping @Sendable (any OwnerAlertsTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readAlerts<T: Sendable>(_ body: @escaping @Sendable (any OwnerAlertsReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
