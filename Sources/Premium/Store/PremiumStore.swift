import Storage

/// The premium area's read primitives, on top of the kernel's. A database's transaction type
/// conforms to this in its own `Premium/` folder.
public protocol PremiumReader: StoreReader {
    // Entitlements
    func entitlement(source: EntitlementSource, sourceID: String) async throws -> EntitlementRecord?
    /// Every entitlement of the user, user-wide and guild-scoped, by source then source id.
    func entitlements(user: MemberID) async throws -> [EntitlementRecord]

    // Stripe
    func stripeEvent(_ eventID: String) async throws -> StripeEventRecord?
    func stripeCustomer(_ customerID: String) async throws -> StripeCustomerRecord?

    // Trials
    func trial(user: MemberID) async throws -> TrialRecord?
    /// Local trials (source `trial`) ending in `(after, through]` whose member has no reminder yet.
    func trialsToRemind(endingAfter after: Timestamp, through: Timestamp) async throws -> [TrialRecord]
    func trialReminder(user: MemberID) async throws -> TrialReminder?
    /// Reminders in `state`, by user.
    func trialReminders(state: TrialReminder.State) async throws -> [TrialReminder]
    /// Local trials that ended at or before `time` and have no recorded end yet.
    func trialsToEnd(at time: Timestamp) async throws -> [TrialRecord]

    // Usage meters
    func usage(_ key: UsageKey) async throws -> UsageCounter?
    /// The meter's audited increments in the period, oldest first.
    func usageAudit(_ key: UsageKey) async throws -> [UsageAuditEntry]

    // Feature flags
    func featureFlag(_ name: String) async throws -> FeatureFlag?
    /// Every flag, by name.
    func featureFlags() async throws -> [FeatureFlag]
    /// The global kill switch: while on, every flag is off.
    func flagsKilled() async throws -> Bool
    /// The flags' change marker: every flag write (a flag or the global switch) raises it in the
    /// same transaction, so a process that polls it reloads the flags only when they changed.
    func flagsVersion() async throws -> Int64
    /// The flag's audited rollout changes, oldest first.
    func flagAudit(_ name: String) async throws -> [FlagAuditEntry]
    /// The metric's cohort in `[from, to)` from the analytics events, one observation per member
    /// (see `GuardrailMetric` for each cohort's definition), by member id.
    func guardrailObservations(_ metric: GuardrailMetric, from: Timestamp, to: Timestamp) async throws -> [GuardrailObservation]

    // Price experiments
    func experimentAssignment(_ experiment: String, user: MemberID) async throws -> ExperimentAssignment?
    /// Every assignment of the experiment, by user.
    func experimentAssignments(_ experiment: String) async throws -> [ExperimentAssignment]
    /// The `conversion` and `subscription_renewed` events of the experiment's members at or after
    /// their assignment, oldest first: what the per-variant report counts.
    func experimentOutcomes(_ experiment: String) async throws -> [AnalyticsEvent]
}

/// The premium area's write primitives.
public protocol PremiumTransaction: PremiumReader, StoreTransaction {
    /// Records a processed Stripe event. Returns false, changing nothing, when the id is already
    /// recorded: the unique key decides, so two deliveries at once record it once.
    func recordStripeEvent(_ event: StripeEventRecord) async throws -> Bool

    /// Inserts or replaces the entitlement with the same (source, sourceID). Whether the new
    /// state is newer is the caller's decision, taken in the same transaction.
    func upsertEntitlement(_ entitlement: EntitlementRecord) async throws

    /// Links a Stripe customer to a Discord user; returns false (and keeps the first link) if the
    /// customer is already linked.
    func linkStripeCustomer(_ customer: StripeCustomerRecord) async throws -> Bool

    /// Appends the user's one trial; returns false, changing nothing, if the user ever had one.
    func recordTrial(_ trial: TrialRecord) async throws -> Bool
    /// Records the user's reminder; returns false, changing nothing, if the user has one.
    func recordTrialReminder(_ reminder: TrialReminder) async throws -> Bool
    /// Moves the user's reminder from `from` to `to`; returns false, changing nothing, when it is
    /// not in `from` (another process claimed it).
    func moveTrialReminder(user: MemberID, from: TrialReminder.State, to: TrialReminder.State, at time: Timestamp) async throws -> Bool
    /// Records the end of the user's local trial once; returns false if already recorded.
    func recordTrialEnd(user: MemberID, outcome: String, at time: Timestamp) async throws -> Bool

    /// Adds `delta` (> 0) to the meter in one statement, unless that would take it past `limit`,
    /// and appends an audit row for a counted increment. The count and the decision are one
    /// statement, so two increments at once never both pass the last unit.
    func incrementUsage(_ key: UsageKey, by delta: Int64, limit: Int64?, reason: String, at time: Timestamp) async throws
        -> UsageIncrement
    /// Marks the period's warning as shown; returns true only for the call that marked it.
    func markUsageWarned(_ key: UsageKey, at time: Timestamp) async throws -> Bool

    /// Inserts or replaces the flag with this name, and raises `flagsVersion`.
    func upsertFeatureFlag(_ flag: FeatureFlag) async throws
    /// Sets the global switch, and raises `flagsVersion`.
    func setFlagsKilled(_ killed: Bool, at time: Timestamp) async throws
    /// Appends a row to the flag's audit (who changed the rollout, from what, to what, and why).
    func appendFlagAudit(_ entry: FlagAuditEntry) async throws

    /// Records the member's variant; returns false, changing nothing, when the member already has
    /// one in this experiment (the primary key decides, so concurrent first exposures record one).
    func recordExperimentAssignment(_ assignment: ExperimentAssignment) async throws -> Bool
}

/// How the premium area reaches a database. A store adopts it with an empty extension once its
/// transaction type conforms to `PremiumTransaction` (the default implementations below).
public protocol PremiumStore: Sendable {
    /// One read-write transaction; the body may be re-run after a conflict (see `Store`).
    @discardableResult
    func writePremium<T: Sendable>(_ body: @escaping @Sendable (any PremiumTransaction) async throws -> T) async throws -> T
    /// A consistent read-only snapshot.
    func readPremium<T: Sendable>(_ body: @escaping @Sendable (any PremiumReader) async throws -> T) async throws -> T
}

extension PremiumStore where Self: Store, Self.Transaction: PremiumTransaction {
    @discardableResult
    public func writePremium<T: Sendable>(_ body: @escaping @Sendable (any PremiumTransaction) async throws -> T) async throws -> T {
        try await write { transaction in try await body(transaction) }
    }

    public func readPremium<T: Sendable>(_ body: @escaping @Sendable (any PremiumReader) async throws -> T) async throws -> T {
        try await read { transaction in try await body(transaction) }
    }
}
