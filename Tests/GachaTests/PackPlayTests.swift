import Clocks
import Foundation
import Gacha
import SQLiteStorage
import Storage
import Testing

/// Pack characters in play, on both databases: rolled, pulled, owned, shown, released, disabled,
/// recorded as draws and in events, exactly like base characters.
@Suite struct PackPlayTests {
    /// 50 packs of 40: four in five characters of the pool come from packs, so a few rolls are
    /// sure to draw some (the seed is fixed; the tests require it rather than assume it).
    static func fiftyPacks() -> TestPacks { TestPacks(count: 50) }

    @Test func rollsDrawPackCharactersRecordTheDrawsAndTagTheEvents() async throws {
        try await withWorld(packs: Self.fiftyPacks()) { world in
            var results: [RollService.Result] = []
            for _ in 0..<10 { results.append(try await world.game.rolls.roll(alice, idempotencyKey: world.key())) }
            // The pool was read once per roll, before its transaction.
            #expect(world.packs?.poolCalls == 10)
            let fromPacks = results.filter { $0.character.pack != nil }
            try #require(!fromPacks.isEmpty)
            for result in fromPacks {
                let id = try #require(PackCharacterID.parse(result.character.id))
                #expect(result.character.pack == PackOrigin(packID: id.packID, packName: "The \(id.packID) Pack", available: true))
            }
            // Owned like base characters.
            let added = results.filter { $0.outcome == .added }.map(\.character.id)
            #expect(try await world.ownedIDs(alice) == Set(added))

            // One `packs` entry per roll: the pack id, or empty for a base character.
            let events = try await world.events(alice, .roll)
            #expect(events.map { $0.properties["packs"] } == results.map { $0.character.pack?.packID ?? "" })
            #expect(events.map { $0.properties["character"] } == results.map(\.character.id))

            // One draw record per pack and day.
            let draws = try await world.store.readGacha { try await $0.packDraws(alice) }
            #expect(Set(draws.map(\.packID)) == Set(fromPacks.compactMap(\.character.pack?.packID)))
            #expect(draws.count == Set(fromPacks.compactMap(\.character.pack?.packID)).count)
            #expect(draws.allSatisfy { $0.day == world.now.utcDay })
        }
    }

    @Test func aMultiPullTagsEachCharactersPackAndRecordsEveryPack() async throws {
        try await withWorld(packs: Self.fiftyPacks()) { world in
            let pull = try await world.buyPull(alice)
            #expect(Set(pull.items.map(\.character.id)).count == 10)
            let packIDs = pull.items.map { $0.character.pack?.packID ?? "" }
            try #require(packIDs.contains { !$0.isEmpty })
            let event = try #require(try await world.events(alice, .pull10).first)
            #expect(event.properties["packs"] == packIDs.joined(separator: ","))
            #expect(event.properties["characters"] == pull.items.map(\.character.id).joined(separator: ","))
            let draws = try await world.store.readGacha { try await $0.packDraws(alice) }
            #expect(Set(draws.map(\.packID)) == Set(packIDs.filter { !$0.isEmpty }))
            // The pending pull shows pack characters with their names (through the directory).
            let shown = try #require(try await world.game.pulls.pull(pull.id))
            #expect(shown.items.map(\.character) == pull.items.map(\.character))
        }
    }

    /// A base-only server's events carry an empty entry per character, and it records no draw.
    @Test func withoutPacksEventsCarryEmptyEntriesAndNoDrawIsRecorded() async throws {
        try await withWorld { world in
            _ = try await world.game.rolls.roll(alice, idempotencyKey: world.key())
            let pull = try await world.buyPull(alice, "pull_5")
            #expect(pull.items.allSatisfy { $0.character.pack == nil })
            #expect(try await world.events(alice, .roll).first?.properties["packs"] == "")
            #expect(try await world.events(alice, .pull5).first?.properties["packs"] == ",,,,")
            #expect(try await world.store.readGacha { try await $0.packDraws(alice) }.isEmpty)
        }
    }

