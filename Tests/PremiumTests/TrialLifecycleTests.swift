import Foundation
import Premium
import Storage
import Testing

/// Trials' last days in the store, on both databases: reminders queued once for local trials
/// within 3 days of their end, Stripe's `trial_will_end` queuing one, claims that only one caller
/// wins, and the end recorded once with its outcome.
@Suite("Trial lifecycle", .timeLimit(.minutes(2)))
struct TrialLifecycleTests {
    typealias B = StripeEventBuilder
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_765_000_000_000)
    static let day: Duration = .seconds(86_400)

    @Test(arguments: PremiumTestDatabase.available)
    func remindersAreQueuedOnceAndClaimedOnceAndTheEndIsRecordedOnce(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store in
            let entitlements = EntitlementService(store: store, now: { Self.t0 })
            let lifecycle = TrialLifecycle(store: store, entitlements: entitlements)
            let soon = MemberID(1)
            let later = MemberID(2)
            _ = try await entitlements.startTrial(user: soon, guild: nil, at: Self.t0)
            _ = try await entitlements.startTrial(user: later, guild: nil, at: Self.t0.advanced(by: Self.day * 2))

            // Day 3: nobody's trial ends within 3 days.
            #expect(try await lifecycle.queueReminders(at: Self.t0.advanced(by: Self.day * 3)) == 0)
            // Day 4 and a second: the first trial ends within 3 days, the second does not yet.
            let day4 = Self.t0.advanced(by: Self.day * 4 + .seconds(1))
            #expect(try await lifecycle.queueReminders(at: day4) == 1)
            #expect(try await lifecycle.queueReminders(at: day4) == 0)
            let claimed = try await lifecycle.claimDueReminders(at: day4)
            #expect(claimed.map(\.user) == [soon])
            #expect(try await lifecycle.claimDueReminders(at: day4).isEmpty, "a claimed reminder is not claimed again")
            try await lifecycle.finish(claimed[0], sent: true, at: day4)
            #expect(try await store.readPremium { try await $0.trialReminder(user: soon) }?.state == .sent)

            // Day 7: the first trial ends, once; the member is not Pro any more.
            let day7 = Self.t0.advanced(by: Self.day * 7)
            #expect(try await lifecycle.endTrials(at: day7) == [soon])
            #expect(try await lifecycle.endTrials(at: day7).isEmpty)
            let ends = try await store.readPremium { try await $0.analyticsEvents(player: nil, name: .trialEnd, limit: 10) }
            #expect(ends.map(\.player.member) == [soon])
            #expect(ends.first?.properties["outcome"] == "expired")
            #expect(try await entitlements.isPro(user: soon, guild: nil, at: day7) == false)
            #expect(try await store.readPremium { try await $0.trial(user: soon) } != nil, "the trial stays on record")

            // A member who bought Pro during the trial ends it as converted.
            try await entitlements.grant(user: later, until: Self.t0.advanced(by: Self.day * 60), at: day7)
            #expect(try await lifecycle.endTrials(at: Self.t0.advanced(by: Self.day * 9)) == [later])
            let outcomes = try await store.readPremium { try await $0.analyticsEvents(player: nil, name: .trialEnd, limit: 10) }
                .map { $0.properties["outcome"] }
            #expect(outcomes == ["expired", "converted"])
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func stripesTrialWillEndQueuesTheSameReminder(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store in
            let start: Int64 = 1_765_000_000
            let end = start + 7 * 86_400
            let event = B.event(
                id: "evt_twe", type: "customer.subscription.trial_will_end", created: end - 3 * 86_400,
                object: B.subscription(
                    id: "sub_t", customer: "cus_t", status: "trialing", periodStart: start, periodEnd: end,
                    metadata: B.discordMetadata(user: 555, guild: nil), trialEnd: end))
            let processor = StripeWebhookProcessor(store: store, configuration: PremiumConfiguration(), now: { Self.t0 })
            _ = try await processor.process(event)
            _ = try await processor.process(event)  // a duplicate delivery changes nothing
            let reminder = try #require(try await store.readPremium { try await $0.trialReminder(user: MemberID(555)) })
            #expect(reminder.state == .due && reminder.sourceID == "sub_t")
            #expect(reminder.endsAt == Timestamp(millisecondsSinceEpoch: end * 1000))
            let lifecycle = TrialLifecycle(store: store, entitlements: EntitlementService(store: store, now: { Self.t0 }))
            #expect(try await lifecycle.claimDueReminders(at: Self.t0).map(\.user) == [MemberID(555)])
        }
    }
}
