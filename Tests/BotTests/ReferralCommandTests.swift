import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Economy
import Foundation
import Gacha
import Packs
import Premium
import Storage
import Testing

@testable import Bot

/// Referrals end to end on the loopback Discord and each database: a creator's code for their
/// published pack, a member redeeming it (once, not their own), the member's first Pro payment
/// booking the creator's commission in the webhook's transaction, and the money invariant.
@Suite(.timeLimit(.minutes(2)))
struct ReferralCommandTests {
    static let fanID: UInt64 = 1_300_000_000_000_000_021
    static let latecomerID: UInt64 = 1_300_000_000_000_000_022

    @Test func aCodeRedeemedThenProPaysTheCreatorACommission() async throws {
        try await forEachDatabase { store in
            let clock = ManualClock()
            try await SandboxBot.run(.game(gameTime: GameTime(clock: clock, epoch: testEpoch), store: store)) { bot in
                let creator = bot.member()
                let fan = bot.member(Self.fanID, name: "fan")
                let latecomer = bot.member(Self.latecomerID, name: "latecomer")

                // A draft has no code yet; once published it has one, the same each time.
                let created = try await creator.command("packs", [.subcommand("create", [.string("name", "Star Pilots")])])
                let pack = try #require(created.packID)
                let card = creator.upload("nova.png", TestCards.pngCard(name: "Nova", rarity: "rare", id: "nova"))
                _ = try await creator.command("packs", [.subcommand("add-character", [.string("pack", pack.rawValue), .attachment("card", card)])])
                let draft = try await creator.command("creator", [.subcommand("referral", [.string("pack", pack.rawValue)])])
                #expect(draft.isEphemeral && draft.text.contains("Publish the pack first"), "\(draft.text)")
                _ = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
                let suggested = try await creator.autocomplete("creator", [.subcommand("referral", [.string("pack", "", focused: true)])])
                #expect(PacksCommandTests.choices(suggested).map(\.value) == [.string(pack.rawValue)])
                let answer = try await creator.command("creator", [.subcommand("referral", [.string("pack", pack.rawValue)])])
                #expect(answer.isEphemeral && answer.text.contains("Your referral code for **Star Pilots**"), "\(answer.text)")
                let code = try #require(answer.text.split(separator: "`").map(String.init).first { ReferralCodeText.normalize($0) == $0 })
                let again = try await creator.command("creator", [.subcommand("referral", [.string("pack", "Star Pilots")])])
                #expect(again.text.contains("`\(code)`"))
                // Someone else's pack is refused.
                let notTheirs = try await fan.command("creator", [.subcommand("referral", [.string("pack", pack.rawValue)])])
                #expect(notTheirs.isEphemeral && notTheirs.text.contains("no single pack"), "\(notTheirs.text)")

                // Redeem: unknown and own codes refused with a clear message; then once, case-insensitive.
                let unknown = try await fan.command("packs", [.subcommand("redeem", [.string("code", "ZZZZZZZZ")])])
                #expect(unknown.isEphemeral && unknown.text.contains("isn't a referral code we know"), "\(unknown.text)")
                let own = try await creator.command("packs", [.subcommand("redeem", [.string("code", code)])])
                #expect(own.isEphemeral && own.text.contains("your own code"), "\(own.text)")
                let redeemed = try await fan.command("packs", [.subcommand("redeem", [.string("code", code.lowercased())])])
                #expect(redeemed.isEphemeral && redeemed.text.contains("Code `\(code)` redeemed"), "\(redeemed.text)")
                #expect(redeemed.text.contains("**Star Pilots**"))
                let twice = try await fan.command("packs", [.subcommand("redeem", [.string("code", code)])])
                #expect(twice.text.contains("already redeemed a referral code"), "\(twice.text)")

                // The latecomer redeems, and pays 30 days later: outside the window.
                _ = try await latecomer.command("packs", [.subcommand("redeem", [.string("code", code)])])

                // The fan's first Pro payment, through the webhook processor with the money ledger.
                let economy: any EconomyStore = bot.store
                let processor = StripeWebhookProcessor(
                    store: bot.store, now: { testEpoch.advanced(by: .seconds(3_600)) }, money: EconomyRevenueRecorder())
                for (member, invoice, seconds) in [(Self.fanID, "in_fan", Int64(60)), (Self.latecomerID, "in_late", Int64(30 * 86_400))] {
                    let created = testEpoch.millisecondsSinceEpoch / 1000 + seconds
                    let object = StripeEventBuilder.invoice(
                        id: invoice, customer: "cus_\(member)", subscription: "sub_\(member)",
                        metadata: StripeEventBuilder.discordMetadata(user: member, guild: 7), amountPaid: 999,
                        amountDue: 999, billingReason: "subscription_create", periodStart: created, periodEnd: created + 2_592_000)
                    #expect(try await processor.process(StripeEventBuilder.event(id: "evt_\(invoice)", type: "invoice.paid", created: created, object: object)) == .applied)
                }
                // 999 × 20% = 199.8 → 199; fee floor(199 × 15%) = 29; credit 170, held.
                let commissions = try await economy.readEconomy { try await $0.referralCommissions(member: MemberID(Self.fanID)) }
                #expect(commissions.map(\.commission) == [199] && commissions.map(\.credit) == [170])
                #expect(try await economy.readEconomy { try await $0.referralCommissions(member: MemberID(Self.latecomerID)) }.isEmpty)
                let earnings = try await CreatorEarnings.load(
                    MemberID(DiscordSandbox.defaultMemberID), configuration: EconomyConfiguration(), now: testEpoch.advanced(by: .seconds(7_200)),
                    store: economy)
                #expect(earnings.earnings.first?.pending == 170)
                let converted = try await economy.readEconomy { try await $0.analyticsEvents(player: nil, name: "referral_converted", limit: 5) }
                #expect(converted.count == 1 && converted.first?.properties["creator"] == String(DiscordSandbox.defaultMemberID))
                #expect(converted.first?.properties["code"] == code && converted.first?.properties["pack"] == pack.rawValue)
                #expect(try await economy.readEconomy { try await $0.moneyDiscrepancies() }.isEmpty)
                try await bot.expectHealthy()
            }
        }
    }
}