    @Test func pulledPackCharactersApplyLikeBaseOnes() async throws {
        try await withWorld(packs: Self.fiftyPacks()) { world in
            let pull = try await world.buyPull(alice)
            let packItems = pull.items.filter { $0.character.pack != nil }.map(\.character)
            try #require(!packItems.isEmpty)
            // Keep the pack characters only; the base ones become points.
            let result = try await world.game.pulls.applyPull(pull.id, by: alice, keep: packItems.map(\.id))
            #expect(result.kept == packItems)
            #expect(result.converted.map(\.character.id) == pull.items.filter { $0.character.pack == nil }.map(\.character.id))
            #expect(try await world.ownedIDs(alice) == Set(packItems.map(\.id)))

            // Owned pack characters page, sort, resolve and release like base ones.
            let page = try await world.game.inventory.page(alice, page: 0, sort: .rarity)
            #expect(page.total == packItems.count)
            #expect(Set(page.items.map(\.character)) == Set(packItems))
            let target = packItems[0]
            #expect(try await world.game.inventory.character(alice, matching: target.id)?.character == target)
            #expect(try await world.game.inventory.character(alice, matching: target.name)?.character == target)
            #expect(try await world.game.inventory.search(alice, prefix: String(target.name.prefix(4))).contains(target))
            let released = try await world.game.inventory.release(alice, characterID: target.id, idempotencyKey: world.key())
            #expect(released.character == target)
            #expect(released.points == value(target))
            #expect(!(try await world.ownedIDs(alice)).contains(target.id))
        }
    }

    @Test func pulledPackCharactersDenyAndExpireIntoTheirPoints() async throws {
        try await withWorld(packs: Self.fiftyPacks()) { world in
            let denied = try await world.buyPull(alice)
            try #require(denied.items.contains { $0.character.pack != nil })
            let resolution = try await world.game.pulls.denyPull(denied.id, by: alice)
            #expect(resolution.converted.map(\.character) == denied.items.map(\.character))
            #expect(resolution.pointsEarned == denied.items.reduce(Int64(0)) { $0 + value($1.character) })

            let expiring = try await world.buyPull(alice, "pull_5")
            try #require(expiring.items.contains { $0.character.pack != nil })
            world.clock.advance(by: .seconds(16 * 60))
            let expired = try #require(try await world.game.pulls.expirePulls().first)
            #expect(expired.status == .expired)
            #expect(expired.converted.map(\.character) == expiring.items.map(\.character))
            #expect(expired.pointsEarned == expiring.items.reduce(Int64(0)) { $0 + value($1.character) })
            #expect(try await world.ownedIDs(alice).isEmpty)
        }
    }

    /// Already-owned pack characters in a pull become duplicate points, as base ones do.
    @Test func ownedPackCharactersInAPullBecomeDuplicates() async throws {
        // One small pack and the small catalogue: 12 base + 20 pack characters, so pulls repeat.
        try await withWorld(catalogue: try smallCatalogue(), packs: TestPacks([TestPacks.pack("tiny", characters: 20)])) { world in
            var owned: Set<String> = []
            var duplicatePacks = 0
            for _ in 0..<4 {
                let pull = try await world.buyPull(alice)
                let result = try await world.game.pulls.applyPull(pull.id, by: alice, keep: pull.items.map(\.character.id))
                #expect(Set(result.duplicates.map(\.character.id)) == Set(pull.items.map(\.character.id)).intersection(owned))
                duplicatePacks += result.duplicates.filter { $0.character.pack != nil }.count
                owned.formUnion(pull.items.map(\.character.id))
            }
            #expect(duplicatePacks > 0)
            #expect(try await world.ownedIDs(alice) == owned)
        }
    }

