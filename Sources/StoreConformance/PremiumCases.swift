import Premium
import Storage
import Testing

/// The premium area's cases: processed Stripe events, entitlements, Stripe customers, the
/// append-only trials, usage meters and feature flags, each "at most once" rule decided by the
/// database even when two transactions race.
public enum PremiumCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case stripeEvents, entitlements, stripeCustomers, trials, usageMeters, featureFlags, eventRecordedWithEffects,
        concurrentEventDeliveries, concurrentUsageIncrements, extremeIdentifiers
    public var testDescription: String { rawValue }
}

struct PremiumCases<S: Store & PremiumStore>: Sendable where S.Transaction: PremiumTransaction {
    let store: S
    let serializesWriters: Bool
    typealias F = Fixture

    static var user: MemberID { MemberID(900) }
    static var other: MemberID { MemberID(901) }

    func run(_ testCase: PremiumCase) async throws {
        switch testCase {
        case .stripeEvents: try await stripeEvents()
        case .entitlements: try await entitlements()
        case .stripeCustomers: try await stripeCustomers()
        case .trials: try await trials()
        case .usageMeters: try await usageMeters()
        case .featureFlags: try await featureFlags()
        case .eventRecordedWithEffects: try await eventRecordedWithEffects()
        case .concurrentEventDeliveries: try await concurrentEventDeliveries()
        case .concurrentUsageIncrements: try await concurrentUsageIncrements()
        case .extremeIdentifiers: try await extremeIdentifiers()
        }
    }

    static func event(_ id: String, created: Int64 = 1_700_000_000) -> StripeEventRecord {
        StripeEventRecord(eventID: id, type: "invoice.paid", created: created, processedAt: F.t0)
    }

    func stripeEvents() async throws {
        #expect(try await store.readPremium { try await $0.stripeEvent("evt_1") } == nil)
        #expect(try await store.writePremium { try await $0.recordStripeEvent(Self.event("evt_1")) })
        #expect(try await store.writePremium { try await $0.recordStripeEvent(Self.event("evt_1", created: 5)) } == false)
        // The first record is kept.
        #expect(try await store.readPremium { try await $0.stripeEvent("evt_1") } == Self.event("evt_1"))
        #expect(try await store.writePremium { try await $0.recordStripeEvent(Self.event("evt_2")) })
    }

    static func stripe(_ id: String, user: MemberID = MemberID(900), guild: GuildID? = nil, status: EntitlementStatus = .active)
        -> EntitlementRecord
    {
        EntitlementRecord(
            source: .stripe, sourceID: id, user: user, guild: guild, status: status, periodStart: F.t0,
            periodEnd: F.t0.advanced(by: .seconds(86_400 * 30)), customerID: "cus_1", orderCreated: 1_700_000_000,
            orderEventID: "evt_a", updatedAt: F.t0)
    }

    func entitlements() async throws {
        #expect(try await store.readPremium { try await $0.entitlements(user: Self.user) }.isEmpty)
        let first = Self.stripe("sub_b")
        let guildScoped = Self.stripe("sub_a", guild: GuildID(7))
        let gift = EntitlementRecord(
            source: .gift, sourceID: "gift:900", user: Self.user, status: .active, periodEnd: nil, updatedAt: F.t0)
        let others = Self.stripe("sub_c", user: Self.other)
        try await store.writePremium { tx in
            for e in [first, guildScoped, gift, others] { try await tx.upsertEntitlement(e) }
        }
        #expect(try await store.readPremium { try await $0.entitlements(user: Self.user) } == [gift, guildScoped, first])
        #expect(try await store.readPremium { try await $0.entitlement(source: .stripe, sourceID: "sub_a") } == guildScoped)
        #expect(try await store.readPremium { try await $0.entitlement(source: .discord, sourceID: "sub_a") } == nil)

        // An upsert replaces every field of the same (source, id).
        var changed = first
        changed.status = .pastDue
        changed.periodEnd = nil
        changed.customerID = nil
        changed.orderCreated = 1_700_000_100
        changed.orderEventID = "evt_b"
        changed.guild = GuildID(UInt64.max)
        let replacement = changed
        try await store.writePremium { try await $0.upsertEntitlement(replacement) }
        #expect(try await store.readPremium { try await $0.entitlement(source: .stripe, sourceID: "sub_b") } == replacement)
        #expect(try await store.readPremium { try await $0.entitlements(user: Self.user) }.count == 3)
    }

