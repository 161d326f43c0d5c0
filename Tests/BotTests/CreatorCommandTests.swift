import BotHarness
import Clocks
import DiscordModels
import DiscordREST
import DiscordSandbox
import Economy
import Foundation
import Gacha
import Packs
import Storage
import Testing

@testable import Bot

/// `/creator` end to end on both databases: earnings and the payout refusal, `apply` with its
/// criteria and one queue entry, `notifications` switches; the free creators' cap with its
/// upgrade answer; the verified badge in browse, search and the profile; creator DMs per kind, a
/// kind turned off, and a DM Discord refuses (50007) retried with backoff, then given up. The
/// money invariant holds after each.
@Suite(.timeLimit(.minutes(2)))
struct CreatorCommandTests {
    static let creatorID = DiscordSandbox.defaultMemberID
    static var creator: MemberID { MemberID(creatorID) }
    static let guild = Storage.GuildID(7)

    static func options(_ store: (any BotStore)?) -> SandboxBot.Options {
        var options = SandboxBot.Options.game(gameTime: GameTime { testEpoch }).on(store)
        options.tls = false
        return options
    }

    static func pack(_ id: String, _ name: String, status: PackStatus = .published, creator: MemberID = Self.creator) -> PackRecord {
        PackRecord(
            id: PackID(id), creator: creator, name: name, tags: ["dragons"], status: status, createdAt: testEpoch,
            publishedAt: status == .published ? testEpoch : nil)
    }

    static func expectMoneyConsistent(_ store: any BotStore) async throws {
        #expect(try await store.readEconomy { try await $0.moneyDiscrepancies() }.isEmpty)
        #expect(try await store.readEconomy { try await $0.ledgerDiscrepancies() }.isEmpty)
    }

