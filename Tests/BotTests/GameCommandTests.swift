import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Storage
import Testing

@testable import Bot

/// The game's slash commands end to end: a member injects interactions on the loopback Discord,
/// the real bot answers over REST, the game state lives in a real SQLite file.
@Suite(.timeLimit(.minutes(1)))
struct GameCommandTests {
    @Test func statusShowsShardLatencyUptimeAndVersion() async throws {
        try await SandboxBot.run(.game()) { bot in
            let answer = try await bot.member().command("status")
            #expect(answer.response.type == .channelMessageWithSource && answer.isEphemeral)
            let fields = Dictionary(uniqueKeysWithValues: (answer.message?.embeds?.first?.fields ?? []).map { ($0.name, $0.value) })
            #expect(fields["Shard"] == "0 of 1")
            #expect(fields["Version"] == "test")
            let latency = try #require(fields["Gateway latency"])
            #expect(latency == "measuring…" || latency.wholeMatch(of: /\d+ ms/) != nil, "\(latency)")
            let uptime = try #require(fields["Uptime"])
            #expect(uptime.wholeMatch(of: /\d+m \d+s/) != nil, "\(uptime)")
            try await bot.expectHealthy()
        }
    }

    @Test func ratesDailyPointsAndRollsUntilNoneAreLeft() async throws {
        let gameClock = ManualClock()
        let options = SandboxBot.Options.game(gameTime: GameTime(clock: gameClock, epoch: testEpoch))
        try await SandboxBot.run(options) { bot in
            let member = bot.member()
            let rates = try await member.command("rates")
            #expect(rates.response.type == .channelMessageWithSource)
            #expect(rates.text.contains("Published rates") && rates.text.contains("Legendary") && rates.text.contains("Pity"))

            let daily = try await member.command("daily")
            #expect(!daily.isEphemeral)
            #expect(daily.text.contains("+**100 pts**"), "\(daily.text)")
            #expect(try await bot.balance() == 100)
            let again = try await member.command("daily")
            #expect(again.isEphemeral)
            // Days are UTC: the next claim is at 2025-01-02T00:00:00Z.
            #expect(again.text.contains("already claimed") && again.text.contains("<t:1735776000:R>"), "\(again.text)")
            #expect(try await bot.balance() == 100, "a refused claim pays nothing")

            let points = try await member.command("points")
            #expect(points.isEphemeral)
            #expect(points.text.contains("Balance: **100 pts**"), "\(points.text)")

            // 10 stored rolls; the game clock stands still, so none regenerates.
            for left in (0..<10).reversed() {
                let roll = try await member.command("roll")
                #expect(!roll.isEphemeral)
                #expect(roll.text.contains("You rolled"), "\(roll.text)")
                #expect(roll.message?.embeds?.first?.footer?.text.hasPrefix("Rolls left: \(left)") == true)
            }
            let refused = try await member.command("roll")
            #expect(refused.isEphemeral)
            // The next roll regenerates 6 minutes after the first was used: 12:06 UTC.
            #expect(refused.text.contains("no rolls left") && refused.text.contains("<t:1735733160:R>"), "\(refused.text)")
            #expect(try await bot.inventoryCount() >= 1)
            try await bot.expectHealthy()
        }
    }

    @Test func shopButtonsExtraRollAndInsufficientPoints() async throws {
        try await SandboxBot.run(.game(startingPoints: 150)) { bot in
            let member = bot.member()
            let shop = try await member.command("shop")
            #expect(shop.customIDs == ["shop:buy:extra_roll", "shop:buy:pull_5", "shop:buy:pull_10"])
            #expect(shop.text.contains("Buy 10 Characters") && shop.text.contains("1,000 pts"), "\(shop.text)")

            let extra = try await member.command("buy", [.string("item", "extra_roll")])
            #expect(extra.isEphemeral)
            #expect(extra.text.contains("+1 roll for 100 pts") && extra.text.contains("**50 pts**"), "\(extra.text)")
            #expect(try await bot.balance() == 50)

            let tooPoor = try await member.press("shop:buy:pull_5")
            #expect(tooPoor.response.type == .channelMessageWithSource && tooPoor.isEphemeral)
            #expect(tooPoor.text.contains("You need **500 pts** but have **50 pts**"), "\(tooPoor.text)")
            #expect(tooPoor.text.contains("/daily"), "names a way to earn more: \(tooPoor.text)")
            #expect(try await bot.balance() == 50, "nothing charged")
            try await bot.expectHealthy()
        }
    }

