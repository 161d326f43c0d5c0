import Clocks
import Foundation
import Premium
import Storage
import Testing

/// Stripe does not order its events and delivers some twice. Shuffled and duplicated deliveries
/// of a lifecycle must end where in-order delivery ends: the same entitlement, the same points
/// ledger, the same trial record and the same analytics, on both databases.
@Suite struct StripeOrderIndependenceTests {
    static let processedAt = Timestamp.seconds(1_765_000_000)

    /// Verifies each delivery's signature as the route does, then processes it; returns the outcomes.
    static func deliver(_ lifecycle: StripeLifecycle, order: [Int], to processor: StripeWebhookProcessor) async throws -> [StripeEventOutcome] {
        var outcomes: [StripeEventOutcome] = []
        for index in order {
            let delivery = lifecycle.deliveries[index]
            let body = try delivery.verifiedBody(secret: StripeLifecycle.secret, now: Date(timeIntervalSince1970: 1_760_000_000), tolerance: .max)
            outcomes.append(try await processor.process(body))
        }
        return outcomes
    }

    static func processor(_ store: any PremiumStore) -> StripeWebhookProcessor {
        StripeWebhookProcessor(
            store: store, configuration: PremiumConfiguration(monthlyPointsGrant: StripeLifecycle.grant), now: { processedAt })
    }

    /// In order, the paid lifecycle ends canceled after two grants, and each step did what it says.
    @Test(arguments: PremiumTestDatabase.available)
    func thePaidLifecycleInOrder(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let lifecycle = StripeLifecycle.paid(run: 0)
            let outcomes = try await Self.deliver(lifecycle, order: Array(0..<8), to: Self.processor(store))
            #expect(outcomes == Array(repeating: StripeEventOutcome.applied, count: 8))
            let outcome = try await lifecycle.outcome(store)
            let entitlement = try #require(outcome.entitlements.first)
            #expect(outcome.entitlements.count == 1)
            #expect(entitlement.status == .canceled)
            #expect(entitlement.periodEnd == .seconds(StripeLifecycle.t0 + 60 * StripeLifecycle.day))
            #expect(entitlement.orderEventID == "evt__8")
            #expect(entitlement.guild == nil)
            #expect(outcome.ledger == ["1000 pro_monthly_grant stripe-invoice:in__1", "1000 pro_monthly_grant stripe-invoice:in__2"])
            #expect(outcome.balance == 2 * StripeLifecycle.grant)
            #expect(outcome.trial == nil)
            #expect(outcome.analytics == [
                "conversion 499 usd", "payment_failed 499 usd", "points_earned 1000 -", "points_earned 1000 -", "subscription_canceled 499 usd",
                "subscription_renewed 499 usd",
            ])
        }
    }

    /// In order, the trial lifecycle ends active for the first paid month with one grant.
    @Test(arguments: PremiumTestDatabase.available)
    func theTrialLifecycleInOrder(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let lifecycle = StripeLifecycle.trial(run: 0)
            let outcomes = try await Self.deliver(lifecycle, order: Array(0..<6), to: Self.processor(store))
            #expect(outcomes == Array(repeating: StripeEventOutcome.applied, count: 6))
            let outcome = try await lifecycle.outcome(store)
            let trialEnd = StripeLifecycle.t0 + 7 * StripeLifecycle.day
            #expect(outcome.entitlements.map(\.status) == [.active])
            #expect(outcome.entitlements.first?.periodStart == .seconds(trialEnd))
            #expect(outcome.entitlements.first?.periodEnd == .seconds(trialEnd + 30 * StripeLifecycle.day))
            #expect(outcome.ledger == ["1000 pro_monthly_grant stripe-invoice:in__2"])
            #expect(outcome.trial?.source == .stripe)
            #expect(outcome.trial?.endsAt == .seconds(trialEnd))
            #expect(outcome.analytics == [
                "conversion 0 usd", "points_earned 1000 -", "subscription_renewed 499 usd", "trial_end 499 usd", "trial_start 499 usd",
            ])
        }
    }

    /// All 720 orders of the trial lifecycle (6 events), each in its own run of ids.
    @Test(arguments: PremiumTestDatabase.available)
    func everyOrderOfTheTrialLifecycle(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let baseline = StripeLifecycle.trial(run: 0)
            _ = try await Self.deliver(baseline, order: Array(0..<6), to: processor)
            let expected = try await baseline.outcome(store)
            for (index, order) in allPermutations(6).enumerated() {
                let lifecycle = StripeLifecycle.trial(run: index + 1)
                let outcomes = try await Self.deliver(lifecycle, order: order, to: processor)
                #expect(outcomes.allSatisfy { $0 == .applied }, "order \(order): \(outcomes)")
                let outcome = try await lifecycle.outcome(store)
                #expect(outcome == expected, "order \(order)")
                if outcome != expected { break }
            }
            #expect(try await store.readPremium { try await $0.ledgerDiscrepancies() }.isEmpty)
        }
    }

    /// A seeded sample of 250 of the 40,320 orders of the paid lifecycle (8 events), each with one
    /// to three extra deliveries of random events: the extras answer `.duplicate` and change nothing.
    @Test(arguments: PremiumTestDatabase.available)
    func sampledOrdersOfThePaidLifecycleWithDuplicates(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let baseline = StripeLifecycle.paid(run: 0)
            _ = try await Self.deliver(baseline, order: Array(0..<8), to: processor)
            let expected = try await baseline.outcome(store)
            var shuffler = Shuffler(random: SeededRandom(seed: 0x5EED_0015))
            let orders = (1...250).map { _ in shuffler.permutation(8) }
            // The sample really is 250 different orders, not one order many times.
            #expect(Set(orders).count >= 245)
            for (index, order) in orders.enumerated() {
                let run = index + 1
                let extra = 1 + run % 3
                let deliveries = shuffler.withDuplicates(order, extra: extra)
                let lifecycle = StripeLifecycle.paid(run: run)
                let outcomes = try await Self.deliver(lifecycle, order: deliveries, to: processor)
                #expect(outcomes.filter { $0 == .duplicate }.count == extra, "deliveries \(deliveries): \(outcomes)")
                #expect(outcomes.filter { $0 == .applied }.count == 8, "deliveries \(deliveries): \(outcomes)")
                let outcome = try await lifecycle.outcome(store)
                #expect(outcome == expected, "deliveries \(deliveries)")
                if outcome != expected { break }
            }
            #expect(try await store.readPremium { try await $0.ledgerDiscrepancies() }.isEmpty)
        }
    }

    /// The same lifecycle delivered by several tasks at once, every event twice: the end is the same.
    @Test(arguments: PremiumTestDatabase.available)
    func concurrentDuplicatedDeliveries(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let baseline = StripeLifecycle.paid(run: 0)
            _ = try await Self.deliver(baseline, order: Array(0..<8), to: processor)
            let expected = try await baseline.outcome(store)
            let lifecycle = StripeLifecycle.paid(run: 1)
            let outcomes = try await withThrowingTaskGroup(of: StripeEventOutcome.self) { group in
                for index in Array(0..<8) + Array(0..<8).reversed() {
                    group.addTask { try await processor.process(lifecycle.deliveries[index].body) }
                }
                return try await group.reduce(into: [StripeEventOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .applied }.count == 8)
            #expect(outcomes.filter { $0 == .duplicate }.count == 8)
            #expect(try await lifecycle.outcome(store) == expected)
        }
    }
}
