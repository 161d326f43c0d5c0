import Clocks
import DiscordModels
import DiscordREST
import DiscordSandbox
import Foundation
import Gacha
import Premium
import SQLiteStorage
import Storage
import Testing

@testable import Bot

/// Trials' last days on a ManualClock: the reminder DM 3 days before the end through the
/// loopback Discord's DM route (once, mentions disabled), the end recorded once, Stripe's
/// `trial_will_end` reminders sent by the same sweep, and a reminder claimed before a crash
/// never sent again.
@Suite(.timeLimit(.minutes(1)))
struct TrialSweeperTests {
    static let day: Duration = .seconds(86_400)

    @Test func theReminderGoesOutOnceThreeDaysBeforeTheEndAndTheEndIsRecordedOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-trials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("gachabot.sqlite").path)
        defer { try? store.close() }

        try await withSandbox(SandboxConfiguration(tls: false)) { sandbox in
            let clock = ManualClock()
            let time = GameTime(clock: clock, epoch: testEpoch)
            let entitlements = EntitlementService(store: store, now: { time.now() })
            let local = MemberID(4_001)
            let stripe = MemberID(4_002)
            let crashed = MemberID(4_003)
            _ = try await entitlements.startTrial(user: local, guild: nil, at: testEpoch)
            #expect(try await entitlements.isPro(user: local, guild: nil, at: testEpoch))

            let rest = DiscordRESTClient(token: sandbox.configuration.token, baseURL: sandbox.restBaseURL, clock: InstantClock())
            let dm = TrialReminderDM(rest: rest)
            let sweeper = TrialSweeper(
                lifecycle: TrialLifecycle(store: store, entitlements: entitlements), send: { try await dm.send($0) },
                interval: .seconds(3_600), clock: clock, now: { time.now() }, logger: .init(label: "test"))
            func sweepAfter(_ duration: Duration) async {
                clock.advance(by: duration)
                await clock.waitForSleepers(1)
            }

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await sweeper.run() }
                await clock.waitForSleepers(1)
                // Seven days left: no reminder yet.
                #expect(sandbox.directMessages(to: 4_001).isEmpty)

                // A Stripe trial's `trial_will_end` queued a reminder; one claimed before a crash stays unsent.
                try await store.writePremium { tx in
                    _ = try await tx.recordTrialReminder(
                        TrialReminder(user: stripe, sourceID: "sub_1", endsAt: testEpoch.advanced(by: Self.day * 3), updatedAt: testEpoch))
                    _ = try await tx.recordTrialReminder(
                        TrialReminder(user: crashed, sourceID: "sub_2", endsAt: testEpoch.advanced(by: Self.day * 3), updatedAt: testEpoch))
                    _ = try await tx.moveTrialReminder(user: crashed, from: .due, to: .sending, at: testEpoch)
                }
                await sweepAfter(.seconds(3_600))
                #expect(sandbox.directMessages(to: 4_002).count == 1)
                #expect(sandbox.directMessages(to: 4_003).isEmpty)
                #expect(try await store.readPremium { try await $0.trialReminder(user: crashed) }?.state == .sending)

                // Four days and a minute in: under 3 days left, the local trial's reminder goes out.
                await sweepAfter(Self.day * 4 - .seconds(3_600) + .seconds(60))
                let messages = sandbox.directMessages(to: 4_001)
                #expect(messages.count == 1)
                let message = try #require(messages.first)
                #expect(message.contains("Pro trial ends <t:\((testEpoch.advanced(by: Self.day * 7)).millisecondsSinceEpoch / 1000):R>"))
                #expect(try await store.readPremium { try await $0.trialReminder(user: local) }?.state == .sent)
                let created = sandbox.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/messages") }
                #expect(created.allSatisfy { $0.bodyText.contains(#""allowed_mentions":{"parse":[]}"#) }, "\(created.map(\.bodyText))")
                #expect(sandbox.requests.filter { $0.path == "/api/v10/users/@me/channels" || $0.path.hasSuffix("/users/@me/channels") }.count == 2)
                #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")

                // Another sweep a day later: still one DM each.
                await sweepAfter(Self.day)
                #expect(sandbox.directMessages(to: 4_001).count == 1)
                #expect(sandbox.directMessages(to: 4_002).count == 1)

                // Past the end: trial_end once, with its outcome, and the member is on free limits.
                await sweepAfter(Self.day * 2)
                await sweepAfter(.seconds(3_600))
                let ends = try await store.read { try await $0.analyticsEvents(player: nil, name: .trialEnd, limit: 10) }
                #expect(ends.count == 1)
                #expect(ends.first?.player.member == local && ends.first?.properties["outcome"] == "expired")
                #expect(try await entitlements.isPro(user: local, guild: nil, at: time.now()) == false)
                group.cancelAll()
            }
        }
    }
}
