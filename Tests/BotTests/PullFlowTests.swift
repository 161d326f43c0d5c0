import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import SQLiteStorage
import Storage
import Testing

@testable import Bot

/// Every branch of the multi-pull flow through real interactions: charge → animation → reveal →
/// keep / Apply / Deny, overflow with the paged replace checklist, expiry, restart, strangers.
@Suite(.timeLimit(.minutes(1)))
struct PullFlowTests {
    static let stranger: UInt64 = 1_300_000_000_000_000_077

    /// The stored items of a pull (id and rarity), read beside the bot.
    static func items(_ bot: SandboxBot, _ pullID: String) async throws -> [PulledCharacter] {
        try await bot.withStore { store in try await store.readGacha { try await $0.pendingPull(PullID(pullID))?.items ?? [] } }
    }

    static func value(_ items: [PulledCharacter]) -> Int64 {
        items.reduce(0) { $0 + GachaConfiguration.standard.conversion.value(of: $1.rarity) }
    }

    @Test func revealThenADoubleClickOnApplyGrantsOnce() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(.game(startingPoints: 500, store: store)) { bot in
                let member = bot.member()
                let pull = try await buyPull(member)
                #expect(pull.answer.text.contains("Opening your 5 characters"), "\(pull.answer.text)")
                #expect(pull.answer.request.parts.contains { $0.filename == "box-opening.gif" }, "the animation is uploaded")
                #expect(try await bot.balance() == 0, "charged before the reveal")
                let options = selectOptions("pull:keep:\(pull.pullID)", in: pull.reveal.components)
                #expect(options.count == 5 && options.allSatisfy { $0.default == true })
                #expect(Set(options.map(\.value)).count == 5, "no duplicates within a pull")
                #expect(MessageText.customIDs(pull.reveal.components ?? []).suffix(2) == ["pull:apply:\(pull.pullID)", "pull:deny:\(pull.pullID)"])

                async let first = member.press("pull:apply:\(pull.pullID)")
                async let second = member.press("pull:apply:\(pull.pullID)")
                let answers = try await [first, second]
                #expect(answers.allSatisfy { $0.text.contains("Pull settled") }, "\(answers.map(\.text))")
                #expect(try await bot.inventoryCount() == 5)
                #expect(try await bot.balance() == 0, "nothing converted, nothing granted twice")
                let ledger = try await bot.ledger()
                #expect(ledger.filter { $0.amount < 0 }.map(\.amount) == [-500])
                try await bot.expectHealthy()
            }
        }
    }

    @Test func denyConvertsEveryCharacterToPoints() async throws {
        try await SandboxBot.run(.game(startingPoints: 500)) { bot in
            let member = bot.member()
            let pull = try await buyPull(member)
            let denied = try await member.press("pull:deny:\(pull.pullID)")
            #expect(denied.response.type == .updateMessage)
            #expect(denied.text.contains("You denied this pull"), "\(denied.text)")
            #expect(denied.customIDs.isEmpty, "the settled message has no buttons left")
            let items = try await Self.items(bot, pull.pullID)
            #expect(try await bot.balance() == Self.value(items))
            #expect(try await bot.inventoryCount() == 0)
            let late = try await member.press("pull:apply:\(pull.pullID)")
            #expect(late.isEphemeral && late.text.contains("already denied"), "\(late.text)")
            try await bot.expectHealthy()
        }
    }

    @Test func keepSomeAndOthersCannotPressTheButtons() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(.game(startingPoints: 500, store: store)) { bot in
                let member = bot.member()
                let other = bot.member(Self.stranger, name: "other")
                let pull = try await buyPull(member)
                let ids = selectOptions("pull:keep:\(pull.pullID)", in: pull.reveal.components).map(\.value)

                for answer in [
                    try await other.press("pull:apply:\(pull.pullID)"), try await other.press("pull:deny:\(pull.pullID)"),
                    try await other.select("pull:keep:\(pull.pullID)", [ids[0]]),
                ] {
                    #expect(answer.isEphemeral && answer.text.contains("This isn't yours"), "\(answer.text)")
                }
                #expect(try await bot.inventoryCount() == 0, "a stranger changed nothing")
                #expect(try await bot.balance() == 0)

                let keep = Array(ids.prefix(2))
                let chosen = try await member.select("pull:keep:\(pull.pullID)", keep)
                #expect(chosen.response.type == .updateMessage)
                let defaults = selectOptions("pull:keep:\(pull.pullID)", in: chosen.message?.components).filter { $0.default == true }.map(\.value)
                #expect(Set(defaults) == Set(keep))
                let applied = try await member.press("pull:apply:\(pull.pullID)")
                #expect(applied.text.contains("**Kept**") && applied.text.contains("**Converted to points**"), "\(applied.text)")
                #expect(try await bot.inventoryCount() == 2)
                let items = try await Self.items(bot, pull.pullID)
                #expect(try await bot.balance() == Self.value(items.filter { !keep.contains($0.characterID) }))
                try await bot.expectHealthy()
            }
        }
    }

    @Test func overflowAsksWhatToReplaceOnPagedChecklists() async throws {
        let cap = 30
        let options = SandboxBot.Options.game(gacha: GachaConfiguration(inventoryCap: cap), startingPoints: 20_000)
        try await forEachDatabase { store in
            try await SandboxBot.run(options.on(store)) { bot in
                let member = bot.member()
                // Fill the inventory to the cap, keeping only what fits.
                var owned = 0
                while owned < cap {
                    let pull = try await buyPull(member, item: "pull_10")
                    let items = try await Self.items(bot, pull.pullID)
                    let ownedIDs = Set(try await bot.withStore { store in try await store.readGacha { try await $0.inventory(bot.defaultPlayer) } }.map(\.characterID))
                    let fresh = items.map(\.characterID).filter { !ownedIDs.contains($0) }
                    let keep = Array(fresh.prefix(cap - owned))
                    if keep.count < items.count { _ = try await member.select("pull:keep:\(pull.pullID)", keep) }
                    let applied = try await member.press("pull:apply:\(pull.pullID)")
                    #expect(applied.text.contains("Pull settled"), "\(applied.text)")
                    owned = try await bot.inventoryCount()
                }
                #expect(owned == cap)

                let pull = try await buyPull(member)
                #expect(embedText(pull.reveal.embeds.map { InteractionMessageData(embeds: $0) }).contains("you'll choose what to replace"))
                let overflow = try await member.press("pull:apply:\(pull.pullID)")
                #expect(overflow.response.type == .updateMessage)
                #expect(overflow.text.contains("Inventory full"), "\(overflow.text)")
                let items = try await Self.items(bot, pull.pullID)
                let ownedBefore = try await bot.withStore { store in try await store.readGacha { try await $0.inventory(bot.defaultPlayer) } }
                let newOnes = items.filter { item in !ownedBefore.contains { $0.characterID == item.characterID } }
                let needed = newOnes.count
                #expect(overflow.text.contains("choose **\(needed)**"), "\(overflow.text)")
                #expect(try await bot.inventoryCount() == cap, "nothing applied yet")

                let page0 = selectOptions("pull:replace:\(pull.pullID):0", in: overflow.message?.components)
                #expect(page0.count == 25)
                let pagers = buttons(in: overflow.message?.components).filter { $0.custom_id?.hasPrefix("pull:page:") == true }
                #expect(pagers.map(\.custom_id) == ["pull:page:\(pull.pullID):-1", "pull:page:\(pull.pullID):1"])
                #expect(pagers.map { $0.disabled ?? false } == [true, false])

                let second = try await member.press("pull:page:\(pull.pullID):1")
                let page1 = selectOptions("pull:replace:\(pull.pullID):1", in: second.message?.components)
                #expect(page1.count == cap - 25)
                #expect(Set(page1.map(\.value)).isDisjoint(with: page0.map(\.value)))

                // Choose some on page 2 and the rest on page 1: both pages' choices count.
                let fromPage1 = Array(page1.prefix(min(1, needed)).map(\.value))
                let fromPage0 = Array(page0.prefix(needed - fromPage1.count).map(\.value))
                _ = try await member.select("pull:replace:\(pull.pullID):1", fromPage1)
                _ = try await member.press("pull:page:\(pull.pullID):0")
                let chosen = try await member.select("pull:replace:\(pull.pullID):0", fromPage0)
                #expect(chosen.text.contains("Chosen so far: \(needed)"), "\(chosen.text)")

                let applied = try await member.press("pull:apply:\(pull.pullID)")
                #expect(applied.text.contains("**Replaced**"), "\(applied.text)")
                let after = Set(try await bot.withStore { store in try await store.readGacha { try await $0.inventory(bot.defaultPlayer) } }.map(\.characterID))
                #expect(after.count == cap)
                #expect(after.isDisjoint(with: fromPage0 + fromPage1), "the replaced characters are gone")
                #expect(Set(newOnes.map(\.characterID)).isSubset(of: after), "the kept ones arrived")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func aPullLeftUnansweredExpiresIntoPoints() async throws {
        let gameClock = ManualClock()
        let time = GameTime(clock: gameClock, epoch: testEpoch)
        try await SandboxBot.run(.game(startingPoints: 500, gameTime: time)) { bot in
            let member = bot.member()
            let pull = try await buyPull(member)
            #expect(pull.reveal.embeds?.first?.description?.contains("Expires <t:\(1_735_732_800 + 15 * 60):R>") == true)
            gameClock.advance(by: .seconds(15 * 60))
            // What the bot's expiry sweeper runs (at start-up and every interval), on the same database and game time.
            let expired = try await bot.withStore { store in
                let game = try GachaGame(
                    store: store,
                    catalogue: try Catalogue.load(from: try ResourceLocator().locate(.assets).appendingPathComponent("catalogue.json")),
                    random: SeededRandomSource(seed: 1), time: time)
                return try await game.pulls.expirePulls()
            }
            #expect(expired.map(\.pullID.rawValue) == [pull.pullID])
            #expect(expired.first?.status == .expired)
            let items = try await Self.items(bot, pull.pullID)
            #expect(try await bot.balance() == Self.value(items), "a paid pull never evaporates")
            let late = try await member.press("pull:apply:\(pull.pullID)")
            #expect(late.isEphemeral && late.text.contains("already expired"), "\(late.text)")
            #expect(try await bot.inventoryCount() == 0)
            try await bot.expectHealthy()
        }
    }

    @Test func aRestartBetweenRevealAndApplyLosesNothing() async throws {
        try await forEachDatabase { store in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-restart-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let pullID = try await SandboxBot.run(.game(startingPoints: 500, dataDirectory: folder, store: store)) { bot in
                let pull = try await buyPull(bot.member())
                try await bot.expectHealthy()
                return pull.pullID
            }
            try await SandboxBot.run(.game(dataDirectory: folder, store: store)) { bot in
                #expect(try await bot.balance() == 0)
                let applied = try await bot.member().press("pull:apply:\(pullID)")
                #expect(applied.text.contains("Pull settled") && applied.text.contains("**Kept**"), "\(applied.text)")
                #expect(try await bot.inventoryCount() == 5)
                #expect(try await bot.ledger().filter { $0.amount < 0 }.count == 1, "charged once across the restart")
                try await bot.expectHealthy()
            }
        }
    }

    /// The keep checklist is stored, not held in the process: after a restart an Apply pressed on
    /// a message the bot has never seen (no select in it) keeps exactly what was ticked before.
    @Test func aKeepChoiceMadeBeforeARestartIsHonouredAfterIt() async throws {
        try await forEachDatabase { store in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-choice-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let (pullID, keep) = try await SandboxBot.run(.game(startingPoints: 500, dataDirectory: folder, store: store)) { bot in
                let member = bot.member()
                let pull = try await buyPull(member)
                let keep = Array(selectOptions("pull:keep:\(pull.pullID)", in: pull.reveal.components).map(\.value).suffix(2))
                _ = try await member.select("pull:keep:\(pull.pullID)", keep)
                return (pull.pullID, keep)
            }
            try await SandboxBot.run(.game(dataDirectory: folder, store: store)) { bot in
                let applied = try await bot.member().press("pull:apply:\(pullID)")
                #expect(applied.text.contains("Pull settled"), "\(applied.text)")
                let owned = try await bot.withStore { store in try await store.readGacha { try await $0.inventory(bot.defaultPlayer) } }
                #expect(Set(owned.map(\.characterID)) == Set(keep))
                let settled = try await bot.withStore { store in try await store.readGacha { try await $0.pendingPull(PullID(pullID)) } }
                #expect(settled?.status == .applied && settled?.choices == PullChoices(), "nothing left behind")
                try await bot.expectHealthy()
            }
        }
    }
}