    func stripeCustomers() async throws {
        let link = StripeCustomerRecord(customerID: "cus_1", user: Self.user, guild: GuildID(7), createdAt: F.t0)
        #expect(try await store.writePremium { try await $0.linkStripeCustomer(link) })
        // The first link wins: a customer is one Discord user.
        let other = StripeCustomerRecord(customerID: "cus_1", user: Self.other, guild: nil, createdAt: F.t0)
        #expect(try await store.writePremium { try await $0.linkStripeCustomer(other) } == false)
        #expect(try await store.readPremium { try await $0.stripeCustomer("cus_1") } == link)
        let noGuild = StripeCustomerRecord(customerID: "cus_2", user: Self.user, guild: nil, createdAt: F.t0)
        #expect(try await store.writePremium { try await $0.linkStripeCustomer(noGuild) })
        #expect(try await store.readPremium { try await $0.stripeCustomer("cus_2") } == noGuild)
        #expect(try await store.readPremium { try await $0.stripeCustomer("cus_3") } == nil)
    }

    func trials() async throws {
        let trial = TrialRecord(
            user: Self.user, source: .trial, sourceID: "trial:900", startedAt: F.t0, endsAt: F.t0.advanced(by: .seconds(7 * 86_400)))
        #expect(try await store.writePremium { try await $0.recordTrial(trial) })
        var again = trial
        again.source = .stripe
        again.sourceID = "sub_x"
        let second = again
        #expect(try await store.writePremium { try await $0.recordTrial(second) } == false)
        #expect(try await store.readPremium { try await $0.trial(user: Self.user) } == trial)
        #expect(try await store.readPremium { try await $0.trial(user: Self.other) } == nil)
        // A trial that ends before it starts is refused by the schema.
        let backwards = TrialRecord(user: Self.other, source: .trial, sourceID: "t", startedAt: F.t0, endsAt: F.t0.advanced(by: .seconds(-1)))
        await #expect(throws: StoreError.self) { try await store.writePremium { try await $0.recordTrial(backwards) } }
        #expect(try await store.readPremium { try await $0.trial(user: Self.other) } == nil)
    }

