import Gacha
import Storage
import Testing

@Suite struct InventoryTests {
    /// Keeps every character of a 10-pull, returning them.
    static func fill(_ world: World) async throws -> [GameCharacter] {
        let pull = try await world.buyPull(alice)
        return try await world.game.pulls.applyPull(pull.id, by: alice, keep: pull.items.map(\.character.id)).kept
    }

    @Test func pagesAreSortedByRarityOrName() async throws {
        var configuration = GachaConfiguration.standard
        configuration.inventoryPageSize = 4
        try await withWorld(configuration: configuration) { world in
            let kept = try await Self.fill(world)
            #expect(kept.count == 10)
            let byName = try await world.game.inventory.page(alice, page: 0, sort: .name)
            #expect(byName.pageCount == 3)
            #expect(byName.total == 10)
            #expect(byName.capacity == 50)
            #expect(byName.items.count == 4)
            var allByName: [String] = []
            for page in 0..<3 {
                allByName += try await world.game.inventory.page(alice, page: page, sort: .name).items.map(\.character.name)
            }
            #expect(allByName == kept.map(\.name).sorted { $0.lowercased() < $1.lowercased() })

            var allByRarity: [Rarity] = []
            for page in 0..<3 {
                allByRarity += try await world.game.inventory.page(alice, page: page, sort: .rarity).items.map(\.character.rarity)
            }
            #expect(allByRarity == allByRarity.sorted(by: >))
            // Out-of-range pages are clamped.
            #expect(try await world.game.inventory.page(alice, page: 99, sort: .name).page == 2)
            #expect(try await world.game.inventory.page(alice, page: -1, sort: .name).page == 0)
            #expect(try await world.game.inventory.page(bob, page: 0).pageCount == 1)
        }
    }

    @Test func lookupAndAutocompleteOnlySeeOwnedCharacters() async throws {
        try await withWorld { world in
            let kept = try await Self.fill(world)
            let target = kept[0]
            #expect(try await world.game.inventory.character(alice, matching: target.id)?.character == target)
            #expect(try await world.game.inventory.character(alice, matching: target.name.uppercased())?.character == target)
            #expect(try await world.game.inventory.character(bob, matching: target.id) == nil)
            let notOwned = try #require(world.catalogue.characters.first { c in !kept.contains(c) })
            #expect(try await world.game.inventory.character(alice, matching: notOwned.name) == nil)

            let prefix = String(target.name.prefix(2)).lowercased()
            let hits = try await world.game.inventory.search(alice, prefix: prefix)
            #expect(hits.contains(target))
            #expect(hits.allSatisfy { kept.contains($0) })
            // A word inside the name matches too ("Ashgrove" in "Pell Ashgrove").
            if let lastWord = target.name.split(separator: " ").last, target.name.contains(" ") {
                #expect(try await world.game.inventory.search(alice, prefix: String(lastWord.prefix(3))).contains(target))
            }
            #expect(try await world.game.inventory.search(alice, prefix: "", limit: 3).count == 3)
            #expect(try await world.game.inventory.search(bob, prefix: prefix).isEmpty)
        }
    }

    @Test func releaseTurnsACharacterIntoPointsOnce() async throws {
        try await withWorld { world in
            let kept = try await Self.fill(world)
            let before = try await world.game.points.balance(alice)
            let key = world.key()
            let released = try await world.game.inventory.release(alice, characterID: kept[0].id, idempotencyKey: key)
            #expect(released.points == value(kept[0]))
            #expect(released.balance == before + released.points)
            #expect(try await world.game.inventory.release(alice, characterID: kept[0].id, idempotencyKey: key) == released)
            #expect(try await world.game.points.balance(alice) == before + released.points)
            #expect(!(try await world.ownedIDs(alice)).contains(kept[0].id))
            #expect(await gachaError {
                _ = try await world.game.inventory.release(alice, characterID: kept[0].id, idempotencyKey: world.key())
            } == .notOwned(characterID: kept[0].id))
            #expect(try await world.events(alice, .characterReleased).count == 1)
        }
    }
}
