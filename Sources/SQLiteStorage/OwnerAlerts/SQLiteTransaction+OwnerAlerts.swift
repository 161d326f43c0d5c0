import GRDB
import OwnerAlerts
import Storage

/// The alerts area's primitives: guild webhooks, alerts (one per kind, guild and day) and their
/// deliveries.
extension SQLiteTransaction: OwnerAlertsTransaction {
    public func alertWebhook(_ guild: GuildID) async throws -> AlertWebhook? {
        let row = try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT webhook_id, webhook_token FROM owner_alert_webhooks WHERE guild_id = ?"),
                arguments: [Int64(bitPattern: guild.rawValue)])
        }
        guard let row else { return nil }
        let id: Int64 = row["webhook_id"]
        return try AlertWebhook(id: UInt64(bitPattern: id), token: row["webhook_token"])
    }

    public func alerts(guild: GuildID?, limit: Int) async throws -> [OwnerAlertRecord] {
        try run { db in
            if let guild {
                return try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM owner_alerts WHERE guild_id = ? ORDER BY id DESC LIMIT ?"),
                    arguments: [Int64(bitPattern: guild.rawValue), limit]
                ).compactMap(Self.alert)
            }
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM owner_alerts ORDER BY id DESC LIMIT ?"), arguments: [limit])
                .compactMap(Self.alert)
        }
    }

    public func alertDeliveries(alertID: Int64) async throws -> [AlertDeliveryRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM owner_alert_deliveries WHERE alert_id = ? ORDER BY target"), arguments: [alertID]
            ).compactMap(Self.delivery)
        }
    }

    public func dueAlertDeliveries(at now: Timestamp, limit: Int) async throws -> [DueAlertDelivery] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT a.*, d.alert_id, d.target, d.state, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error
                    FROM owner_alert_deliveries d JOIN owner_alerts a ON a.id = d.alert_id
                    WHERE d.state = 'pending' AND d.next_attempt_at <= ?
                    ORDER BY d.next_attempt_at, d.alert_id, d.target LIMIT ?
                    """),
                arguments: [now.millisecondsSinceEpoch, limit]
            ).compactMap { row in
                guard let alert = Self.alert(row), let delivery = Self.delivery(row) else { return nil }
                return DueAlertDelivery(alert: alert, delivery: delivery)
            }
        }
    }

    public func setAlertWebhook(_ guild: GuildID, _ webhook: AlertWebhook?, at time: Timestamp) async throws {
        try run { db in
            let guildID = Int64(bitPattern: guild.rawValue)
            guard let webhook else {
                try db.cachedStatement(sql: "DELETE FROM owner_alert_webhooks WHERE guild_id = ?").execute(arguments: [guildID])
                return
            }
            try db.cachedStatement(sql: """
                INSERT INTO owner_alert_webhooks (guild_id, webhook_id, webhook_token, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (guild_id) DO UPDATE SET webhook_id = excluded.webhook_id, webhook_token = excluded.webhook_token,
                    updated_at = excluded.updated_at
                """)
                .execute(arguments: [guildID, Int64(bitPattern: webhook.id), webhook.token, time.millisecondsSinceEpoch])
        }
    }

    public func insertAlert(
        kind: AlertKind, guild: GuildID, day: Int64, message: String, targets: [AlertTarget], at time: Timestamp
    ) async throws -> OwnerAlertRecord? {
        try run { db in
            // The unique key on (kind, guild_id, day) decides a second alert of the day.
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: """
                    INSERT INTO owner_alerts (kind, guild_id, day, message, raised_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (kind, guild_id, day) DO NOTHING RETURNING id
                    """),
                arguments: [kind.rawValue, Int64(bitPattern: guild.rawValue), day, message, time.millisecondsSinceEpoch])
            guard let id else { return nil }
            for target in Set(targets).sorted(by: { $0.rawValue < $1.rawValue }) {
                try db.cachedStatement(sql: """
                    INSERT INTO owner_alert_deliveries (alert_id, target, state, attempts, next_attempt_at) VALUES (?, ?, 'pending', 0, ?)
                    """)
                    .execute(arguments: [id, target.rawValue, time.millisecondsSinceEpoch])
            }
            return OwnerAlertRecord(id: id, kind: kind, guild: guild, day: day, message: message, raisedAt: time)
        }
    }

    @discardableResult
    public func recordAlertAttempt(alertID: Int64, target: AlertTarget, outcome: AlertDeliveryOutcome) async throws -> Bool {
        try run { db in
            switch outcome {
            case .delivered(let at):
                try db.cachedStatement(sql: """
                    UPDATE owner_alert_deliveries SET state = 'delivered', attempts = attempts + 1, next_attempt_at = NULL,
                        delivered_at = ?, last_error = NULL
                    WHERE alert_id = ? AND target = ? AND state = 'pending'
                    """)
                    .execute(arguments: [at.millisecondsSinceEpoch, alertID, target.rawValue])
            case .failed(_, let error, let retryAt):
                try db.cachedStatement(sql: """
                    UPDATE owner_alert_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                    WHERE alert_id = ? AND target = ? AND state = 'pending'
                    """)
                    .execute(arguments: [
                        retryAt == nil ? "abandoned" : "pending", retryAt?.millisecondsSinceEpoch, error, alertID, target.rawValue,
                    ])
            }
            return db.changesCount > 0
        }
    }

    static func alert(_ row: Row) -> OwnerAlertRecord? {
        guard let kind = AlertKind(rawValue: row["kind"]) else { return nil }
        let guild: Int64 = row["guild_id"]
        return OwnerAlertRecord(
            id: row["id"], kind: kind, guild: GuildID(UInt64(bitPattern: guild)), day: row["day"], message: row["message"],
            raisedAt: Timestamp(millisecondsSinceEpoch: row["raised_at"]))
    }

    static func delivery(_ row: Row) -> AlertDeliveryRecord? {
        guard let target = AlertTarget(rawValue: row["target"]), let state = AlertDeliveryRecord.State(rawValue: row["state"]) else {
            return nil
        }
        let next: Int64? = row["next_attempt_at"]
        let delivered: Int64? = row["delivered_at"]
        return AlertDeliveryRecord(
            alertID: row["alert_id"], target: target, state: state, attempts: row["attempts"],
            nextAttemptAt: next.map(Timestamp.init(millisecondsSinceEpoch:)),
            deliveredAt: delivered.map(Timestamp.init(millisecondsSinceEpoch:)), lastError: row["last_error"])
    }
}

extension SQLiteStore: OwnerAlertsStore {}
