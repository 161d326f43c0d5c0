import OwnerAlerts
import PostgresNIO
import Storage

/// The alerts area's primitives: guild webhooks, alerts (one per kind, guild and day) and their
/// deliveries.
extension PostgresTransaction: OwnerAlertsTransaction {
    static let alertColumns = "a.id, a.kind, a.guild_id, a.day, a.message, a.raised_at"
    static let deliveryColumns = "d.alert_id, d.target, d.state, d.attempts::BIGINT, d.next_attempt_at, d.delivered_at, d.last_error"

    public func alertWebhook(_ guild: GuildID) async throws -> AlertWebhook? {
        guard
            let row = try await rows(
                "SELECT webhook_id, webhook_token FROM owner_alert_webhooks WHERE guild_id = \(Self.id(guild.rawValue))"
            ).first
        else { return nil }
        let (id, token) = try row.decode((Int64, String).self)
        return try AlertWebhook(id: UInt64(bitPattern: id), token: token)
    }

    public func alerts(guild: GuildID?, limit: Int) async throws -> [OwnerAlertRecord] {
        if let guild {
            return try await rows("""
                SELECT \(unescaped: Self.alertColumns) FROM owner_alerts a WHERE a.guild_id = \(Self.id(guild.rawValue))
                ORDER BY a.id DESC LIMIT \(Int64(limit))
                """).map(Self.alert)
        }
        return try await rows("SELECT \(unescaped: Self.alertColumns) FROM owner_alerts a ORDER BY a.id DESC LIMIT \(Int64(limit))")
            .map(Self.alert)
    }

    public func alertDeliveries(alertID: Int64) async throws -> [AlertDeliveryRecord] {
        try await rows("""
            SELECT \(unescaped: Self.deliveryColumns) FROM owner_alert_deliveries d WHERE d.alert_id = \(alertID) ORDER BY d.target
            """).map { try Self.delivery($0.decode((Int64, String, String, Int64, Int64?, Int64?, String?).self)) }
    }

    public func dueAlertDeliveries(at now: Timestamp, limit: Int) async throws -> [DueAlertDelivery] {
        try await rows("""
            SELECT \(unescaped: Self.alertColumns), \(unescaped: Self.deliveryColumns)
            FROM owner_alert_deliveries d JOIN owner_alerts a ON a.id = d.alert_id
            WHERE d.state = 'pending' AND d.next_attempt_at <= \(now.millisecondsSinceEpoch)
            ORDER BY d.next_attempt_at, d.alert_id, d.target LIMIT \(Int64(limit))
            """).map { row in
            let (id, kind, guild, day, message, raised, alertID, target, state, attempts, next, delivered, error) = try row.decode(
                (Int64, String, Int64, Int64, String, Int64, Int64, String, String, Int64, Int64?, Int64?, String?).self)
            return DueAlertDelivery(
                alert: try Self.alert((id, kind, guild, day, message, raised)),
                delivery: try Self.delivery((alertID, target, state, attempts, next, delivered, error)))
        }
    }

    public func setAlertWebhook(_ guild: GuildID, _ webhook: AlertWebhook?, at time: Timestamp) async throws {
        let guildID = Self.id(guild.rawValue)
        guard let webhook else {
            try await rows("DELETE FROM owner_alert_webhooks WHERE guild_id = \(guildID)")
            return
        }
        try await rows("""
            INSERT INTO owner_alert_webhooks (guild_id, webhook_id, webhook_token, updated_at)
            VALUES (\(guildID), \(Self.id(webhook.id)), \(webhook.token), \(time.millisecondsSinceEpoch))
            ON CONFLICT (guild_id) DO UPDATE SET webhook_id = excluded.webhook_id, webhook_token = excluded.webhook_token,
                updated_at = excluded.updated_at
            """)
    }

