import Foundation
import GRDB
import Premium
import Storage

/// The premium area's primitives: processed Stripe events, entitlements, Stripe customers,
/// trials, usage meters, feature flags.
extension SQLiteTransaction: PremiumTransaction {
    // MARK: Stripe events

    public func stripeEvent(_ eventID: String) async throws -> StripeEventRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_stripe_events WHERE event_id = ?"), arguments: [eventID]
            ).map { row in
                StripeEventRecord(
                    eventID: row["event_id"], type: row["type"], created: row["created"],
                    processedAt: Timestamp(millisecondsSinceEpoch: row["processed_at"]))
            }
        }
    }

    public func recordStripeEvent(_ event: StripeEventRecord) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_stripe_events (event_id, type, created, processed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [event.eventID, event.type, event.created, event.processedAt.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    // MARK: Entitlements

    public func entitlement(source: EntitlementSource, sourceID: String) async throws -> EntitlementRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_entitlements WHERE source = ? AND source_id = ?"),
                arguments: [source.rawValue, sourceID]
            ).map(Self.entitlementRecord)
        }
    }

    public func entitlements(user: MemberID) async throws -> [EntitlementRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM premium_entitlements WHERE user_id = ? ORDER BY source, source_id"),
                arguments: [Int64(bitPattern: user.rawValue)]
            ).map(Self.entitlementRecord)
        }
    }

    public func upsertEntitlement(_ e: EntitlementRecord) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_entitlements (source, source_id, user_id, guild_id, tier, status, period_start,
                    period_end, customer_id, order_created, order_event, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, source_id) DO UPDATE SET user_id = excluded.user_id, guild_id = excluded.guild_id,
                    tier = excluded.tier, status = excluded.status, period_start = excluded.period_start,
                    period_end = excluded.period_end, customer_id = excluded.customer_id,
                    order_created = excluded.order_created, order_event = excluded.order_event,
                    updated_at = excluded.updated_at
                """)
                .execute(arguments: [
                    e.source.rawValue, e.sourceID, Int64(bitPattern: e.user.rawValue), e.guild.map { Int64(bitPattern: $0.rawValue) },
                    e.tier.rawValue, e.status.rawValue, e.periodStart?.millisecondsSinceEpoch, e.periodEnd?.millisecondsSinceEpoch,
                    e.customerID, e.orderCreated, e.orderEventID, e.updatedAt.millisecondsSinceEpoch,
                ])
        }
    }

    // MARK: Stripe customers

    public func stripeCustomer(_ customerID: String) async throws -> StripeCustomerRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_stripe_customers WHERE customer_id = ?"), arguments: [customerID]
            ).map { row in
                let guild: Int64? = row["guild_id"]
                let user: Int64 = row["user_id"]
                return StripeCustomerRecord(
                    customerID: row["customer_id"], user: MemberID(UInt64(bitPattern: user)),
                    guild: guild.map { GuildID(UInt64(bitPattern: $0)) }, createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]))
            }
        }
    }

    public func linkStripeCustomer(_ customer: StripeCustomerRecord) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_stripe_customers (customer_id, user_id, guild_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    customer.customerID, Int64(bitPattern: customer.user.rawValue), customer.guild.map { Int64(bitPattern: $0.rawValue) },
                    customer.createdAt.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    // MARK: Trials

    public func trial(user: MemberID) async throws -> TrialRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_trials WHERE user_id = ?"), arguments: [Int64(bitPattern: user.rawValue)]
            ).map { row in
                let source: String = row["source"]
                return TrialRecord(
                    user: user, source: EntitlementSource(rawValue: source) ?? .trial, sourceID: row["source_id"],
                    startedAt: Timestamp(millisecondsSinceEpoch: row["started_at"]), endsAt: Timestamp(millisecondsSinceEpoch: row["ends_at"]))
            }
        }
    }

    public func recordTrial(_ trial: TrialRecord) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_trials (user_id, source, source_id, started_at, ends_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    Int64(bitPattern: trial.user.rawValue), trial.source.rawValue, trial.sourceID,
                    trial.startedAt.millisecondsSinceEpoch, trial.endsAt.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    public func trialsToRemind(endingAfter after: Timestamp, through: Timestamp) async throws -> [TrialRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT t.* FROM premium_trials t
                    WHERE t.source = ? AND t.ends_at > ? AND t.ends_at <= ?
                        AND NOT EXISTS (SELECT 1 FROM premium_trial_reminders r WHERE r.user_id = t.user_id)
                    ORDER BY t.ends_at, t.user_id
                    """),
                arguments: [EntitlementSource.trial.rawValue, after.millisecondsSinceEpoch, through.millisecondsSinceEpoch]
            ).map(Self.trialRecord)
        }
    }

    public func trialsToEnd(at time: Timestamp) async throws -> [TrialRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT t.* FROM premium_trials t
                    WHERE t.source = ? AND t.ends_at <= ? AND NOT EXISTS (SELECT 1 FROM premium_trial_ends e WHERE e.user_id = t.user_id)
                    ORDER BY t.ends_at, t.user_id
                    """),
                arguments: [EntitlementSource.trial.rawValue, time.millisecondsSinceEpoch]
            ).map(Self.trialRecord)
        }
    }

    public func trialReminder(user: MemberID) async throws -> TrialReminder? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_trial_reminders WHERE user_id = ?"), arguments: [Int64(bitPattern: user.rawValue)]
            ).map(Self.trialReminder)
        }
    }

    public func trialReminders(state: TrialReminder.State) async throws -> [TrialReminder] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM premium_trial_reminders WHERE state = ? ORDER BY user_id"), arguments: [state.rawValue]
            ).map(Self.trialReminder)
        }
    }

    public func recordTrialReminder(_ reminder: TrialReminder) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_trial_reminders (user_id, source_id, ends_at, state, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    Int64(bitPattern: reminder.user.rawValue), reminder.sourceID, reminder.endsAt.millisecondsSinceEpoch, reminder.state.rawValue,
                    reminder.updatedAt.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    public func moveTrialReminder(user: MemberID, from: TrialReminder.State, to: TrialReminder.State, at time: Timestamp) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "UPDATE premium_trial_reminders SET state = ?, updated_at = ? WHERE user_id = ? AND state = ?")
                .execute(arguments: [to.rawValue, time.millisecondsSinceEpoch, Int64(bitPattern: user.rawValue), from.rawValue])
            return db.changesCount > 0
        }
    }

    public func recordTrialEnd(user: MemberID, outcome: String, at time: Timestamp) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "INSERT INTO premium_trial_ends (user_id, outcome, ended_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [Int64(bitPattern: user.rawValue), outcome, time.millisecondsSinceEpoch])
            return db.changesCount > 0
        }
    }

    static func trialRecord(_ row: Row) -> TrialRecord {
        let user: Int64 = row["user_id"]
        let source: String = row["source"]
        return TrialRecord(
            user: MemberID(UInt64(bitPattern: user)), source: EntitlementSource(rawValue: source) ?? .trial, sourceID: row["source_id"],
            startedAt: Timestamp(millisecondsSinceEpoch: row["started_at"]), endsAt: Timestamp(millisecondsSinceEpoch: row["ends_at"]))
    }

    static func trialReminder(_ row: Row) throws -> TrialReminder {
        let user: Int64 = row["user_id"]
        let state: String = row["state"]
        guard let parsed = TrialReminder.State(rawValue: state) else {
            throw StoreError.corruptData("trial reminder of \(user): unknown state \(state)")
        }
        return TrialReminder(
            user: MemberID(UInt64(bitPattern: user)), sourceID: row["source_id"], endsAt: Timestamp(millisecondsSinceEpoch: row["ends_at"]),
            state: parsed, updatedAt: Timestamp(millisecondsSinceEpoch: row["updated_at"]))
    }

    // MARK: Usage meters

    public func usage(_ key: UsageKey) async throws -> UsageCounter? {
        try run { db in try Self.usageCounter(db, key) }
    }

    public func usageAudit(_ key: UsageKey) async throws -> [UsageAuditEntry] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT delta, count_after, reason, at FROM premium_usage_audit
                    WHERE subject = ? AND meter = ? AND period_start = ? ORDER BY id
                    """),
                arguments: Self.arguments(key)
            ).map { row in
                UsageAuditEntry(
                    key: key, delta: row["delta"], countAfter: row["count_after"], reason: row["reason"],
                    at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    public func incrementUsage(_ key: UsageKey, by delta: Int64, limit: Int64?, reason: String, at time: Timestamp) async throws
        -> UsageIncrement
    {
        guard delta > 0 else { throw StoreError.constraintViolation("usage increment \(delta) is not positive") }
        return try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_usage (subject, meter, period_start, count) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING
                """)
                .execute(arguments: Self.arguments(key))
            // The limit check and the count are one statement.
            let after = try Int64.fetchOne(
                db.cachedStatement(sql: """
                    UPDATE premium_usage SET count = count + ?1
                    WHERE subject = ?2 AND meter = ?3 AND period_start = ?4 AND (?5 IS NULL OR count + ?1 <= ?5)
                    RETURNING count
                    """),
                arguments: [delta] + Self.arguments(key) + [limit])
            guard let after else {
                return .limitReached(try Self.usageCounter(db, key) ?? UsageCounter(key: key, count: 0))
            }
            try db.cachedStatement(sql: """
                INSERT INTO premium_usage_audit (subject, meter, period_start, delta, count_after, reason, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .execute(arguments: Self.arguments(key) + [delta, after, reason, time.millisecondsSinceEpoch])
            return .counted(try Self.usageCounter(db, key) ?? UsageCounter(key: key, count: after))
        }
    }

    public func markUsageWarned(_ key: UsageKey, at time: Timestamp) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                UPDATE premium_usage SET warned_at = ? WHERE subject = ? AND meter = ? AND period_start = ? AND warned_at IS NULL
                """)
                .execute(arguments: [time.millisecondsSinceEpoch] + Self.arguments(key))
            return db.changesCount > 0
        }
    }

    // MARK: Feature flags

    public func featureFlag(_ name: String) async throws -> FeatureFlag? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM premium_flags WHERE name = ?"), arguments: [name]).map(Self.flag)
        }
    }

    public func featureFlags() async throws -> [FeatureFlag] {
        try run { db in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM premium_flags ORDER BY name")).map(Self.flag) }
    }

    public func upsertFeatureFlag(_ flag: FeatureFlag) async throws {
        try flag.validate()
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_flags (name, rollout, killed, guardrail, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET rollout = excluded.rollout, killed = excluded.killed,
                    guardrail = excluded.guardrail, updated_at = excluded.updated_at
                """)
                .execute(arguments: [flag.name, flag.rollout, flag.killed, flag.guardrail, flag.updatedAt.millisecondsSinceEpoch])
            try Self.bumpFlagsVersion(db)
        }
    }

    public func flagsKilled() async throws -> Bool {
        try run { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT killed FROM premium_flag_switch WHERE id = 1")) ?? false }
    }

    public func setFlagsKilled(_ killed: Bool, at time: Timestamp) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_flag_switch (id, killed, updated_at) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET killed = excluded.killed, updated_at = excluded.updated_at
                """)
                .execute(arguments: [killed, time.millisecondsSinceEpoch])
            try Self.bumpFlagsVersion(db)
        }
    }

    public func flagsVersion() async throws -> Int64 {
        try run { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM premium_flags_version WHERE id = 1")) ?? 0 }
    }

    public func flagAudit(_ name: String) async throws -> [FlagAuditEntry] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT name, rollout_before, rollout_after, actor, reason, at FROM premium_flag_audit WHERE name = ? ORDER BY id
                    """),
                arguments: [name]
            ).map { row in
                FlagAuditEntry(
                    name: row["name"], rolloutBefore: row["rollout_before"], rolloutAfter: row["rollout_after"], actor: row["actor"],
                    reason: row["reason"], at: Timestamp(millisecondsSinceEpoch: row["at"]))
            }
        }
    }

    public func appendFlagAudit(_ entry: FlagAuditEntry) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_flag_audit (name, rollout_before, rollout_after, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)
                """)
                .execute(arguments: [
                    entry.name, entry.rolloutBefore, entry.rolloutAfter, entry.actor, entry.reason, entry.at.millisecondsSinceEpoch,
                ])
        }
    }

    public func guardrailObservations(_ metric: GuardrailMetric, from: Timestamp, to: Timestamp) async throws -> [GuardrailObservation] {
        let sql: String
        let arguments: StatementArguments
        switch metric {
        case .trialToPaid:
            sql = """
                SELECT t.member_id, EXISTS (SELECT 1 FROM analytics_events c WHERE c.name = ? AND c.member_id = t.member_id AND c.at >= t.first_at)
                FROM (SELECT member_id, MIN(at) AS first_at FROM analytics_events WHERE name = ? GROUP BY member_id) t
                WHERE t.first_at >= ? AND t.first_at < ? ORDER BY t.member_id
                """
            arguments = [EventName.conversion.rawValue, EventName.trialStart.rawValue, from.millisecondsSinceEpoch, to.millisecondsSinceEpoch]
        case .d7Retention:
            sql = """
                SELECT f.member_id, EXISTS (SELECT 1 FROM analytics_events a WHERE a.member_id = f.member_id AND a.at >= f.first_at + ?)
                FROM (SELECT member_id, MIN(at) AS first_at FROM analytics_events GROUP BY member_id) f
                WHERE f.first_at >= ? AND f.first_at < ? ORDER BY f.member_id
                """
            arguments = [
                GuardrailMetric.retentionDelay.wholeMilliseconds, from.millisecondsSinceEpoch,
                to.advanced(by: .zero - GuardrailMetric.retentionDelay).millisecondsSinceEpoch,
            ]
        }
        return try run { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let member: Int64 = row[0]
                return GuardrailObservation(user: MemberID(UInt64(bitPattern: member)), succeeded: row[1])
            }
        }
    }

    // MARK: Price experiments

    public func experimentAssignment(_ experiment: String, user: MemberID) async throws -> ExperimentAssignment? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM premium_experiment_assignments WHERE experiment = ? AND user_id = ?"),
                arguments: [experiment, Int64(bitPattern: user.rawValue)]
            ).map(Self.assignment)
        }
    }

    public func experimentAssignments(_ experiment: String) async throws -> [ExperimentAssignment] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM premium_experiment_assignments WHERE experiment = ? ORDER BY user_id"),
                arguments: [experiment]
            ).map(Self.assignment)
        }
    }

    public func recordExperimentAssignment(_ assignment: ExperimentAssignment) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO premium_experiment_assignments (experiment, user_id, variant, assigned_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .execute(arguments: [
                    assignment.experiment, Int64(bitPattern: assignment.user.rawValue), assignment.variant,
                    assignment.assignedAt.millisecondsSinceEpoch,
                ])
            return db.changesCount > 0
        }
    }

    public func experimentOutcomes(_ experiment: String) async throws -> [AnalyticsEvent] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT e.id, e.name, e.guild_id, e.member_id, e.at, e.properties FROM analytics_events e
                    JOIN premium_experiment_assignments a ON a.experiment = ? AND a.user_id = e.member_id
                    WHERE e.name IN (?, ?) AND e.at >= a.assigned_at ORDER BY e.id
                    """),
                arguments: [experiment, EventName.conversion.rawValue, EventName.subscriptionRenewed.rawValue]
            ).map { row in
                let guild: Int64 = row["guild_id"]
                let member: Int64 = row["member_id"]
                return AnalyticsEvent(
                    id: row["id"], name: EventName(rawValue: row["name"]),
                    player: PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member))),
                    at: Timestamp(millisecondsSinceEpoch: row["at"]), properties: try StringMapJSON.decode(row["properties"]))
            }
        }
    }

    static func assignment(_ row: Row) -> ExperimentAssignment {
        let user: Int64 = row["user_id"]
        return ExperimentAssignment(
            experiment: row["experiment"], user: MemberID(UInt64(bitPattern: user)), variant: row["variant"],
            assignedAt: Timestamp(millisecondsSinceEpoch: row["assigned_at"]))
    }

    /// Every flag write raises the change marker in its own transaction, so pollers see the write
    /// exactly when it commits.
    static func bumpFlagsVersion(_ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE premium_flags_version SET version = version + 1 WHERE id = 1").execute()
    }

    // MARK: Mapping

    static func entitlementRecord(_ row: Row) throws -> EntitlementRecord {
        let source: String = row["source"]
        let status: String = row["status"]
        let sourceID: String = row["source_id"]
        guard let parsedSource = EntitlementSource(rawValue: source), let parsedStatus = EntitlementStatus(rawValue: status) else {
            throw StoreError.corruptData("entitlement \(source)/\(sourceID): unknown source or status \(status)")
        }
        let user: Int64 = row["user_id"]
        let guild: Int64? = row["guild_id"]
        let start: Int64? = row["period_start"]
        let end: Int64? = row["period_end"]
        return EntitlementRecord(
            source: parsedSource, sourceID: sourceID, user: MemberID(UInt64(bitPattern: user)),
            guild: guild.map { GuildID(UInt64(bitPattern: $0)) }, tier: PremiumTier(rawValue: row["tier"]), status: parsedStatus,
            periodStart: start.map(Timestamp.init(millisecondsSinceEpoch:)), periodEnd: end.map(Timestamp.init(millisecondsSinceEpoch:)),
            customerID: row["customer_id"], orderCreated: row["order_created"], orderEventID: row["order_event"],
            updatedAt: Timestamp(millisecondsSinceEpoch: row["updated_at"]))
    }

    static func arguments(_ key: UsageKey) -> StatementArguments {
        [key.subject.rawValue, key.meter, key.periodStart.millisecondsSinceEpoch]
    }

    static func usageCounter(_ db: Database, _ key: UsageKey) throws -> UsageCounter? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT count, warned_at FROM premium_usage WHERE subject = ? AND meter = ? AND period_start = ?"),
            arguments: arguments(key)
        ).map { row in
            let warned: Int64? = row["warned_at"]
            return UsageCounter(key: key, count: row["count"], warnedAt: warned.map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }

    static func flag(_ row: Row) -> FeatureFlag {
        FeatureFlag(
            name: row["name"], rollout: row["rollout"], killed: row["killed"], guardrail: row["guardrail"],
            updatedAt: Timestamp(millisecondsSinceEpoch: row["updated_at"]))
    }
}

extension SQLiteStore: PremiumStore {}
