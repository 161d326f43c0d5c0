import BotHarness
import Clocks
import DiscordModels
import Foundation
import Gacha
import Storage
import Synchronization
import Testing

@testable import Bot

/// The packs area's stand-in for these scenarios: packs enabled in every server, any of them
/// hidden on demand (it then leaves the pool and its characters show as unavailable).
final class ScenarioPacks: GuildPoolProvider, PackCharacterDirectory {
    let packs: [GuildPool.PackEntry]
    private let hidden = Mutex<Set<String>>([])

    init(count: Int, perPack: Int = 40, name: (Int) -> String = { "Pack \($0)" }) {
        packs = (0..<count).map { index in
            GuildPool.PackEntry(
                id: "p\(index)", name: name(index),
                characters: (0..<perPack).map { c in
                    let rarity: Rarity = c < 2 ? .legendary : c < 6 ? .epic : c < 16 ? .rare : .common
                    return GuildPool.Entry(
                        characterID: "c\(c)", name: "Packling \(index)-\(c)", rarity: rarity, description: "From pack \(index).")
                })
        }
    }

    func hide(_ packID: String) { hidden.withLock { _ = $0.insert(packID) } }

    func pool(for guild: Storage.GuildID) async throws -> GuildPool {
        let hidden = self.hidden.withLock { $0 }
        return try GuildPool(packs: packs.filter { !hidden.contains($0.id) })
    }

    func characters(_ ids: Set<PackCharacterID>) async throws -> [PackCharacterID: PackCharacterInfo] {
        let hidden = self.hidden.withLock { $0 }
        var found: [PackCharacterID: PackCharacterInfo] = [:]
        for id in ids {
            guard let pack = packs.first(where: { $0.id == id.packID }),
                let character = pack.characters.first(where: { $0.characterID == id.characterID })
            else { continue }
            found[id] = PackCharacterInfo(
                name: character.name, rarity: character.rarity, packName: pack.name, available: !hidden.contains(pack.id),
                description: character.description)
        }
        return found
    }
}

extension SandboxBot.Options {
    func with(_ packs: ScenarioPacks) -> SandboxBot.Options {
        var options = self
        options.packPools = packs
        options.packDirectory = packs
        return options
    }
}

/// Packs in play through the loopback Discord: `/rates` lists the server's packs, and pack
/// characters roll, show and stay owned after their pack is hidden.
@Suite(.timeLimit(.minutes(1)))
struct PackCommandTests {
    @Test func ratesListTheServersPacksWithCountsPerTier() async throws {
        let packs = ScenarioPacks(count: 3, name: { $0 == 1 ? "@everyone's <@&123> Pack" : "Pack \($0)" })
        try await SandboxBot.run(SandboxBot.Options.game().with(packs)) { bot in
            let rates = try await bot.member().command("rates")
            #expect(rates.response.type == .channelMessageWithSource)
            let embeds = try #require(rates.message?.embeds)
            #expect(embeds.count == 2)
            let list = try #require(embeds.last?.description)
            #expect(embeds.last?.title == "Packs in this server")
            #expect(list.contains("3 packs (120 characters)"))
            #expect(list.contains("📦 **Pack 0**: 2 ★★★★ · 4 ★★★☆ · 10 ★★☆☆ · 24 ★☆☆☆"), "\(list)")
            // Already neutralised by the packs area; the view still breaks a mention's syntax.
            #expect(!list.contains("@everyone") && list.contains("@\u{200B}everyone"))
            // The published table is unchanged.
            #expect(embeds[0].title == "Published rates" && embeds[0].description?.contains("79 %") == true)
            expectMentionSafe(bot.sandbox.requests)
        }
    }

    /// 400 packs with long names do not fit one message: the list stops within Discord's limits
    /// and says how many more there are (the responder refuses anything over a limit).
    @Test func manyPacksStayWithinDiscordsLimits() async throws {
        let packs = ScenarioPacks(count: 400, perPack: 2, name: { "A very long pack name, number \($0), " + String(repeating: "x", count: 120) })
        try await SandboxBot.run(SandboxBot.Options.game().with(packs)) { bot in
            let rates = try await bot.member().command("rates")
            let embeds = try #require(rates.message?.embeds)
            let list = try #require(embeds.last?.description)
            #expect(list.contains("more packs."))
            #expect(list.unicodeScalars.count <= DiscordLimits.embedDescriptionCharacters)
            try DiscordLimits.validate(try #require(rates.message))
        }
    }

    @Test func rolledPackCharactersShowTheirPackAndStayOwnedOnceItIsHidden() async throws {
        let packs = ScenarioPacks(count: 50)
        try await SandboxBot.run(SandboxBot.Options.game().with(packs)) { bot in
            let member = bot.member()
            var packRoll: String?
            for _ in 0..<10 where packRoll == nil {
                let roll = try await member.command("roll")
                if roll.text.contains("📦") { packRoll = roll.message?.embeds?.first?.title }
            }
            let title = try #require(packRoll, "ten rolls from a pool of 2,000 pack characters drew none")
            let name = String(title.dropFirst("🎲 You rolled ".count).dropLast())
            let packIndex = try #require(name.split(separator: " ").last?.split(separator: "-").first)

            let shown = try await member.command("character", [.string("name", name)])
            #expect(shown.text.contains("📦 *Pack \(packIndex)*") && !shown.text.contains("unavailable"), "\(shown.text)")

            packs.hide("p\(packIndex)")
            let inventory = try await member.command("inventory")
            #expect(inventory.text.contains("**\(name)**") && inventory.text.contains("(from an unavailable pack)"), "\(inventory.text)")
            let after = try await member.command("character", [.string("name", name)])
            #expect(after.text.contains("(from an unavailable pack)"), "\(after.text)")
            let rates = try await member.command("rates")
            let listed = rates.message?.embeds?.last?.description ?? ""
            #expect(!listed.contains("**Pack \(packIndex)**:"), "\(listed)")
            try await bot.expectHealthy()
        }
    }
}
