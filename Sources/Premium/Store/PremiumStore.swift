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

    /// Adds `delta` (> 0) to the meter in one statement, unless that would take it past `limit`,
    /// and appends an audit row for a counted increment. The count and the decision are one
    /// statement, so two increments at once never both pass the last unit.
    func incrementUsage(_ key: UsageKey, by delta: Int64, limit: Int64?, reason: String, at time: Timestamp) async throws
        -> UsageIncrement
    /// Marks the period's warning as shown; returns true only for the call that marked it.
    func markUsageWarned(_ key: UsageKey, at time: Timestamp) async throws -> Bool

    /// Inserts or replaces the flag with this name.
    func upsertFeatureFlag(_ flag: FeatureFlag) async throws
    func setFlagsKilled(_ killed: Bool, at time: Timestamp) async throws
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
