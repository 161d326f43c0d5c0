import Clocks
import Foundation
import Premium
import SQLiteStorage
import Storage
import Testing

@testable import Bot

/// The guardrail inside `gachabot run`: checked at start-up, then once a day on the injected clock.
@Suite(.timeLimit(.minutes(1)))
struct FlagGuardrailJobTests {
    @Test func theCheckRunsAtStartAndThenDaily() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-guardrail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
        defer { try? store.close() }
        let now = testEpoch
        // Exposed members never convert; the rest convert one in two.
        var events: [AnalyticsEvent] = []
        for id in UInt64(1)...400 {
            let player = PlayerID(guild: GuildID(0), member: MemberID(id))
            events.append(AnalyticsEvent(name: .trialStart, player: player, at: now.advanced(by: .seconds(-86_400))))
            if FlagBucketing.normalizedValue(String(id), group: "paywall") > 50, id % 2 == 0 {
                events.append(AnalyticsEvent(name: .conversion, player: player, at: now))
            }
        }
        try await store.writePremium { [events] tx in try await tx.appendAnalyticsEvents(events) }
        func setRollout(_ rollout: Int) async throws {
            try await store.writePremium {
                try await $0.upsertFeatureFlag(FeatureFlag(name: "paywall", rollout: rollout, guardrail: "trial_to_paid", updatedAt: now))
            }
        }
        func rollout() async throws -> Int? { try await store.readPremium { try await $0.featureFlag("paywall") }?.rollout }
        try await setRollout(50)

        let clock = ManualClock()
        let job = FlagGuardrailJob(
            guardrail: FlagGuardrail(store: store, now: { now }), interval: .seconds(86_400), clock: clock, logger: .init(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await job.run() }
            await clock.waitForSleepers(1)
            #expect(try await rollout() == 0, "checked at start-up")

            // An operator raises it again: it holds until the next day's check.
            try await setRollout(50)
            clock.advance(by: .seconds(86_399))
            #expect(try await rollout() == 50)
            clock.advance(by: .seconds(1))
            await clock.waitForSleepers(1)
            #expect(try await rollout() == 0)
            #expect(try await store.readPremium { try await $0.flagAudit("paywall") }.count == 2)
            group.cancelAll()
        }
    }
}