    public func insertAlert(
        kind: AlertKind, guild: GuildID, day: Int64, message: String, targets: [AlertTarget], at time: Timestamp
    ) async throws -> OwnerAlertRecord? {
        // The unique key on (kind, guild_id, day) decides a second alert of the day. One raised by
        // a concurrent transaction this snapshot cannot see fails with 40001, and the store re-runs
        // the body, which then sees it and inserts nothing.
        guard
            let id = try await rows("""
                INSERT INTO owner_alerts (kind, guild_id, day, message, raised_at)
                VALUES (\(kind.rawValue), \(Self.id(guild.rawValue)), \(day), \(message), \(time.millisecondsSinceEpoch))
                ON CONFLICT (kind, guild_id, day) DO NOTHING RETURNING id
                """).first?.decode(Int64.self)
        else { return nil }
        let ordered = Set(targets).map(\.rawValue).sorted()
        if !ordered.isEmpty {
            try await rows("""
                INSERT INTO owner_alert_deliveries (alert_id, target, state, attempts, next_attempt_at)
                SELECT \(id), target, 'pending', 0, \(time.millisecondsSinceEpoch) FROM UNNEST(\(ordered)::TEXT[]) AS t(target)
                """)
        }
        return OwnerAlertRecord(id: id, kind: kind, guild: guild, day: day, message: message, raisedAt: time)
    }

    @discardableResult
    public func recordAlertAttempt(alertID: Int64, target: AlertTarget, outcome: AlertDeliveryOutcome) async throws -> Bool {
        switch outcome {
        case .delivered(let at):
            return try await !rows("""
                UPDATE owner_alert_deliveries SET state = 'delivered', attempts = attempts + 1, next_attempt_at = NULL,
                    delivered_at = \(at.millisecondsSinceEpoch), last_error = NULL
                WHERE alert_id = \(alertID) AND target = \(target.rawValue) AND state = 'pending'
                RETURNING 1
                """).isEmpty
        case .failed(_, let error, let retryAt):
            let state = retryAt == nil ? "abandoned" : "pending"
            return try await !rows("""
                UPDATE owner_alert_deliveries SET state = \(state), attempts = attempts + 1,
                    next_attempt_at = \(retryAt?.millisecondsSinceEpoch), last_error = \(error)
                WHERE alert_id = \(alertID) AND target = \(target.rawValue) AND state = 'pending'
                RETURNING 1
                """).isEmpty
        }
    }

    static func alert(_ row: PostgresRow) throws -> OwnerAlertRecord {
        try alert(row.decode((Int64, String, Int64, Int64, String, Int64).self))
    }

    static func alert(_ columns: (Int64, String, Int64, Int64, String, Int64)) throws -> OwnerAlertRecord {
        let (id, kind, guild, day, message, raised) = columns
        guard let alertKind = AlertKind(rawValue: kind) else { throw StoreError.corruptData("owner_alerts: unknown kind \(kind)") }
        return OwnerAlertRecord(
            id: id, kind: alertKind, guild: GuildID(UInt64(bitPattern: guild)), day: day, message: message,
            raisedAt: Timestamp(millisecondsSinceEpoch: raised))
    }

    static func delivery(_ columns: (Int64, String, String, Int64, Int64?, Int64?, String?)) throws -> AlertDeliveryRecord {
        let (alertID, target, state, attempts, next, delivered, error) = columns
        guard let alertTarget = AlertTarget(rawValue: target), let deliveryState = AlertDeliveryRecord.State(rawValue: state) else {
            throw StoreError.corruptData("owner_alert_deliveries: unknown target or state \(target)/\(state)")
        }
        return AlertDeliveryRecord(
            alertID: alertID, target: alertTarget, state: deliveryState, attempts: Int(attempts),
            nextAttemptAt: next.map(Timestamp.init(millisecondsSinceEpoch:)),
            deliveredAt: delivered.map(Timestamp.init(millisecondsSinceEpoch:)), lastError: error)
    }
}

extension PostgresStore: OwnerAlertsStore {}
