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
        }
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
