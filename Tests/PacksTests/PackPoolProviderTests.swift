import Clocks
import Foundation
import Gacha
import Packs
import Storage
import Testing

/// The packs store seen from the game through `PackPoolProvider`: a server rolls the packs it
/// enabled, the cached pool follows enable, disable and hide at once, owned characters of a hidden
/// pack stay owned and are shown as unavailable, and hostile names arrive neutralised.
@Suite struct PackPoolProviderTests {
    static let creator = PlayerID(guild: GuildID(1), member: MemberID(1000))
    static let manager = PlayerID(guild: GuildID(77), member: MemberID(2001))
    static let roller = PlayerID(guild: GuildID(77), member: MemberID(2002))

    @Test(arguments: TestDatabase.available)
    func aServerRollsItsEnabledPacksAndFollowsEveryChange(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let store = try #require(h.service.store as? any GachaStore)
            let provider = PackPoolProvider(store: h.service.store)
            let pack = try await h.publishedPack(creator: Self.creator, name: "Star @everyone <@&5>", count: 3)
            #expect(try await provider.pool(for: Self.manager.guild).isEmpty)

            try await h.service.enable(pack: pack.id, by: Self.manager)
            let pool = try await provider.pool(for: Self.manager.guild)
            #expect(pool.packs.map(\.id) == [pack.id.rawValue] && pool.characterCount == 3)
            #expect(pool.packs.first.map { !$0.name.contains("@everyone") && !$0.name.contains("<@&") } == true)

            // Every common roll can land on a pack character: with enough rolls some do, and they are stored.
            let catalogue = try Catalogue.load(from: Self.catalogueURL())
            let game = try GachaGame(
                store: store, catalogue: catalogue, configuration: GachaConfiguration(inventoryCap: 500),
                random: SeededRandomSource(seed: 9), time: GameTime(clock: h.clock, epoch: ServiceHarness.epoch),
                pools: provider, packDirectory: provider)
            try await game.points.grant(Self.roller, points: 1_000_000, reason: "test", idempotencyKey: "seed")
            var drawnFromPack: [String] = []
            for index in 0..<40 {
                let pull = try await game.pulls.purchasePull(Self.roller, itemID: "pull_10", idempotencyKey: IdempotencyKey("buy\(index)"))
                drawnFromPack += pull.items.map(\.character.id).filter { $0.hasPrefix("pk:\(pack.id.rawValue):") }
                _ = try await game.pulls.applyPull(pull.id, by: Self.roller, keep: pull.items.map(\.character.id))
            }
            #expect(!drawnFromPack.isEmpty)
            // Talk reads an owned pack character's whole card through the directory.
            let card = try #require(try await game.inventory.card(Self.roller, characterID: drawnFromPack[0]))
            #expect(card.pack?.packID == pack.id.rawValue && card.firstMessage == "Hi, I'm Nova.")
            #expect(card.personality == "bold" && card.scenario == "On the bridge." && card.postHistoryInstructions == "Keep it short.")
            let base = try #require(try await game.inventory.owned(Self.roller).first { $0.character.pack == nil })
            #expect(try await game.inventory.card(Self.roller, characterID: base.character.id)?.firstMessage?.isEmpty == false)
            #expect(try await game.inventory.card(Self.manager, characterID: drawnFromPack[0]) == nil)
            // The draws count for ratings: the roller may now rate the pack.
            _ = try await h.service.rate(pack: pack.id, by: Self.roller, stars: 4)

            // Disabling takes the pack out of the pool at once; what was won stays owned.
            try await h.service.disable(pack: pack.id, by: Self.manager)
            #expect(try await provider.pool(for: Self.manager.guild).isEmpty)
            let owned = try await game.inventory.owned(Self.roller).filter { $0.character.id.hasPrefix("pk:") }
            #expect(Set(owned.map(\.character.id)) == Set(drawnFromPack))

            // Hidden by the operator: the directory marks its characters unavailable, names intact.
            try await h.service.enable(pack: pack.id, by: Self.manager)
            #expect(try await provider.pool(for: Self.manager.guild).characterCount == 3)
            _ = try await h.service.review(pack: pack.id, action: .hide, by: MemberID(1), reason: "test")
            #expect(try await provider.pool(for: Self.manager.guild).isEmpty)
            let ids = Set(drawnFromPack.compactMap(PackCharacterID.parse))
            let known = try await provider.characters(ids)
            #expect(known.count == ids.count && known.values.allSatisfy { !$0.available && !$0.name.isEmpty })
        }
    }

    static func catalogueURL() throws -> URL {
        var folder = URL(fileURLWithPath: #filePath)
        while folder.path != "/" {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("Assets/catalogue.json")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile)
    }
}
