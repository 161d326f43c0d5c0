import BotHarness
import DiscordModels
import DiscordSandbox
import Foundation
import Packs
import Storage
import Testing

@testable import Bot

/// `/packs` end to end: members inject interactions (with attached files) on the loopback Discord,
/// the real bot downloads the files from its CDN and answers over REST, packs live in the store.
@Suite(.timeLimit(.minutes(2)))
struct PacksCommandTests {
    static let managerID: UInt64 = 1_300_000_000_000_000_002
    static let playerID: UInt64 = 1_300_000_000_000_000_003
    static let strangerID: UInt64 = 1_300_000_000_000_000_004
    /// The sandbox's default member permissions plus Manage Server.
    static let managerPermissions: UInt64 = 2_248_473_465_835_073 | Permissions.manageGuild.rawValue

    static func packs(_ subcommand: String, _ options: [CommandOptionValue] = []) -> (String, [CommandOptionValue]) {
        ("packs", [.subcommand(subcommand, options)])
    }

    @Test func theCreatorFlowFromCardToRatingAndReport() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(.game().on(store)) { bot in
                let creator = bot.member()
                let manager = bot.member(Self.managerID, name: "manager", permissions: Self.managerPermissions)
                let player = bot.member(Self.playerID, name: "player")

                // Create, with a cover attached.
                let cover = creator.upload("cover.png", TestCards.png(red: 10))
                let created = try await creator.command(
                    "packs",
                    [.subcommand("create", [
                        .string("name", "Star Pilots"), .string("description", "Pilots of the fleet."), .string("tags", "space, pilots"),
                        .attachment("cover", cover),
                    ])])
                #expect(created.isEphemeral && created.text.contains("Created the draft **Star Pilots**"), "\(created.text)")
                let pack = try #require(created.packID)

                // A PNG card, by the pack's id; then a JSON card, by the pack's name, with the rarity given.
                let card = creator.upload("nova.png", TestCards.pngCard(name: "Nova", rarity: "legendary", id: "nova"))
                let added = try await creator.command("packs", [.subcommand("add-character", [.string("pack", pack.rawValue), .attachment("card", card)])])
                #expect(added.isEphemeral && added.text.contains("Added Nova") && added.text.contains("Legendary"), "\(added.text)")
                #expect(added.attachedFilenames == ["character.png"], "the card's image, from the blob store")
                #expect(bot.sandbox.attachmentDownloads.contains(card.path) && bot.sandbox.attachmentDownloads.contains(cover.path))
                let json = creator.upload("ash.json", Data(TestCards.json(name: "Ash Kade", rarity: nil).utf8))
                let ash = try await creator.command(
                    "packs", [.subcommand("add-character", [.string("pack", "star pilots"), .attachment("card", json), .string("rarity", "rare")])])
                #expect(ash.text.contains("Added Ash Kade") && ash.text.contains("Rare"), "\(ash.text)")
                let broken = creator.upload("broken.png", Data(TestCards.pngCard(name: "X").prefix(40)))
                let refusedCard = try await creator.command(
                    "packs", [.subcommand("add-character", [.string("pack", pack.rawValue), .attachment("card", broken)])])
                #expect(refusedCard.isEphemeral && refusedCard.text.contains("broken.png"), "the error names the file: \(refusedCard.text)")

                // Nobody else can publish it; its creator can.
                let notTheirs = try await player.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
                #expect(notTheirs.isEphemeral && notTheirs.text.contains("no single pack"), "\(notTheirs.text)")
                let published = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
                #expect(published.text.contains("**Star Pilots** is published"), "\(published.text)")

                // Enabling needs Manage Server, checked on the server.
                let refused = try await player.command("packs", [.subcommand("enable", [.string("pack", pack.rawValue)])])
                #expect(refused.isEphemeral && refused.text.contains("Manage Server"), "\(refused.text)")
                #expect(try await bot.isEnabled(pack) == false, "a refused enable changes nothing")
                let enabled = try await manager.command("packs", [.subcommand("enable", [.string("pack", pack.rawValue)])])
                #expect(!enabled.isEphemeral && enabled.text.contains("**Star Pilots** is now in this server's roll pool"), "\(enabled.text)")
                #expect(try await bot.isEnabled(pack))
                let disableSuggestions = try await manager.autocomplete("packs", [.subcommand("disable", [.string("pack", "", focused: true)])])
                #expect(Self.choices(disableSuggestions).map(\.value) == [.string(pack.rawValue)])

                // Browse, search, autocomplete and view.
                let browse = try await player.command("packs", [.subcommand("browse", [.string("sort", "new")])])
                #expect(!browse.isEphemeral && browse.text.contains("Star Pilots") && browse.text.contains(pack.rawValue), "\(browse.text)")
                #expect(browse.text.contains("2 characters") && browse.text.contains("<@\(DiscordSandbox.defaultMemberID)>"))
                let found = try await player.command("packs", [.subcommand("search", [.string("query", "pilo")])])
                #expect(found.text.contains("Star Pilots"), "\(found.text)")
                let none = try await player.command("packs", [.subcommand("search", [.string("query", "zebras")])])
                #expect(none.text.contains("No published pack matches"), "\(none.text)")
                let suggested = try await player.autocomplete("packs", [.subcommand("view", [.string("pack", "sta", focused: true)])])
                #expect(Self.choices(suggested).map(\.value) == [.string(pack.rawValue)])
                #expect(Self.choices(suggested).first?.name.hasPrefix("Star Pilots") == true)
                let view = try await player.command("packs", [.subcommand("view", [.string("pack", pack.rawValue)])])
                #expect(view.message?.embeds?.first?.title == "Star Pilots")
                #expect(view.text.contains("Nova") && view.text.contains("Ash Kade") && view.text.contains("Tags: space, pilots"), "\(view.text)")
                #expect(view.message?.embeds?.first?.image?.url == "attachment://cover.png")
                #expect(view.attachedFilenames == ["cover.png"], "the cover, from the blob store")
                let coverPart = try #require(view.request.parts.first { $0.name == "files[0]" })
                #expect(coverPart.data == TestCards.png(red: 10))

                // Rating needs a roll of the pack first; its creator may not rate it.
                let early = try await player.command("packs", [.subcommand("rate", [.string("pack", pack.rawValue), .integer("stars", 4)])])
                #expect(early.isEphemeral && early.text.contains("Roll at least one"), "\(early.text)")
                try await bot.recordPackDraw(PlayerID(guild: Storage.GuildID(bot.guildID), member: MemberID(Self.playerID)), pack: pack)
                let rated = try await player.command(
                    "packs", [.subcommand("rate", [.string("pack", pack.rawValue), .integer("stars", 4), .string("review", "Great crew")])])
                #expect(!rated.isEphemeral && rated.text.contains("★★★★☆") && rated.text.contains("> Great crew"), "\(rated.text)")
                let own = try await creator.command("packs", [.subcommand("rate", [.string("pack", pack.rawValue), .integer("stars", 5)])])
                #expect(own.isEphemeral && own.text.contains("cannot rate your own pack"), "\(own.text)")

                // Reports, once per member.
                let report = try await player.command("packs", [.subcommand("report", [.string("pack", pack.rawValue), .string("reason", "spam")])])
                #expect(report.isEphemeral && report.text.contains("reported for spam"), "\(report.text)")
                let again = try await player.command("packs", [.subcommand("report", [.string("pack", pack.rawValue), .string("reason", "other")])])
                #expect(again.isEphemeral && again.text.contains("already reported"), "\(again.text)")

                // The creator's profile and the leaderboard.
                let profile = try await player.command("packs", [.subcommand("creator", [.user("user", DiscordSandbox.defaultMemberID)])])
                #expect(profile.text.contains("Published packs: **1**") && profile.text.contains("★ 4.0 over 1 rating"), "\(profile.text)")
                let board = try await player.command("packs", [.subcommand("leaderboard", [.string("by", "rating")])])
                #expect(board.text.contains("🥇 <@\(DiscordSandbox.defaultMemberID)>"), "\(board.text)")
                let mine = try await creator.command("packs", [.subcommand("mine")])
                #expect(mine.isEphemeral && mine.text.contains("Star Pilots") && mine.text.contains("published"), "\(mine.text)")

                // Disabling takes it out again.
                let disabled = try await manager.command("packs", [.subcommand("disable", [.string("pack", "Star Pilots")])])
                #expect(disabled.text.contains("left this server's roll pool"), "\(disabled.text)")
                #expect(try await bot.isEnabled(pack) == false)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func onlyTheMemberWhoRanAListCanTurnItsPages() async throws {
        var options = SandboxBot.Options.game()
        options.packs = PackServiceConfiguration(pageSize: 1)
        try await SandboxBot.run(options) { bot in
            let creator = bot.member()
            for name in ["Alpha Crew", "Beta Crew"] {
                let created = try await creator.command("packs", [.subcommand("create", [.string("name", name)])])
                let pack = try #require(created.packID)
                let card = creator.upload("\(name).json", Data(TestCards.json(name: "\(name) Captain").utf8))
                _ = try await creator.command("packs", [.subcommand("add-character", [.string("pack", pack.rawValue), .attachment("card", card)])])
                let published = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
                #expect(published.text.contains("is published"), "\(published.text)")
            }
            let player = bot.member(Self.playerID, name: "player")
            let first = try await player.command("packs", [.subcommand("browse", [.string("sort", "new")])])
            #expect(first.text.contains("Beta Crew") && !first.text.contains("Alpha Crew"), "newest first, one per page: \(first.text)")
            let pager = buttons(in: first.message?.components)
            #expect(pager.map(\.disabled) == [true, false], "Previous disabled on the first page, Next enabled")
            let next = try #require(pager.last?.custom_id)

            let stranger = bot.member(Self.strangerID, name: "stranger")
            let refused = try await stranger.press(next)
            #expect(refused.response.type == .channelMessageWithSource && refused.isEphemeral, "a stranger gets a private refusal")
            #expect(refused.text.contains("This isn't yours"), "\(refused.text)")

            let second = try await player.press(next)
            #expect(second.response.type == .updateMessage, "the list is edited in place")
            #expect(second.text.contains("Alpha Crew") && second.text.contains("Page 2"), "\(second.text)")
            #expect(buttons(in: second.message?.components).map(\.disabled) == [false, true], "no page after the last")
            let back = try #require(buttons(in: second.message?.components).first?.custom_id)
            let again = try await player.press(back)
            #expect(again.text.contains("Beta Crew") && again.text.contains("Page 1"), "\(again.text)")
            let forged = try await player.press("packs:browse:\(Self.playerID):nonsense:1")
            #expect(forged.isEphemeral && forged.text.contains("out of date"), "\(forged.text)")
            try await bot.expectHealthy()
        }
    }