    @Test func twoConcurrentBuysWithPointsForOneChargeOnce() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(.game(startingPoints: 100, store: store)) { bot in
                let member = bot.member()
                async let first = member.command("buy", [.string("item", "extra_roll")])
                async let second = member.command("buy", [.string("item", "extra_roll")])
                let answers = try await [first, second]
                #expect(answers.filter { $0.text.contains("+1 roll") }.count == 1, "\(answers.map(\.text))")
                #expect(answers.filter { $0.text.contains("You need **100 pts** but have **0 pts**") }.count == 1)
                #expect(try await bot.balance() == 0)
                #expect(try await bot.ledger().filter { $0.amount < 0 }.count == 1, "exactly one charge")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func inventoryPagingAndSortCharacterWithAutocompleteAndRelease() async throws {
        try await SandboxBot.run(.game(startingPoints: 1_500)) { bot in
            let member = bot.member()
            for item in ["pull_10", "pull_5"] {
                let pull = try await buyPull(member, item: item)
                let applied = try await member.press("pull:apply:\(pull.pullID)")
                #expect(applied.text.contains("Pull settled"), "\(applied.text)")
            }
            let owned = try await bot.withStore { store in try await store.readGacha { try await $0.inventory(bot.defaultPlayer) } }
            #expect(owned.count > 10, "two pages of 10")

            let first = try await member.command("inventory")
            #expect(first.isEphemeral)
            let footer = first.message?.embeds?.first?.footer?.text ?? ""
            #expect(footer == "Page 1 of 2 · sorted by rarity", "\(footer)")
            let owner = DiscordSandbox.defaultMemberID
            let pageButtons = buttons(in: first.message?.components)
            #expect(pageButtons.map(\.custom_id) == ["inv:\(owner):rarity:0", "inv:\(owner):rarity:2", "inv:\(owner):name:1"])
            #expect(pageButtons.map { $0.disabled ?? false } == [true, false, false])

            let second = try await member.press("inv:\(owner):rarity:2")
            #expect(second.response.type == .updateMessage)
            #expect(second.message?.embeds?.first?.footer?.text == "Page 2 of 2 · sorted by rarity")
            let firstNames = first.message?.embeds?.first?.description ?? ""
            let secondNames = second.message?.embeds?.first?.description ?? ""
            #expect(firstNames != secondNames, "page 2 shows other characters")

            let byName = try await member.press("inv:\(owner):name:1")
            #expect(byName.message?.embeds?.first?.footer?.text == "Page 1 of 2 · sorted by name")
            let names = (byName.message?.embeds?.first?.description ?? "").split(separator: "\n").map { line in
                String(line.dropFirst(2).prefix { $0 != "*" }).lowercased()
            }
            #expect(names == names.sorted(), "\(names)")

            let stranger = try await bot.member(1_300_000_000_000_000_099, name: "other").press("inv:\(owner):rarity:2")
            #expect(stranger.isEphemeral && stranger.text.contains("This isn't yours"), "\(stranger.text)")

            // /character with autocomplete: suggestions come from the member's own characters.
            let catalogue = try Catalogue.load(from: try ResourceLocator().locate(.assets).appendingPathComponent("catalogue.json"))
            let ownedIDs = Set(owned.map(\.characterID))
            let mine = try #require(catalogue.character(owned[0].characterID))
            let typed = String(mine.name.prefix(2))
            let suggestions = try await member.autocomplete("character", [.string("name", typed, focused: true)])
            #expect(suggestions.response.type == .applicationCommandAutocompleteResult)
            guard case .autocomplete(let choices)? = suggestions.response.data else {
                Issue.record("no choices: \(suggestions.text)")
                return
            }
            #expect(!choices.isEmpty)
            let suggestedIDs = choices.compactMap { choice -> String? in
                if case .string(let id) = choice.value { return id }
                return nil
            }
            #expect(suggestedIDs.contains(mine.id))
            #expect(suggestedIDs.allSatisfy(ownedIDs.contains), "only owned characters are suggested")

            let shown = try await member.command("character", [.string("name", mine.id)])
            #expect(!shown.isEphemeral && shown.message?.embeds?.first?.title == Format.plain(mine.name), "\(shown.text)")
            let notMine = try #require(catalogue.characters.first { !ownedIDs.contains($0.id) })
            let refused = try await member.command("character", [.string("name", notMine.id)])
            #expect(refused.isEphemeral && refused.text.contains("You don't own a character called"), "\(refused.text)")

            // /release: the character leaves the inventory for its points.
            let before = try await bot.balance()
            let released = try await member.command("release", [.string("name", mine.id)])
            #expect(released.isEphemeral && released.text.contains("Released"), "\(released.text)")
            let value = GachaConfiguration.standard.conversion.value(of: mine.rarity)
            #expect(try await bot.balance() == before + value)
            #expect(try await bot.inventoryCount() == owned.count - 1)
            let again = try await member.command("release", [.string("name", mine.id)])
            #expect(again.isEphemeral && again.text.contains("You don't own"), "\(again.text)")
            #expect(try await bot.balance() == before + value)
            try await bot.expectHealthy()
        }
    }
}
