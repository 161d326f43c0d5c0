import PostgresNIO
import Premium
import Storage

/// The premium area's primitives: processed Stripe events, entitlements, Stripe customers,
/// trials, usage meters, feature flags.
extension PostgresTransaction: PremiumTransaction {
    // MARK: Stripe events

    public func stripeEvent(_ eventID: String) async throws -> StripeEventRecord? {
        try await rows("SELECT event_id, type, created, processed_at FROM premium_stripe_events WHERE event_id = \(eventID)")
            .first.map { row in
                let (id, type, created, processed) = try row.decode((String, String, Int64, Int64).self)
                return StripeEventRecord(eventID: id, type: type, created: created, processedAt: Timestamp(millisecondsSinceEpoch: processed))
            }
    }

    /// A delivery that arrives while another holds the same id uncommitted waits for it; if that
    /// one commits after this snapshot began, the server reports a conflict and the store re-runs
    /// this body, which then finds the id.
    public func recordStripeEvent(_ event: StripeEventRecord) async throws -> Bool {
        try await !rows("""
            INSERT INTO premium_stripe_events (event_id, type, created, processed_at)
            VALUES (\(event.eventID), \(event.type), \(event.created), \(event.processedAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    // MARK: Entitlements

    static let entitlementColumns = """
        source, source_id, user_id, guild_id, tier, status, period_start, period_end, customer_id, order_created, order_event, updated_at
        """

    public func entitlement(source: EntitlementSource, sourceID: String) async throws -> EntitlementRecord? {
        try await rows("""
            SELECT \(unescaped: Self.entitlementColumns) FROM premium_entitlements
            WHERE source = \(source.rawValue) AND source_id = \(sourceID)
            """).first.map(Self.entitlementRecord)
    }

    public func entitlements(user: MemberID) async throws -> [EntitlementRecord] {
        try await rows("""
            SELECT \(unescaped: Self.entitlementColumns) FROM premium_entitlements
            WHERE user_id = \(Self.id(user.rawValue)) ORDER BY source, source_id
            """).map(Self.entitlementRecord)
    }

    public func upsertEntitlement(_ e: EntitlementRecord) async throws {
        let guild = e.guild.map { Self.id($0.rawValue) }
        try await rows("""
            INSERT INTO premium_entitlements (\(unescaped: Self.entitlementColumns))
            VALUES (\(e.source.rawValue), \(e.sourceID), \(Self.id(e.user.rawValue)), \(guild), \(e.tier.rawValue),
                \(e.status.rawValue), \(e.periodStart?.millisecondsSinceEpoch), \(e.periodEnd?.millisecondsSinceEpoch),
                \(e.customerID), \(e.orderCreated), \(e.orderEventID), \(e.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT (source, source_id) DO UPDATE SET user_id = excluded.user_id, guild_id = excluded.guild_id,
                tier = excluded.tier, status = excluded.status, period_start = excluded.period_start,
                period_end = excluded.period_end, customer_id = excluded.customer_id,
                order_created = excluded.order_created, order_event = excluded.order_event, updated_at = excluded.updated_at
            """)
    }

    // MARK: Stripe customers

    public func stripeCustomer(_ customerID: String) async throws -> StripeCustomerRecord? {
        try await rows("SELECT user_id, guild_id, created_at FROM premium_stripe_customers WHERE customer_id = \(customerID)")
            .first.map { row in
                let (user, guild, created) = try row.decode((Int64, Int64?, Int64).self)
                return StripeCustomerRecord(
                    customerID: customerID, user: MemberID(UInt64(bitPattern: user)), guild: guild.map { GuildID(UInt64(bitPattern: $0)) },
                    createdAt: Timestamp(millisecondsSinceEpoch: created))
            }
    }

    public func linkStripeCustomer(_ customer: StripeCustomerRecord) async throws -> Bool {
        let guild = customer.guild.map { Self.id($0.rawValue) }
        return try await !rows("""
            INSERT INTO premium_stripe_customers (customer_id, user_id, guild_id, created_at)
            VALUES (\(customer.customerID), \(Self.id(customer.user.rawValue)), \(guild), \(customer.createdAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    // MARK: Trials

    public func trial(user: MemberID) async throws -> TrialRecord? {
        try await rows("SELECT source, source_id, started_at, ends_at FROM premium_trials WHERE user_id = \(Self.id(user.rawValue))")
            .first.map { row in
                let (source, sourceID, started, ends) = try row.decode((String, String, Int64, Int64).self)
                return TrialRecord(
                    user: user, source: EntitlementSource(rawValue: source) ?? .trial, sourceID: sourceID,
                    startedAt: Timestamp(millisecondsSinceEpoch: started), endsAt: Timestamp(millisecondsSinceEpoch: ends))
            }
    }

    public func recordTrial(_ trial: TrialRecord) async throws -> Bool {
        try await !rows("""
            INSERT INTO premium_trials (user_id, source, source_id, started_at, ends_at)
            VALUES (\(Self.id(trial.user.rawValue)), \(trial.source.rawValue), \(trial.sourceID),
                \(trial.startedAt.millisecondsSinceEpoch), \(trial.endsAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func trialsToRemind(endingAfter after: Timestamp, through: Timestamp) async throws -> [TrialRecord] {
        try await rows("""
            SELECT t.user_id, t.source, t.source_id, t.started_at, t.ends_at FROM premium_trials t
            WHERE t.source = \(EntitlementSource.trial.rawValue) AND t.ends_at > \(after.millisecondsSinceEpoch)
                AND t.ends_at <= \(through.millisecondsSinceEpoch)
                AND NOT EXISTS (SELECT 1 FROM premium_trial_reminders r WHERE r.user_id = t.user_id)
            ORDER BY t.ends_at, t.user_id
            """).map(Self.trialRecord)
    }

    public func trialsToEnd(at time: Timestamp) async throws -> [TrialRecord] {
        try await rows("""
            SELECT t.user_id, t.source, t.source_id, t.started_at, t.ends_at FROM premium_trials t
            WHERE t.source = \(EntitlementSource.trial.rawValue) AND t.ends_at <= \(time.millisecondsSinceEpoch)
                AND NOT EXISTS (SELECT 1 FROM premium_trial_ends e WHERE e.user_id = t.user_id)
            ORDER BY t.ends_at, t.user_id
            """).map(Self.trialRecord)
    }

    public func trialReminder(user: MemberID) async throws -> TrialReminder? {
        try await rows("""
            SELECT user_id, source_id, ends_at, state, updated_at FROM premium_trial_reminders
            WHERE user_id = \(Int64(bitPattern: user.rawValue))
            """).first.map(Self.trialReminder)
    }

    public func trialReminders(state: TrialReminder.State) async throws -> [TrialReminder] {
        try await rows("""
            SELECT user_id, source_id, ends_at, state, updated_at FROM premium_trial_reminders WHERE state = \(state.rawValue) ORDER BY user_id
            """).map(Self.trialReminder)
    }

    public func recordTrialReminder(_ reminder: TrialReminder) async throws -> Bool {
        try await !rows("""
            INSERT INTO premium_trial_reminders (user_id, source_id, ends_at, state, updated_at)
            VALUES (\(Int64(bitPattern: reminder.user.rawValue)), \(reminder.sourceID), \(reminder.endsAt.millisecondsSinceEpoch),
                \(reminder.state.rawValue), \(reminder.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    /// Two processes claiming one reminder: the second waits for the first's row lock and, at
    /// REPEATABLE READ, fails to serialize and is re-run, then finds the state moved.
    public func moveTrialReminder(user: MemberID, from: TrialReminder.State, to: TrialReminder.State, at time: Timestamp) async throws -> Bool {
        try await !rows("""
            UPDATE premium_trial_reminders SET state = \(to.rawValue), updated_at = \(time.millisecondsSinceEpoch)
            WHERE user_id = \(Int64(bitPattern: user.rawValue)) AND state = \(from.rawValue) RETURNING 1
            """).isEmpty
    }

    public func recordTrialEnd(user: MemberID, outcome: String, at time: Timestamp) async throws -> Bool {
        try await !rows("""
            INSERT INTO premium_trial_ends (user_id, outcome, ended_at)
            VALUES (\(Int64(bitPattern: user.rawValue)), \(outcome), \(time.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    static func trialRecord(_ row: PostgresRow) throws -> TrialRecord {
        let (user, source, sourceID, started, ends) = try row.decode((Int64, String, String, Int64, Int64).self)
        return TrialRecord(
            user: MemberID(UInt64(bitPattern: user)), source: EntitlementSource(rawValue: source) ?? .trial, sourceID: sourceID,
            startedAt: Timestamp(millisecondsSinceEpoch: started), endsAt: Timestamp(millisecondsSinceEpoch: ends))
    }

    static func trialReminder(_ row: PostgresRow) throws -> TrialReminder {
        let (user, sourceID, ends, state, updated) = try row.decode((Int64, String, Int64, String, Int64).self)
        guard let parsed = TrialReminder.State(rawValue: state) else {
            throw StoreError.corruptData("trial reminder of \(user): unknown state \(state)")
        }
        return TrialReminder(
            user: MemberID(UInt64(bitPattern: user)), sourceID: sourceID, endsAt: Timestamp(millisecondsSinceEpoch: ends), state: parsed,
            updatedAt: Timestamp(millisecondsSinceEpoch: updated))
    }

    // MARK: Usage meters

    public func usage(_ key: UsageKey) async throws -> UsageCounter? {
        try await rows("""
            SELECT count, warned_at FROM premium_usage
            WHERE subject = \(key.subject.rawValue) AND meter = \(key.meter) AND period_start = \(key.periodStart.millisecondsSinceEpoch)
            """).first.map { row in
            let (count, warned) = try row.decode((Int64, Int64?).self)
            return UsageCounter(key: key, count: count, warnedAt: warned.map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }

    public func usageAudit(_ key: UsageKey) async throws -> [UsageAuditEntry] {
        try await rows("""
            SELECT delta, count_after, reason, at FROM premium_usage_audit
            WHERE subject = \(key.subject.rawValue) AND meter = \(key.meter) AND period_start = \(key.periodStart.millisecondsSinceEpoch)
            ORDER BY id
            """).map { row in
            let (delta, after, reason, at) = try row.decode((Int64, Int64, String, Int64).self)
            return UsageAuditEntry(key: key, delta: delta, countAfter: after, reason: reason, at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    /// Two increments of one meter at once: the second's UPDATE waits for the first and, at
    /// REPEATABLE READ, fails with 40001 when it commits; the store re-runs it on the new count.
    public func incrementUsage(_ key: UsageKey, by delta: Int64, limit: Int64?, reason: String, at time: Timestamp) async throws
        -> UsageIncrement
    {
        guard delta > 0 else { throw StoreError.constraintViolation("usage increment \(delta) is not positive") }
        let (subject, meter, period) = (key.subject.rawValue, key.meter, key.periodStart.millisecondsSinceEpoch)
        try await rows("""
            INSERT INTO premium_usage (subject, meter, period_start, count) VALUES (\(subject), \(meter), \(period), 0)
            ON CONFLICT DO NOTHING
            """)
        let counted = try await rows("""
            UPDATE premium_usage SET count = count + \(delta)
            WHERE subject = \(subject) AND meter = \(meter) AND period_start = \(period)
                AND (\(limit)::BIGINT IS NULL OR count + \(delta) <= \(limit)::BIGINT)
            RETURNING count, warned_at
            """)
        guard let row = counted.first else {
            return .limitReached(try await usage(key) ?? UsageCounter(key: key, count: 0))
        }
        let (after, warned) = try row.decode((Int64, Int64?).self)
        try await rows("""
            INSERT INTO premium_usage_audit (subject, meter, period_start, delta, count_after, reason, at)
            VALUES (\(subject), \(meter), \(period), \(delta), \(after), \(reason), \(time.millisecondsSinceEpoch))
            """)
        return .counted(UsageCounter(key: key, count: after, warnedAt: warned.map(Timestamp.init(millisecondsSinceEpoch:))))
    }

    public func markUsageWarned(_ key: UsageKey, at time: Timestamp) async throws -> Bool {
        try await !rows("""
            UPDATE premium_usage SET warned_at = \(time.millisecondsSinceEpoch)
            WHERE subject = \(key.subject.rawValue) AND meter = \(key.meter) AND period_start = \(key.periodStart.millisecondsSinceEpoch)
                AND warned_at IS NULL
            RETURNING 1
            """).isEmpty
    }

    // MARK: Feature flags

    public func featureFlag(_ name: String) async throws -> FeatureFlag? {
        try await rows("SELECT name, rollout, killed, guardrail, updated_at FROM premium_flags WHERE name = \(name)").first.map(Self.flag)
    }

    public func featureFlags() async throws -> [FeatureFlag] {
        try await rows("SELECT name, rollout, killed, guardrail, updated_at FROM premium_flags ORDER BY name").map(Self.flag)
    }

    public func upsertFeatureFlag(_ flag: FeatureFlag) async throws {
        try flag.validate()
        try await rows("""
            INSERT INTO premium_flags (name, rollout, killed, guardrail, updated_at)
            VALUES (\(flag.name), \(flag.rollout), \(flag.killed), \(flag.guardrail), \(flag.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT (name) DO UPDATE SET rollout = excluded.rollout, killed = excluded.killed,
                guardrail = excluded.guardrail, updated_at = excluded.updated_at
            """)
        try await bumpFlagsVersion()
    }

    public func flagsKilled() async throws -> Bool {
        try await rows("SELECT killed FROM premium_flag_switch WHERE id = 1").first?.decode(Bool.self) ?? false
    }

    public func setFlagsKilled(_ killed: Bool, at time: Timestamp) async throws {
        try await rows("""
            INSERT INTO premium_flag_switch (id, killed, updated_at) VALUES (1, \(killed), \(time.millisecondsSinceEpoch))
            ON CONFLICT (id) DO UPDATE SET killed = excluded.killed, updated_at = excluded.updated_at
            """)
        try await bumpFlagsVersion()
    }

    public func flagsVersion() async throws -> Int64 {
        try await rows("SELECT version FROM premium_flags_version WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    public func flagAudit(_ name: String) async throws -> [FlagAuditEntry] {
        try await rows("""
            SELECT name, rollout_before, rollout_after, actor, reason, at FROM premium_flag_audit WHERE name = \(name) ORDER BY id
            """).map { row in
            let (name, before, after, actor, reason, at) = try row.decode((String, Int, Int, String, String, Int64).self)
            return FlagAuditEntry(
                name: name, rolloutBefore: before, rolloutAfter: after, actor: actor, reason: reason,
                at: Timestamp(millisecondsSinceEpoch: at))
        }
    }

    public func appendFlagAudit(_ entry: FlagAuditEntry) async throws {
        try await rows("""
            INSERT INTO premium_flag_audit (name, rollout_before, rollout_after, actor, reason, at)
            VALUES (\(entry.name), \(entry.rolloutBefore), \(entry.rolloutAfter), \(entry.actor), \(entry.reason),
                \(entry.at.millisecondsSinceEpoch))
            """)
    }

    public func guardrailObservations(_ metric: GuardrailMetric, from: Timestamp, to: Timestamp) async throws -> [GuardrailObservation] {
        let query: PostgresQuery
        switch metric {
        case .trialToPaid:
            query = """
                SELECT t.member_id, EXISTS (SELECT 1 FROM analytics_events c WHERE c.name = \(EventName.conversion.rawValue)
                    AND c.member_id = t.member_id AND c.at >= t.first_at)
                FROM (SELECT member_id, MIN(at) AS first_at FROM analytics_events WHERE name = \(EventName.trialStart.rawValue)
                    GROUP BY member_id) t
                WHERE t.first_at >= \(from.millisecondsSinceEpoch) AND t.first_at < \(to.millisecondsSinceEpoch) ORDER BY t.member_id
                """
        case .d7Retention:
            query = """
                SELECT f.member_id, EXISTS (SELECT 1 FROM analytics_events a WHERE a.member_id = f.member_id
                    AND a.at >= f.first_at + \(GuardrailMetric.retentionDelay.wholeMilliseconds))
                FROM (SELECT member_id, MIN(at) AS first_at FROM analytics_events GROUP BY member_id) f
                WHERE f.first_at >= \(from.millisecondsSinceEpoch)
                    AND f.first_at < \(to.advanced(by: .zero - GuardrailMetric.retentionDelay).millisecondsSinceEpoch)
                ORDER BY f.member_id
                """
        }
        return try await rows(query).map { row in
            let (member, succeeded) = try row.decode((Int64, Bool).self)
            return GuardrailObservation(user: MemberID(UInt64(bitPattern: member)), succeeded: succeeded)
        }
    }

    // MARK: Price experiments

    public func experimentAssignment(_ experiment: String, user: MemberID) async throws -> ExperimentAssignment? {
        try await rows("""
            SELECT experiment, user_id, variant, assigned_at FROM premium_experiment_assignments
            WHERE experiment = \(experiment) AND user_id = \(Int64(bitPattern: user.rawValue))
            """).first.map(Self.assignment)
    }

    public func experimentAssignments(_ experiment: String) async throws -> [ExperimentAssignment] {
        try await rows("""
            SELECT experiment, user_id, variant, assigned_at FROM premium_experiment_assignments
            WHERE experiment = \(experiment) ORDER BY user_id
            """).map(Self.assignment)
    }

    /// A concurrent first exposure that committed after this snapshot began makes the insert a
    /// serialization failure; the store re-runs the body, which then finds that assignment.
    public func recordExperimentAssignment(_ assignment: ExperimentAssignment) async throws -> Bool {
        try await !rows("""
            INSERT INTO premium_experiment_assignments (experiment, user_id, variant, assigned_at)
            VALUES (\(assignment.experiment), \(Int64(bitPattern: assignment.user.rawValue)), \(assignment.variant),
                \(assignment.assignedAt.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func experimentOutcomes(_ experiment: String) async throws -> [AnalyticsEvent] {
        try await rows("""
            SELECT e.id, e.name, e.guild_id, e.member_id, e.at, e.properties FROM analytics_events e
            JOIN premium_experiment_assignments a ON a.experiment = \(experiment) AND a.user_id = e.member_id
            WHERE e.name IN (\(EventName.conversion.rawValue), \(EventName.subscriptionRenewed.rawValue)) AND e.at >= a.assigned_at
            ORDER BY e.id
            """).map { row in
            let (id, name, guild, member, at, properties) = try row.decode((Int64, String, Int64, Int64, Int64, String).self)
            return AnalyticsEvent(
                id: id, name: EventName(rawValue: name),
                player: PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member))),
                at: Timestamp(millisecondsSinceEpoch: at), properties: try StringMapJSON.decode(properties))
        }
    }

    static func assignment(_ row: PostgresRow) throws -> ExperimentAssignment {
        let (experiment, user, variant, at) = try row.decode((String, Int64, String, Int64).self)
        return ExperimentAssignment(
            experiment: experiment, user: MemberID(UInt64(bitPattern: user)), variant: variant,
            assignedAt: Timestamp(millisecondsSinceEpoch: at))
    }

    /// Every flag write raises the change marker in its own transaction. Two flag writes at once
    /// conflict on this row and one is re-run: flag writes are rare, so that costs nothing.
    func bumpFlagsVersion() async throws {
        try await rows("UPDATE premium_flags_version SET version = version + 1 WHERE id = 1")
    }

    // MARK: Mapping

    static func entitlementRecord(_ row: PostgresRow) throws -> EntitlementRecord {
        // Twelve columns: read one by one rather than as one tuple.
        let columns = row.makeRandomAccess()
        let source = try columns[0].decode(String.self)
        let sourceID = try columns[1].decode(String.self)
        let user = try columns[2].decode(Int64.self)
        let guild = try columns[3].decode(Int64?.self)
        let tier = try columns[4].decode(String.self)
        let status = try columns[5].decode(String.self)
        let start = try columns[6].decode(Int64?.self)
        let end = try columns[7].decode(Int64?.self)
        let customer = try columns[8].decode(String?.self)
        let orderCreated = try columns[9].decode(Int64.self)
        let orderEvent = try columns[10].decode(String.self)
        let updated = try columns[11].decode(Int64.self)
        guard let parsedSource = EntitlementSource(rawValue: source), let parsedStatus = EntitlementStatus(rawValue: status) else {
            throw StoreError.corruptData("entitlement \(source)/\(sourceID): unknown source or status \(status)")
        }
        return EntitlementRecord(
            source: parsedSource, sourceID: sourceID, user: MemberID(UInt64(bitPattern: user)),
            guild: guild.map { GuildID(UInt64(bitPattern: $0)) }, tier: PremiumTier(rawValue: tier), status: parsedStatus,
            periodStart: start.map(Timestamp.init(millisecondsSinceEpoch:)), periodEnd: end.map(Timestamp.init(millisecondsSinceEpoch:)),
            customerID: customer, orderCreated: orderCreated, orderEventID: orderEvent,
            updatedAt: Timestamp(millisecondsSinceEpoch: updated))
    }

    static func flag(_ row: PostgresRow) throws -> FeatureFlag {
        let (name, rollout, killed, guardrail, updated) = try row.decode((String, Int, Bool, String?, Int64).self)
        return FeatureFlag(name: name, rollout: rollout, killed: killed, guardrail: guardrail, updatedAt: Timestamp(millisecondsSinceEpoch: updated))
    }
}

extension PostgresStore: PremiumStore {}
