import BotHarness
import DiscordModels
import DiscordSandbox
import Foundation
import Packs
import Storage
import Testing

@testable import Bot
@testable import Gacha

/// `/packs access`, `/packs subscribe|unsubscribe|subscriptions` end to end on the loopback
/// Discord, on each database: a subscription charged once for two clicks, the mode shown in
/// browse, and a Pro-only pack refused to a manager without Pro with the upgrade buttons.
@Suite(.timeLimit(.minutes(2)))
struct PackAccessCommandTests {
    static let creatorID: UInt64 = 1_300_000_000_000_000_011
    static let managerID: UInt64 = 1_300_000_000_000_000_012
    static let proSKU: UInt64 = 1_300_000_000_000_000_100
    static let managerPermissions: UInt64 = 2_248_473_465_835_073 | Permissions.manageGuild.rawValue

    static func packFile(_ name: String) -> Data {
        let cards = ["ember", "frost"].map { TestCards.json(name: "\($0.capitalized) of \(name)", rarity: "common", id: $0) }
        return Data(
            #"{"format":"gachabot-pack","version":1,"name":"\#(name)","description":"A court.","tags":["court"],"characters":[\#(cards.joined(separator: ","))]}"#
                .utf8)
    }

    /// Imports and publishes a pack of the creator; returns its id.
    static func publish(_ name: String, by creator: SandboxMember) async throws -> PackID {
        let imported = try await creator.command(
            "packs", [.subcommand("import", [.attachment("file", creator.upload("\(name).json", packFile(name)))])])
        let pack = try #require(imported.packID, "\(imported.text)")
        _ = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
        return pack
    }

    @Test func aSubscriptionIsChargedOnceAndAProOnlyPackIsRefusedWithAnUpgradePrompt() async throws {
        try await forEachDatabase { store in
            var options = SandboxBot.Options.game(startingPoints: 500).on(store)
            options.premium = PremiumSettings(skus: DiscordSKUs(proUser: SKUID(Self.proSKU)))
            try await SandboxBot.run(options) { bot in
                let creator = bot.member(Self.creatorID, name: "creator")
                let manager = bot.member(Self.managerID, name: "manager", permissions: Self.managerPermissions)
                let member = bot.member()

                let moonlit = try await Self.publish("Moonlit", by: creator)
                let missing = try await creator.command(
                    "packs", [.subcommand("access", [.string("pack", moonlit.rawValue), .string("mode", "subscription")])])
                #expect(missing.isEphemeral && missing.text.contains("needs a `price:`"), "\(missing.text)")
                let set = try await creator.command(
                    "packs",
                    [.subcommand("access", [.string("pack", moonlit.rawValue), .string("mode", "subscription"), .integer("price", 150)])])
                #expect(set.text.contains("150 pts per 30 days"), "\(set.text)")
                let notTheirs = try await member.command(
                    "packs", [.subcommand("access", [.string("pack", moonlit.rawValue), .string("mode", "free")])])
                #expect(notTheirs.isEphemeral && !notTheirs.text.contains("✅"), "\(notTheirs.text)")
                _ = try await manager.command("packs", [.subcommand("enable", [.string("pack", moonlit.rawValue)])])

                let subscribed = try await member.command("packs", [.subcommand("subscribe", [.string("pack", moonlit.rawValue)])])
                #expect(subscribed.isEphemeral && subscribed.text.contains("Subscribed to **Moonlit**"), "\(subscribed.text)")
                #expect(subscribed.text.contains("Balance: **350"), "\(subscribed.text)")
                let again = try await member.command("packs", [.subcommand("subscribe", [.string("pack", moonlit.rawValue)])])
                #expect(again.text.contains("nothing was charged"), "\(again.text)")
                let listed = try await member.command("packs", [.subcommand("subscriptions")])
                #expect(listed.text.contains("Moonlit") && listed.text.contains("renews"), "\(listed.text)")
                let points = try await member.command("points")
                #expect(points.text.contains("350"), "\(points.text)")

                // Pro-only: the manager without Pro is refused, with Discord's premium button.
                let gilded = try await Self.publish("Gilded", by: creator)
                _ = try await creator.command("packs", [.subcommand("access", [.string("pack", gilded.rawValue), .string("mode", "pro")])])
                let refused = try await manager.command("packs", [.subcommand("enable", [.string("pack", gilded.rawValue)])])
                #expect(refused.isEphemeral && refused.text.contains("Pro-only"), "\(refused.text)")
                let buttons = MessageText.buttons(refused.message?.components ?? [])
                #expect(buttons.contains { $0.style == .premium && $0.sku_id == SKUID(Self.proSKU) }, "\(refused.text)")
                #expect(try await bot.store.readPacks { try await $0.isEnabled(gilded, in: Storage.GuildID(bot.guildID)) } == false)

                // Browse shows both modes.
                let browse = try await member.command("packs", [.subcommand("browse", [.string("sort", "new")])])
                #expect(browse.text.contains("🔒 Pro") && browse.text.contains("🎟️ 150 points / 30 days"), "\(browse.text)")

                // Unsubscribe: access runs to the period end.
                let stopped = try await member.command("packs", [.subcommand("unsubscribe", [.string("pack", moonlit.rawValue)])])
                #expect(stopped.text.contains("will not renew"), "\(stopped.text)")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func ratesShowWhoMayRollARestrictedPack() throws {
        let pool = try GuildPool(packs: [
            GuildPool.PackEntry(id: "open", name: "Open", characters: [GuildPool.Entry(characterID: "a", name: "A", rarity: .common)]),
            GuildPool.PackEntry(
                id: "gold", name: "Gold", characters: [GuildPool.Entry(characterID: "b", name: "B", rarity: .rare)], restricted: true,
                accessNote: PackAccess.pro.label),
        ])
        #expect(pool.restrictedPackIDs == ["gold"])
        let embed = try #require(PackViews.pool(pool, besides: GameViews.rates(.standard)))
        let lines = (embed.description ?? "").split(separator: "\n")
        #expect(lines.contains { $0.contains("**Gold** · 🔒 Pro") } && lines.contains { $0.contains("**Open**:") }, "\(lines)")
        // Leaving a pack out keeps the rest as they were.
        let open = pool.excluding(["gold"])
        #expect(open.packs.map(\.id) == ["open"] && open.characterCount == 1 && open.restrictedPackIDs.isEmpty)
    }

    @Test func aLapseIsToldWithTheUsualWaysToEarnMore() throws {
        let details = InsufficientPoints(balance: 40, price: 150, waysToEarn: [.dailyAvailable(points: 100), .rollDuplicates])
        let text = try #require(PackAccessViews.lapses([AccessLapse(packName: "Moon @everyone", points: details)]))
        #expect(text.contains("Moon @\u{200B}everyone") && !text.contains("@everyone"))
        #expect(text.contains("110") && text.contains("`/daily` is ready now") && text.contains("`/packs subscribe`"))
        #expect(PackAccessViews.lapses(nil) == nil && PackAccessViews.lapses([]) == nil)
    }
}
