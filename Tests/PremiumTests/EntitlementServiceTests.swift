import Foundation
import Premium
import Storage
import Synchronization
import Testing

/// The one answer to "is this member Pro here?": merged from every source, cached, invalidated
/// on change, with the grace and leeway the configuration sets.
@Suite struct EntitlementServiceTests {
    typealias B = StripeEventBuilder
    static let t0 = StripeLifecycle.t0
    static let day = StripeLifecycle.day
    static let user = MemberID(777)
    static let guild = GuildID(4242)

    /// A time the test moves by hand.
    final class TestTime: Sendable {
        let value: Mutex<Timestamp>
        init(_ start: Timestamp) { value = Mutex(start) }
        func now() -> Timestamp { value.withLock { $0 } }
        func set(_ time: Timestamp) { value.withLock { $0 = time } }
    }

    static func pastDue(created: Int64, period: (Int64, Int64)) -> Data {
        B.event(
            id: "evt_pd", type: "customer.subscription.updated", created: created,
            object: B.subscription(
                id: "sub_1", customer: "cus_1", status: "past_due", periodStart: period.0, periodEnd: period.1,
                metadata: B.discordMetadata(user: user.rawValue, guild: guild.rawValue)))
    }

    @Test(arguments: PremiumTestDatabase.available)
    func pastDueKeepsProForTheConfiguredGrace(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let grace = Duration.seconds(2 * Self.day)
            let configuration = PremiumConfiguration(pastDueGrace: grace)
            let service = EntitlementService(store: store, configuration: configuration, now: { .seconds(Self.t0) })
            let processor = StripeWebhookProcessor(
                store: store, configuration: configuration, now: { .seconds(Self.t0) }, onEntitlementChange: { service.invalidate(user: $0) })
            let start = Self.t0 + 30 * Self.day
            #expect(try await service.isPro(user: Self.user, guild: Self.guild, at: .seconds(start)) == false)
            _ = try await processor.process(Self.pastDue(created: start, period: (start, start + 30 * Self.day)))
            // The processor's commit invalidated the cached "no".
            #expect(try await service.isPro(user: Self.user, guild: Self.guild, at: .seconds(start + 2 * Self.day - 1)))
            #expect(try await service.isPro(user: Self.user, guild: nil, at: .seconds(start + 2 * Self.day - 1)))
            #expect(try await service.isPro(user: Self.user, guild: Self.guild, at: .seconds(start + 2 * Self.day)) == false)
        }
    }

    /// The HTTP server's processor and the bot's service share one `EntitlementChanges` in `run`:
    /// a payment applied by the processor drops the service's cached "no" at once.
    @Test(arguments: PremiumTestDatabase.available)
    func aChangeAppliedByTheProcessorReachesAServiceListeningForChanges(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let changes = EntitlementChanges()
            let service = EntitlementService(store: store, timeToLive: .seconds(3_600), now: { .seconds(Self.t0) })
            changes.listen { service.invalidate(user: $0) }
            let processor = StripeWebhookProcessor(store: store, now: { .seconds(Self.t0) }, onEntitlementChange: { changes.notify($0) })
            let start = Self.t0 + Self.day
            #expect(try await service.isPro(user: Self.user, guild: nil, at: .seconds(start)) == false)
            let active = B.event(
                id: "evt_active", type: "customer.subscription.created", created: start,
                object: B.subscription(
                    id: "sub_2", customer: "cus_2", status: "active", periodStart: start, periodEnd: start + 30 * Self.day,
                    metadata: B.discordMetadata(user: Self.user.rawValue, guild: nil)))
            _ = try await processor.process(active)
            #expect(try await service.isPro(user: Self.user, guild: nil, at: .seconds(start)))
        }
    }

    /// Without invalidation a cached answer stands until its time to live: a change made by another
    /// process is seen then; `invalidate` makes it seen at once.
    @Test(arguments: PremiumTestDatabase.available)
    func theCacheHoldsUntilInvalidatedOrExpired(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let time = TestTime(.seconds(Self.t0))
            let service = EntitlementService(store: store, timeToLive: .seconds(60), now: { time.now() })
            let at = Timestamp.seconds(Self.t0)
            #expect(service.cachedIsPro(user: Self.user, guild: nil, at: at) == nil)
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at) == false)
            #expect(service.cachedIsPro(user: Self.user, guild: nil, at: at) == false)
            // Another process grants (straight to the store): not seen while cached…
            let other = EntitlementService(store: store, now: { time.now() })
            try await other.grant(user: Self.user, until: .seconds(Self.t0 + Self.day), at: at)
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at.advanced(by: .seconds(59))) == false)
            // …until the entry expires,
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at.advanced(by: .seconds(60))))
            // and at once after an invalidation.
            try await other.revoke(user: Self.user, at: at.advanced(by: .seconds(61)))
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at.advanced(by: .seconds(62))))
            service.invalidate(user: Self.user)
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at.advanced(by: .seconds(62))) == false)
        }
    }

    /// Sources merge: a gift, a trial and a Stripe subscription each make the member Pro, and the
    /// answer lasts as long as the longest.
    @Test(arguments: PremiumTestDatabase.available)
    func sourcesMergeIntoOneAnswer(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let configuration = PremiumConfiguration(renewalLeeway: .seconds(3_600), trialLength: .seconds(3 * Self.day))
            let service = EntitlementService(store: store, configuration: configuration, now: { .seconds(Self.t0) })
            let at = Timestamp.seconds(Self.t0)
            guard case .started(let trial) = try await service.startTrial(user: Self.user, guild: Self.guild, at: at) else {
                Issue.record("the first trial was refused")
                return
            }
            #expect(trial.endsAt == .seconds(Self.t0 + 3 * Self.day))
            try await service.grant(user: Self.user, until: .seconds(Self.t0 + 5 * Self.day), at: at)
            let processor = StripeWebhookProcessor(store: store, configuration: configuration, now: { at }, onEntitlementChange: { service.invalidate(user: $0) })
            _ = try await processor.process(
                B.event(id: "evt_1", type: "customer.subscription.created", created: Self.t0,
                        object: B.subscription(id: "sub_1", customer: "cus_1", status: "active", periodStart: Self.t0,
                                               periodEnd: Self.t0 + 10 * Self.day, metadata: B.discordMetadata(user: Self.user.rawValue, guild: nil))))
            let overview = try await service.overview(user: Self.user)
            #expect(overview.entitlements.map(\.source) == [.gift, .stripe, .trial])
            #expect(overview.trial == trial)
            // The Stripe period plus the renewal leeway is the longest.
            let end = Timestamp.seconds(Self.t0 + 10 * Self.day + 3_600)
            #expect(try await service.isPro(user: Self.user, guild: GuildID(1), at: end.advanced(by: .seconds(-1))))
            #expect(try await service.isPro(user: Self.user, guild: GuildID(1), at: end) == false)
            #expect(overview.isPro(guild: nil, at: end.advanced(by: .seconds(-1))))
        }
    }

    /// One trial per Discord user, ever: a second ask (after expiry, or after a Stripe trial) is refused.
    @Test(arguments: PremiumTestDatabase.available)
    func oneTrialPerUserEver(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let service = EntitlementService(store: store, now: { .seconds(Self.t0) })
            let at = Timestamp.seconds(Self.t0)
            guard case .started(let trial) = try await service.startTrial(user: Self.user, guild: nil, at: at) else {
                Issue.record("the first trial was refused")
                return
            }
            #expect(trial.endsAt == at.advanced(by: .seconds(7 * 86_400)))
            #expect(try await service.isPro(user: Self.user, guild: nil, at: trial.endsAt.advanced(by: .seconds(-1))))
            #expect(try await service.isPro(user: Self.user, guild: nil, at: trial.endsAt) == false)
            let later = trial.endsAt.advanced(by: .seconds(30 * 86_400))
            #expect(try await service.startTrial(user: Self.user, guild: nil, at: later) == .alreadyUsed(trial))
            #expect(try await service.isPro(user: Self.user, guild: nil, at: later) == false)
            let starts = try await store.readPremium { try await $0.analyticsEvents(player: nil, name: .trialStart, limit: 10) }
            #expect(starts.count == 1)

            // A Stripe trial counts as the user's one trial too.
            let stripeUser = MemberID(778)
            let processor = StripeWebhookProcessor(store: store, now: { at })
            _ = try await processor.process(
                B.event(id: "evt_t", type: "customer.subscription.created", created: Self.t0,
                        object: B.subscription(id: "sub_t", customer: "cus_t", status: "trialing", periodStart: Self.t0,
                                               periodEnd: Self.t0 + 7 * Self.day, metadata: B.discordMetadata(user: stripeUser.rawValue, guild: nil),
                                               trialEnd: Self.t0 + 7 * Self.day)))
            guard case .alreadyUsed(let stripeTrial) = try await service.startTrial(user: stripeUser, guild: nil, at: at) else {
                Issue.record("a second trial was started after a Stripe trial")
                return
            }
            #expect(stripeTrial.source == .stripe)
            #expect(stripeTrial.sourceID == "sub_t")
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func operatorsGrantAndRevoke(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let service = EntitlementService(store: store, now: { .seconds(Self.t0) })
            let at = Timestamp.seconds(Self.t0)
            await #expect(throws: PremiumOperationError.untilInThePast(until: at, now: at)) {
                try await service.grant(user: Self.user, until: at, at: at)
            }
            try await service.grant(user: Self.user, until: at.advanced(by: .seconds(3_600)), at: at)
            #expect(try await service.isPro(user: Self.user, guild: GuildID(9), at: at))
            let revoked = try await service.revoke(user: Self.user, at: at.advanced(by: .seconds(60)))
            #expect(revoked.map(\.source) == [.gift])
            #expect(revoked.first?.status == .revoked)
            #expect(try await service.isPro(user: Self.user, guild: GuildID(9), at: at.advanced(by: .seconds(61))) == false)
            // Revoking again finds nothing more to revoke.
            #expect(try await service.revoke(user: Self.user, at: at.advanced(by: .seconds(62))).isEmpty)
        }
    }

    /// The cached check is a lock and a lookup: 100,000 cached checks answer as the store does,
    /// without it. (Measured at 0.9 µs a check in a debug build on a loaded two-core machine; the
    /// bound below only catches a check that would reach the store.)
    @Test func theCachedCheckAnswersWithoutTheStore() async throws {
        try await PremiumTestDatabase.sqlite.withStore { store async throws in
            let service = EntitlementService(store: store, now: { .seconds(Self.t0) })
            let at = Timestamp.seconds(Self.t0)
            try await service.grant(user: Self.user, until: at.advanced(by: .seconds(3_600)), at: at)
            #expect(try await service.isPro(user: Self.user, guild: nil, at: at))
            var pro = 0
            for step in 0..<100_000 where service.cachedIsPro(user: Self.user, guild: Self.guild, at: at.advanced(by: .milliseconds(step % 50_000))) == true {
                pro += 1
            }
            #expect(pro == 100_000)
            // Far above the release target (2 µs), to catch a check that reaches the store, not to time it.
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for step in 0..<100_000 { _ = service.cachedIsPro(user: Self.user, guild: Self.guild, at: at.advanced(by: .milliseconds(step % 50_000))) }
            }
            let perCheck = elapsed / 100_000
            #expect(perCheck < .microseconds(50), "a cached check took \(perCheck) (debug build)")
        }
    }
}