    func usageMeters() async throws {
        let key = UsageKey(subject: .user(Self.user), meter: "rolls", periodStart: F.t0)
        let nextPeriod = UsageKey(subject: .user(Self.user), meter: "rolls", periodStart: F.t0.advanced(by: .seconds(3600)))
        #expect(try await store.readPremium { try await $0.usage(key) } == nil)
        let t1 = F.t0.advanced(by: .seconds(1))
        #expect(
            try await store.writePremium { try await $0.incrementUsage(key, by: 2, limit: 3, reason: "roll", at: t1) }
                == .counted(UsageCounter(key: key, count: 2)))
        // Past the limit: refused, nothing counted, nothing audited.
        #expect(
            try await store.writePremium { try await $0.incrementUsage(key, by: 2, limit: 3, reason: "roll", at: t1) }
                == .limitReached(UsageCounter(key: key, count: 2)))
        #expect(
            try await store.writePremium { try await $0.incrementUsage(key, by: 1, limit: 3, reason: "roll", at: t1) }
                == .counted(UsageCounter(key: key, count: 3)))
        #expect(
            try await store.writePremium { try await $0.incrementUsage(nextPeriod, by: 5, limit: nil, reason: "roll", at: t1) }
                == .counted(UsageCounter(key: nextPeriod, count: 5)))
        #expect(
            try await store.readPremium { try await $0.usageAudit(key) }
                == [
                    UsageAuditEntry(key: key, delta: 2, countAfter: 2, reason: "roll", at: t1),
                    UsageAuditEntry(key: key, delta: 1, countAfter: 3, reason: "roll", at: t1),
                ])
        // The warning is marked once per period.
        #expect(try await store.writePremium { try await $0.markUsageWarned(key, at: t1) })
        #expect(try await store.writePremium { try await $0.markUsageWarned(key, at: F.t0.advanced(by: .seconds(9))) } == false)
        #expect(try await store.readPremium { try await $0.usage(key) } == UsageCounter(key: key, count: 3, warnedAt: t1))
        #expect(try await store.readPremium { try await $0.usage(nextPeriod) }?.warnedAt == nil)
        await #expect(throws: StoreError.self) {
            try await store.writePremium { try await $0.incrementUsage(key, by: 0, limit: nil, reason: "roll", at: t1) }
        }
    }

    func featureFlags() async throws {
        #expect(try await store.readPremium { try await $0.featureFlags() }.isEmpty)
        #expect(try await store.readPremium { try await $0.flagsKilled() } == false)
        let talk = FeatureFlag(name: "talk", rollout: 25, guardrail: "d7_retention", updatedAt: F.t0)
        let banner = FeatureFlag(name: "banner", rollout: 100, killed: true, updatedAt: F.t0)
        try await store.writePremium { tx in
            try await tx.upsertFeatureFlag(talk)
            try await tx.upsertFeatureFlag(banner)
        }
        #expect(try await store.readPremium { try await $0.featureFlags() } == [banner, talk])
        var changed = talk
        changed.rollout = 0
        changed.killed = true
        changed.guardrail = nil
        let rolledBack = changed
        try await store.writePremium { try await $0.upsertFeatureFlag(rolledBack) }
        #expect(try await store.readPremium { try await $0.featureFlag("talk") } == rolledBack)
        // A rollout outside 0-100 is refused.
        let invalid = FeatureFlag(name: "x", rollout: 101, updatedAt: F.t0)
        await #expect(throws: StoreError.self) { try await store.writePremium { try await $0.upsertFeatureFlag(invalid) } }
        try await store.writePremium { try await $0.setFlagsKilled(true, at: F.t0) }
        #expect(try await store.readPremium { try await $0.flagsKilled() })
        try await store.writePremium { try await $0.setFlagsKilled(false, at: F.t0) }
        #expect(try await store.readPremium { try await $0.flagsKilled() } == false)
    }

    /// The event id and its effects commit together: a failing effect leaves the id unrecorded,
    /// so the redelivery is processed.
    func eventRecordedWithEffects() async throws {
        let player = PlayerID(guild: GuildID(7), member: Self.user)
        await #expect(throws: F.Boom.self) {
            try await store.write { tx in
                #expect(try await tx.recordStripeEvent(Self.event("evt_1")))
                try await tx.upsertEntitlement(Self.stripe("sub_1"))
                try await tx.ensurePlayer(player, at: F.t0)
                try await tx.appendLedgerEntry(F.entry(player, 100, "stripe-invoice:in_1"))
                throw F.Boom()
            }
        }
        #expect(try await store.readPremium { try await $0.stripeEvent("evt_1") } == nil)
        #expect(try await store.readPremium { try await $0.entitlement(source: .stripe, sourceID: "sub_1") } == nil)
        #expect(try await store.read { try await $0.balance(player) } == 0)
        try await store.write { tx in
            #expect(try await tx.recordStripeEvent(Self.event("evt_1")))
            try await tx.upsertEntitlement(Self.stripe("sub_1"))
            try await tx.ensurePlayer(player, at: F.t0)
            try await tx.appendLedgerEntry(F.entry(player, 100, "stripe-invoice:in_1"))
        }
        #expect(try await store.read { try await $0.balance(player) } == 100)
    }

    /// The same event delivered many times at once: recorded once, its effect applied once.
    func concurrentEventDeliveries() async throws {
        let player = PlayerID(guild: GuildID(7), member: Self.user)
        try await store.write { try await $0.ensurePlayer(player, at: F.t0) }
        let applied = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let first = try await store.write { tx -> Bool in
                        guard try await tx.recordStripeEvent(Self.event("evt_race")) else { return false }
                        try await tx.appendLedgerEntry(F.entry(player, 10, "stripe-invoice:in_race"))
                        return true
                    }
                    if first { applied.increment() }
                }
            }
            try await group.waitForAll()
        }
        #expect(applied.count == 1)
        #expect(try await store.read { try await $0.balance(player) } == 10)
    }

    /// Increments racing for the last units of a limit: exactly the limit is counted, and the
    /// audit holds one row per counted increment.
    func concurrentUsageIncrements() async throws {
        let key = UsageKey(subject: .guild(GuildID(7)), meter: "packs", periodStart: F.t0)
        let counted = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    let result = try await store.writePremium { try await $0.incrementUsage(key, by: 1, limit: 5, reason: "publish", at: F.t0) }
                    if case .counted = result { counted.increment() }
                }
            }
            try await group.waitForAll()
        }
        #expect(counted.count == 5)
        #expect(try await store.readPremium { try await $0.usage(key) }?.count == 5)
        #expect(try await store.readPremium { try await $0.usageAudit(key) }.map(\.countAfter).sorted() == [1, 2, 3, 4, 5])
    }

    /// Discord ids use all 64 bits in users, guilds and customers.
    func extremeIdentifiers() async throws {
        let ids: [UInt64] = [0, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max]
        try await store.writePremium { tx in
            for id in ids {
                try await tx.upsertEntitlement(Self.stripe("sub_\(id)", user: MemberID(id), guild: GuildID(id)))
                _ = try await tx.linkStripeCustomer(StripeCustomerRecord(customerID: "cus_\(id)", user: MemberID(id), guild: GuildID(id), createdAt: F.t0))
                _ = try await tx.recordTrial(TrialRecord(user: MemberID(id), source: .trial, sourceID: "t\(id)", startedAt: F.t0, endsAt: F.t0))
            }
        }
        for id in ids {
            #expect(try await store.readPremium { try await $0.entitlements(user: MemberID(id)) } == [Self.stripe("sub_\(id)", user: MemberID(id), guild: GuildID(id))])
            #expect(try await store.readPremium { try await $0.stripeCustomer("cus_\(id)") }?.guild == GuildID(id))
            #expect(try await store.readPremium { try await $0.trial(user: MemberID(id)) }?.user == MemberID(id))
        }
    }
}