    @Test func hostileNamesDescriptionsAndReviewsAreShownSafely() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(.game().on(store)) { bot in
                let creator = bot.member()
                let hostileName = "@everyone <@&1234567890> [free](https://evil.example) z\u{200B}ero\u{202E}"
                let created = try await creator.command(
                    "packs",
                    [.subcommand("create", [
                        .string("name", hostileName), .string("description", "@here <@1234567890> **look** [click](https://evil.example)"),
                    ])])
                let pack = try #require(created.packID, "\(created.text)")
                let card = creator.upload("card.json", Data(TestCards.json(name: "<@&42> Nova @everyone").utf8))
                _ = try await creator.command("packs", [.subcommand("add-character", [.string("pack", pack.rawValue), .attachment("card", card)])])
                _ = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
                let player = bot.member(Self.playerID, name: "player")
                try await bot.recordPackDraw(PlayerID(guild: Storage.GuildID(bot.guildID), member: MemberID(Self.playerID)), pack: pack)
                let rated = try await player.command(
                    "packs",
                    [.subcommand("rate", [.string("pack", pack.rawValue), .integer("stars", 1), .string("review", "@everyone <@&99> [x](https://evil.example) b\u{200B}ad")])])
                let browse = try await player.command("packs", [.subcommand("browse")])
                let view = try await player.command("packs", [.subcommand("view", [.string("pack", pack.rawValue)])])
                let suggestions = try await player.autocomplete("packs", [.subcommand("view", [.string("pack", "", focused: true)])])
                let shown = [created.text, browse.text, view.text, rated.text] + Self.choices(suggestions).map(\.name)
                for text in shown {
                    #expect(!text.contains("@everyone") && !text.contains("@here"), "\(text)")
                    #expect(!text.contains("<@&"), "no role mention survives: \(text)")
                    #expect(!text.contains("](http"), "no masked link survives: \(text)")
                    #expect(!text.unicodeScalars.contains { [0x200B, 0x202E].contains($0.value) }, "no invisible characters: \(text)")
                }
                #expect(browse.text.contains("＠everyone @role free (https://evil.example) zero"), "\(browse.text)")
                #expect(view.text.contains("＠here @user **look** click (https://evil.example)"), "\(view.text)")
                #expect(view.text.contains("@role Nova ＠everyone"), "\(view.text)")
                #expect(rated.text.contains("＠everyone @role x (https://evil.example) bad"), "\(rated.text)")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func importEditUnpublishAndAFileOverTheLimit() async throws {
        var options = SandboxBot.Options.game()
        options.attachmentLimit = 64 * 1024
        try await SandboxBot.run(options) { bot in
            let creator = bot.member()
            let cards = [TestCards.json(name: "Mira", rarity: "epic", id: "mira"), TestCards.json(name: "Oren", rarity: "common", id: "oren")]
            let manifest = #"{"format": "gachabot-pack", "version": 1, "name": "Deep Sea", "description": "Divers.", "tags": ["sea"], "#
                + #""characters": ["# + cards.joined(separator: ",") + "]}"
            let file = creator.upload("deep-sea.json", Data(manifest.utf8))
            let imported = try await creator.command("packs", [.subcommand("import", [.attachment("file", file)])])
            #expect(imported.isEphemeral && imported.text.contains("Imported **Deep Sea**") && imported.text.contains("with 2 characters"), "\(imported.text)")
            let pack = try #require(imported.packID)

            let nothing = try await creator.command("packs", [.subcommand("edit", [.string("pack", pack.rawValue)])])
            #expect(nothing.isEphemeral && nothing.text.contains("Give at least one thing to change"), "\(nothing.text)")
            let edited = try await creator.command(
                "packs", [.subcommand("edit", [.string("pack", "deep sea"), .string("name", "Deeper Sea"), .string("tags", "sea, divers")])])
            #expect(edited.text.contains("Saved **Deeper Sea**"), "\(edited.text)")
            let view = try await creator.command("packs", [.subcommand("view", [.string("pack", pack.rawValue)])])
            #expect(view.text.contains("Tags: sea, divers") && view.text.contains("Mira") && view.text.contains("Status: draft"), "\(view.text)")

            _ = try await creator.command("packs", [.subcommand("publish", [.string("pack", pack.rawValue)])])
            let listed = try await creator.command("packs", [.subcommand("browse")])
            #expect(listed.text.contains("Deeper Sea"), "\(listed.text)")
            let unpublished = try await creator.command("packs", [.subcommand("unpublish", [.string("pack", pack.rawValue)])])
            #expect(unpublished.text.contains("**Deeper Sea** is a draft again"), "\(unpublished.text)")
            let gone = try await creator.command("packs", [.subcommand("browse")])
            #expect(!gone.text.contains("Deeper Sea") && gone.text.contains("No pack is published yet"), "\(gone.text)")
            let mine = try await creator.command("packs", [.subcommand("mine")])
            #expect(mine.text.contains("Deeper Sea") && mine.text.contains("*draft*"), "\(mine.text)")

            // A file over the limit is refused from its declared size, before any download.
            let huge = creator.upload("huge.json", Data(count: 100 * 1024))
            let downloadsBefore = bot.sandbox.attachmentDownloads.count
            let refused = try await creator.command("packs", [.subcommand("import", [.attachment("file", huge)])])
            #expect(refused.isEphemeral && refused.text.contains("“huge.json” is too large"), "\(refused.text)")
            #expect(bot.sandbox.attachmentDownloads.count == downloadsBefore)
            try await bot.expectHealthy()
        }
    }

    static func choices(_ answer: BotAnswer) -> [ApplicationCommandOptionChoice] {
        if case .autocomplete(let choices)? = answer.response.data { return choices }
        return []
    }
}