    /// Disabling a pack takes it out of the pool: no more rolls from it, but what members own stays
    /// owned; a hidden pack's characters are shown as from an unavailable pack, and a pack the
    /// directory no longer knows at all still shows (by its character id), never dropped.
    @Test func disablingOrHidingAPackKeepsOwnedCharactersOwned() async throws {
        try await withWorld(packs: Self.fiftyPacks()) { world in
            let packs = try #require(world.packs)
            let pull = try await world.buyPull(alice)
            _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: pull.items.map(\.character.id))
            let ownedPacks = Array(Set(pull.items.compactMap(\.character.pack?.packID))).sorted()
            let gone = try #require(ownedPacks.first)

            packs.disable(gone)
            #expect(try await world.game.rolls.pool(alice.guild).packs.contains { $0.id == gone } == false)
            var rolled: [GameCharacter] = []
            for _ in 0..<10 { rolled.append(try await world.game.rolls.roll(alice, idempotencyKey: world.key()).character) }
            #expect(rolled.allSatisfy { $0.pack?.packID != gone })
            #expect(try await world.ownedIDs(alice).isSuperset(of: pull.items.map(\.character.id)))
            // Still owned, shown under its name and pack, marked unavailable (it no longer rolls here).
            func expectGoneShownUnavailable(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [OwnedCharacter] {
                let owned = try await world.game.inventory.owned(alice)
                let fromGone = owned.filter { $0.character.pack?.packID == gone }
                #expect(
                    fromGone.map(\.character.name).sorted()
                        == pull.items.filter { $0.character.pack?.packID == gone }.map(\.character.name).sorted(),
                    sourceLocation: sourceLocation)
                #expect(
                    fromGone.allSatisfy { $0.character.pack?.available == false && $0.character.pack?.packName == "The \(gone) Pack" },
                    sourceLocation: sourceLocation)
                let others = owned.filter { $0.character.pack != nil && $0.character.pack?.packID != gone }
                #expect(others.allSatisfy { $0.character.pack?.available == true }, sourceLocation: sourceLocation)
                return fromGone
            }
            let fromGone = try await expectGoneShownUnavailable()
            // The pull's own view agrees.
            let shownPull = try #require(try await world.game.pulls.pull(pull.id))
            #expect(shownPull.items.filter { $0.character.pack?.packID == gone }.allSatisfy { $0.character.pack?.available == false })

            packs.hide(gone)
            _ = try await expectGoneShownUnavailable()

            packs.forget(gone)
            let forgotten = try await world.game.inventory.owned(alice).filter { $0.character.pack?.packID == gone }
            #expect(forgotten.count == fromGone.count)
            for entry in forgotten {
                let id = try #require(PackCharacterID.parse(entry.character.id))
                #expect(entry.character.name == id.characterID)
                #expect(entry.character.pack == PackOrigin(packID: gone, packName: "", available: false))
            }
            // Still releasable (for a common's points: its rarity is no longer known).
            let target = try #require(forgotten.first)
            let released = try await world.game.inventory.release(alice, characterID: target.character.id, idempotencyKey: world.key())
            #expect(released.points == ConversionValues.standard.value(of: .common))
        }
    }
}

/// A body re-run after a conflict draws the same pack characters: the pool is read before the
/// transaction, once per operation.
@Suite struct PackRerunTests {
    @Test func aRerunDrawsTheSamePackCharacters() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try SQLiteStore(path: directory.appendingPathComponent("rerun.sqlite").path)
        defer { try? base.close() }
        let store = RerunningStore(base: base)
        let packs = TestPacks(count: 50)
        let game = try GachaGame(
            store: store, catalogue: try Catalogue.load(from: catalogueURL), random: SeededRandomSource(seed: 9),
            time: GameTime(clock: ManualClock(), epoch: testEpoch), pools: packs, packDirectory: packs)
        try await game.points.grant(alice, points: 5_000, reason: "test_grant", idempotencyKey: "grant")
        var rolled: [GameCharacter] = []
        for index in 0..<5 { rolled.append(try await game.rolls.roll(alice, idempotencyKey: IdempotencyKey("roll-\(index)")).character) }
        let pull = try await game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: "buy")
        try #require((rolled + pull.items.map(\.character)).contains { $0.pack != nil })

        let runs = store.runs.withLock { $0 }
        #expect(runs.count == 7)
        for run in runs { #expect(run.first == run.second) }
        // Read once per roll and pull, not once per run of the body.
        #expect(packs.poolCalls == 6)
        let draws = try await base.readGacha { try await $0.packDraws(alice) }
        #expect(Set(draws.map(\.packID)) == Set((rolled + pull.items.map(\.character)).compactMap(\.pack?.packID)))
    }
}