    @Test func earningsPayoutApplyAndNotificationSwitches() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(Self.options(store)) { bot in
                let creator = bot.member()
                let empty = try await creator.command("creator", [.subcommand("earnings")])
                #expect(empty.isEphemeral && empty.text.contains("No earnings yet"), "\(empty.text)")

                // 70.00 matured, 50.00 still in the 30-day hold.
                for (key, amount, days) in [("allocation:2024-10", Int64(7_000), Int64(40)), ("allocation:2024-12", 5_000, 5)] {
                    _ = try await bot.store.writeEconomy { tx in
                        try await tx.postMoneyTransaction(
                            MoneyTransaction(
                                idempotencyKey: key, kind: .allocation, reference: key, user: Self.creator,
                                at: testEpoch.advanced(by: .seconds(-days * 86_400)),
                                entries: [
                                    MoneyEntry(account: .platformRevenue, currency: "usd", amount: amount),
                                    MoneyEntry(account: .creatorPayable(Self.creator), currency: "usd", amount: -amount),
                                ]))
                    }
                }
                let earnings = try await creator.command("creator", [.subcommand("earnings")])
                #expect(earnings.isEphemeral, "\(earnings.text)")
                for expected in ["in the hold 50.00 USD", "payable 70.00 USD", "paid 0.00 USD", "30.00 USD more payable until the 100.00 USD payout minimum", "revenue share +50.00 USD", "This month so far"] {
                    #expect(earnings.text.contains(expected), "\(expected) in \(earnings.text)")
                }
                let payout = try await creator.command("creator", [.subcommand("payout")])
                #expect(payout.isEphemeral && payout.text.contains("30.00 USD missing"), "\(payout.text)")
                #expect(try await bot.store.readEconomy { try await $0.payouts(status: nil, creator: Self.creator) }.isEmpty)

                // Apply: each criterion with the current value, then the queue once met.
                let early = try await creator.command("creator", [.subcommand("apply")])
                #expect(early.isEphemeral && early.text.contains("Not yet"), "\(early.text)")
                #expect(early.text.contains("❌ published packs: 0 (needs at least 2)") && early.text.contains("❌ distinct raters: 0 (needs at least 20)"), "\(early.text)")
                #expect(early.text.contains("✅ upheld reports in the last 90 days: 0 (needs none)"), "\(early.text)")
                try await bot.store.writePacks { tx in
                    try await tx.insertPack(Self.pack("ap1", "First"))
                    try await tx.insertPack(Self.pack("ap2", "Second"))
                    for rater in UInt64(1)...20 {
                        try await tx.upsertRating(
                            PackRating(pack: PackID("ap1"), member: MemberID(rater), guild: Self.guild, stars: 4, review: nil, createdAt: testEpoch),
                            prior: RatingPrior(weight: 1, mean: 3))
                    }
                }
                let queued = try await creator.command("creator", [.subcommand("apply")])
                #expect(queued.text.contains("you are in the verification queue") && queued.text.contains("✅ mean rating: 4.0"), "\(queued.text)")
                let again = try await creator.command("creator", [.subcommand("apply")])
                #expect(again.text.contains("already in the verification queue"), "\(again.text)")
                #expect(try await bot.store.readEconomy { try await $0.verificationQueue() }.map(\.creator) == [Self.creator])

                // Notification switches.
                let off = try await creator.command("creator", [.subcommand("notifications", [.string("kind", "rated"), .string("state", "off")])])
                #expect(off.isEphemeral && off.text.contains("a pack is rated are now **off**") && off.text.contains("🔕 a pack is rated"), "\(off.text)")
                #expect(try await bot.store.readEconomy { try await $0.disabledNotificationKinds(Self.creator) } == [.rated])
                let half = try await creator.command("creator", [.subcommand("notifications", [.string("kind", "rated")])])
                #expect(half.isEphemeral && half.text.contains("Give both"), "\(half.text)")
                let list = try await creator.command("creator", [.subcommand("notifications")])
                #expect(list.text.contains("🔔 a payout is paid") && list.text.contains("🔕 a pack is rated"), "\(list.text)")
                try await Self.expectMoneyConsistent(bot.store)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func freeCreatorsAreCappedWithAnUpgradeAnswer() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(Self.options(store)) { bot in
                let creator = bot.member()
                try await bot.store.writePacks { tx in
                    for n in 1...3 { try await tx.insertPack(Self.pack("cap\(n)", "Published \(n)")) }
                    try await tx.insertPack(Self.pack("capd", "The draft", status: .draft))
                    try await tx.upsertCharacters([PackCharacterRecord(pack: PackID("capd"), id: "c1", rarity: .common, name: "One")])
                }
                let refused = try await creator.command("packs", [.subcommand("publish", [.string("pack", "capd")])])
                #expect(refused.isEphemeral, "\(refused.text)")
                #expect(refused.text.contains("Free creators can have 3 published packs") && refused.text.contains("upgrade to Pro"), "\(refused.text)")
                #expect(try await bot.store.readPacks { try await $0.pack(PackID("capd")) }?.status == .draft)
                _ = try await creator.command("packs", [.subcommand("unpublish", [.string("pack", "cap1")])])
                let published = try await creator.command("packs", [.subcommand("publish", [.string("pack", "capd")])])
                #expect(published.text.contains("**The draft** is published"), "\(published.text)")
                try await Self.expectMoneyConsistent(bot.store)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func theVerifiedBadgeShowsInBrowseSearchAndTheProfile() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(Self.options(store)) { bot in
                let member = bot.member(1_300_000_000_000_000_009, name: "reader")
                let other = MemberID(1_300_000_000_000_000_008)
                try await bot.store.writePacks { tx in
                    try await tx.insertPack(Self.pack("bv", "Verified dragons"))
                    try await tx.insertPack(Self.pack("bu", "Plain dragons", creator: other))
                    try await tx.refreshPackScores(asOf: testEpoch, prior: RatingPrior(weight: 1, mean: 3))
                }
                _ = try await bot.store.writeEconomy { try await $0.setCreatorVerified(Self.creator, verified: true, at: testEpoch) }
                let badge = "<@\(Self.creatorID)> \(CreatorBadge.verified)"
                let browse = try await member.command("packs", [.subcommand("browse", [.string("sort", "new")])])
                #expect(browse.text.contains(badge) && browse.text.contains("<@\(other.rawValue)>") && !browse.text.contains("<@\(other.rawValue)> ✅"), "\(browse.text)")
                let search = try await member.command("packs", [.subcommand("search", [.string("query", "dragons")])])
                #expect(search.text.contains(badge) && !search.text.contains("<@\(other.rawValue)> ✅"), "\(search.text)")
                let profile = try await member.command("packs", [.subcommand("creator", [.user("user", Self.creatorID)])])
                #expect(profile.text.contains("\(CreatorBadge.verified) Verified creator"), "\(profile.text)")
                let plain = try await member.command("packs", [.subcommand("creator", [.user("user", other.rawValue)])])
                #expect(!plain.text.contains("Verified creator"), "\(plain.text)")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func creatorDMsPerKindOffKindsAndRefusedDMsGiveUp() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(Self.options(store)) { bot in
                let clock = ManualClock()
                let time = GameTime(clock: clock, epoch: testEpoch)
                let rest = DiscordRESTClient(token: bot.sandbox.configuration.token, baseURL: bot.sandbox.restBaseURL, clock: InstantClock())
                let dm = CreatorNotificationDM(rest: rest)
                let notifier = CreatorNotifier(store: bot.store, policy: NotificationRetryPolicy(maxAttempts: 3, firstDelay: .seconds(60)))
                let service = CreatorNotificationService(
                    notifier: notifier, send: { try await dm.send($0) }, interval: .seconds(30), clock: clock, now: { time.now() },
                    logger: .init(label: "test"))
                func event(_ name: EventName, by member: MemberID, _ properties: [String: String]) async throws {
                    try await bot.store.writeEconomy { tx in
                        try await tx.appendAnalyticsEvent(
                            AnalyticsEvent(name: name, player: PlayerID(guild: Self.guild, member: member), at: time.now(), properties: properties))
                    }
                }
                try await bot.store.writePacks { tx in try await tx.insertPack(Self.pack("dm1", "Sea @everyone <@&42>")) }
                let fan = MemberID(1_300_000_000_000_000_011)
                try await event("pack_rated", by: fan, ["pack": "dm1", "stars": "5"])
                try await event("pack_reported", by: fan, ["pack": "dm1", "reason": "spam"])
                try await event("pack_hidden", by: fan, ["pack": "dm1", "by": "reports"])
                try await event("pack_restored", by: MemberID(1), ["pack": "dm1", "by": "operator"])
                try await event("payout_paid", by: Self.creator, ["payout": "po_9", "amount": "12345", "currency": "usd"])
                try await event("payout_failed", by: Self.creator, ["payout": "po_8", "amount": "10000", "currency": "usd"])
                try await event("referral_converted", by: fan, ["creator": String(Self.creatorID), "pack": "dm1"])
                await service.sweep()
                let messages = bot.sandbox.directMessages(to: Self.creatorID)
                #expect(messages.count == 7, "\(messages)")
                for expected in ["new rating: 5 ★", "was reported (spam)", "is hidden pending review", "is published again", "`po_9` of 123.45 USD is paid", "`po_8` of 100.00 USD failed", "started Pro"] {
                    #expect(messages.contains { $0.contains(expected) }, "\(expected) in \(messages)")
                }
                #expect(!messages.joined().contains("@everyone") && !messages.joined().contains("<@&42>"), "creator text is neutralised: \(messages)")
                let posts = bot.sandbox.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/messages") && !$0.path.contains("interactions") }
                #expect(posts.count == 7 && posts.allSatisfy { $0.bodyText.contains(#""allowed_mentions":{"parse":[]}"#) })
                await service.sweep()
                #expect(bot.sandbox.directMessages(to: Self.creatorID).count == 7, "each event is one DM")

                // A kind turned off sends nothing; another kind still does.
                try await notifier.set(.rated, enabled: false, creator: Self.creator, at: time.now())
                try await event("pack_rated", by: fan, ["pack": "dm1", "stars": "1"])
                await service.sweep()
                #expect(bot.sandbox.directMessages(to: Self.creatorID).count == 7)

                // Discord refuses the DM (50007): recorded, retried after 60 s and 120 s, then given up.
                bot.sandbox.inject(.cannotMessageUser, target: .route("POST", "/users/@me/channels"), count: 10)
                try await event("pack_reported", by: MemberID(1_300_000_000_000_000_012), ["pack": "dm1", "reason": "other"])
                await service.sweep()
                var last = try #require(try await notifier.notifications(creator: Self.creator, limit: 1).first)
                #expect(last.kind == .reported && last.status == .pending && last.attempts == 1, "\(last)")
                #expect(last.lastError?.contains("50007") == true, "\(String(describing: last.lastError))")
                clock.advance(by: .seconds(59))
                await service.sweep()
                #expect(try await notifier.notifications(creator: Self.creator, limit: 1).first?.attempts == 1, "not before the backoff")
                clock.advance(by: .seconds(1))
                await service.sweep()
                #expect(try await notifier.notifications(creator: Self.creator, limit: 1).first?.attempts == 2)
                clock.advance(by: .seconds(120))
                await service.sweep()
                last = try #require(try await notifier.notifications(creator: Self.creator, limit: 1).first)
                #expect(last.status == .failed && last.attempts == 3 && last.nextAttemptAt == nil, "\(last)")
                clock.advance(by: .seconds(86_400))
                await service.sweep()
                let refusedTries = bot.sandbox.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/users/@me/channels") && $0.responseStatus == 403 }
                #expect(refusedTries.count == 3, "three attempts, then never again")
                #expect(bot.sandbox.directMessages(to: Self.creatorID).count == 7)
                try await Self.expectMoneyConsistent(bot.store)
            }
        }
    }
}
