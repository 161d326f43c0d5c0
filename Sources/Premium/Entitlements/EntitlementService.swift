import Storage
import Synchronization

/// The one answer to "is this member Pro here?", merged from every source (Stripe, Discord,
/// trial, operator gift), cached in memory per user.
///
/// The cached check is the interaction path's: one lock, one dictionary lookup, no allocation.
/// A source change in this process invalidates the user (`invalidate`, which the Stripe processor
/// and the operations below call after their commit); a change made by another process is seen
/// once the entry's time to live has passed.
public final class EntitlementService: Sendable {
    let store: any PremiumStore
    public let configuration: PremiumConfiguration
    let now: @Sendable () -> Timestamp
    let timeToLive: Int64
    private let cache = Mutex<[UInt64: ProWindow]>([:])

    public init(
        store: any PremiumStore, configuration: PremiumConfiguration = PremiumConfiguration(), timeToLive: Duration = .seconds(60),
        now: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.configuration = configuration
        self.timeToLive = timeToLive.wholeMilliseconds
        self.now = now
    }

    /// The cached answer, or nil when the user is not cached or the entry has expired.
    public func cachedIsPro(user: MemberID, guild: GuildID?, at time: Timestamp) -> Bool? {
        let ms = time.millisecondsSinceEpoch
        let ttl = timeToLive
        return cache.withLock { cache -> Bool? in
            guard let window = cache[user.rawValue], ms < window.loadedAt &+ ttl else { return nil }
            return window.isPro(guild: guild?.rawValue, at: ms)
        }
    }

    /// Whether the user is Pro in `guild` (user-wide Pro counts everywhere) at `time`, read from
    /// the store when not cached.
    public func isPro(user: MemberID, guild: GuildID?, at time: Timestamp) async throws -> Bool {
        if let cached = cachedIsPro(user: user, guild: guild, at: time) { return cached }
        let entitlements = try await store.readPremium { try await $0.entitlements(user: user) }
        let window = ProWindow(entitlements, configuration: configuration, loadedAt: time)
        cache.withLock { $0[user.rawValue] = window }
        return window.isPro(guild: guild?.rawValue, at: time.millisecondsSinceEpoch)
    }

    /// Forgets the cached answer: the next check reads the store.
    public func invalidate(user: MemberID) {
        _ = cache.withLock { $0.removeValue(forKey: user.rawValue) }
    }

    /// Forgets every cached answer.
    public func invalidateAll() {
        cache.withLock { $0.removeAll() }
    }

    /// Every entitlement of the user and their trial, for `gachabot premium show` and `/premium`.
    public func overview(user: MemberID) async throws -> PremiumOverview {
        let (entitlements, trial) = try await store.readPremium { reader in
            (try await reader.entitlements(user: user), try await reader.trial(user: user))
        }
        return PremiumOverview(user: user, entitlements: entitlements, trial: trial, configuration: configuration)
    }

    // MARK: Operator gifts

    /// Gives the user Pro everywhere until `until` (an operator's gift), replacing an earlier gift.
    public func grant(user: MemberID, until: Timestamp, at time: Timestamp) async throws {
        guard until > time else { throw PremiumOperationError.untilInThePast(until: until, now: time) }
        let gift = EntitlementRecord(
            source: .gift, sourceID: Self.giftID(user), user: user, status: .active, periodStart: time, periodEnd: until,
            orderCreated: time.millisecondsSinceEpoch / 1000, orderEventID: "operator", updatedAt: time)
        try await store.writePremium { tx in try await tx.upsertEntitlement(gift) }
        invalidate(user: user)
    }

    /// Ends the operator's gift and a local trial now; returns the entitlements revoked. Stripe and
    /// Discord subscriptions are theirs to cancel: they are left as they are.
    @discardableResult
    public func revoke(user: MemberID, at time: Timestamp) async throws -> [EntitlementRecord] {
        let revoked = try await store.writePremium { tx -> [EntitlementRecord] in
            var revoked: [EntitlementRecord] = []
            for var entitlement in try await tx.entitlements(user: user)
            where (entitlement.source == .gift || entitlement.source == .trial) && entitlement.status != .revoked {
                entitlement.status = .revoked
                entitlement.periodEnd = min(entitlement.periodEnd ?? time, time)
                entitlement.updatedAt = time
                try await tx.upsertEntitlement(entitlement)
                revoked.append(entitlement)
            }
            return revoked
        }
        invalidate(user: user)
        return revoked
    }

    // MARK: Local trials

    /// Starts the user's one local trial (the Discord path), `configuration.trialLength` long, and
    /// counts `trial_start`. A user who ever had a trial, from either path, gets `.alreadyUsed`.
    public func startTrial(user: MemberID, guild: GuildID?, at time: Timestamp) async throws -> TrialStart {
        let trial = TrialRecord(
            user: user, source: .trial, sourceID: Self.trialID(user), startedAt: time, endsAt: time.advanced(by: configuration.trialLength))
        let result = try await store.writePremium { tx -> TrialStart in
            guard try await tx.recordTrial(trial) else {
                guard let earlier = try await tx.trial(user: user) else { throw StoreError.notFound(what: "trial", key: "\(user)") }
                return .alreadyUsed(earlier)
            }
            try await tx.upsertEntitlement(
                EntitlementRecord(
                    source: .trial, sourceID: trial.sourceID, user: user, status: .trialing, periodStart: trial.startedAt,
                    periodEnd: trial.endsAt, orderCreated: time.millisecondsSinceEpoch / 1000, orderEventID: "local-trial", updatedAt: time))
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(
                    name: .trialStart, player: PlayerID(guild: guild ?? GuildID(0), member: user), at: time,
                    properties: ["source": "local", "trial_end": String(trial.endsAt.millisecondsSinceEpoch / 1000), "amount": "0"]))
            return .started(trial)
        }
        invalidate(user: user)
        return result
    }

    static func giftID(_ user: MemberID) -> String { "gift:\(user.rawValue)" }
    static func trialID(_ user: MemberID) -> String { "trial:\(user.rawValue)" }
}
