import Clocks
import Foundation
import Gacha
import Storage
import Testing

extension World {
    /// Gives the price and buys a pull.
    func buyPull(_ player: PlayerID, _ itemID: String = "pull_10", key: IdempotencyKey? = nil) async throws -> PendingPull {
        let price = configuration.shopItem(itemID)?.price ?? 0
        try await give(player, price)
        return try await game.pulls.purchasePull(player, itemID: itemID, idempotencyKey: key ?? self.key())
    }

    func ownedIDs(_ player: PlayerID) async throws -> Set<String> {
        Set(try await game.inventory.owned(player).map(\.character.id))
    }
}

func value(_ character: GameCharacter) -> Int64 { ConversionValues.standard.value(of: character.rarity) }

@Suite struct PullFlowTests {
    @Test func applyKeepsChosenAndConvertsTheRest() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            let keep = pull.items.prefix(4).map(\.character.id)
            let result = try await world.game.pulls.applyPull(pull.id, by: alice, keep: keep)
            #expect(result.status == .applied)
            #expect(result.kept.map(\.id) == keep)
            #expect(result.converted.map(\.character.id) == pull.items.dropFirst(4).map(\.character.id))
            let expected = pull.items.dropFirst(4).reduce(Int64(0)) { $0 + value($1.character) }
            #expect(result.pointsEarned == expected)
            #expect(result.balance == expected)
            #expect(try await world.ownedIDs(alice) == Set(keep))
            #expect(try await world.game.pulls.pull(pull.id)?.status == .applied)
            #expect(try await world.game.pulls.openPulls(alice).isEmpty)
            #expect(try await world.events(alice, .characterKept).count == 4)
            #expect(try await world.events(alice, .pullApplied).count == 1)
            #expect(try await world.events(alice, .pointsEarned).count == 6 + 1)  // 6 conversions + the test grant
        }
    }

    @Test func keptCharactersAlreadyOwnedBecomeDuplicatePoints() async throws {
        try await withWorld(catalogue: try smallCatalogue()) { world in
            let first = try await world.buyPull(alice)
            _ = try await world.game.pulls.applyPull(first.id, by: alice, keep: first.items.map(\.character.id))
            let owned = try await world.ownedIDs(alice)
            let second = try await world.buyPull(alice)
            #expect(second.items.contains { $0.alreadyOwned })
            let result = try await world.game.pulls.applyPull(second.id, by: alice, keep: second.items.map(\.character.id))
            let duplicates = second.items.filter { owned.contains($0.character.id) }
            #expect(result.duplicates.map(\.character.id) == duplicates.map(\.character.id))
            #expect(result.kept.count == 10 - duplicates.count)
            #expect(try await world.ownedIDs(alice) == owned.union(second.items.map(\.character.id)))
            let dupEntries = try await world.ledger(alice).filter { $0.reason == .duplicate }
            #expect(dupEntries.count == duplicates.count)
        }
    }

    @Test func denyConvertsEverythingAndIsIdempotent() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice, "pull_5")
            let denied = try await world.game.pulls.denyPull(pull.id, by: alice)
            #expect(denied.status == .denied)
            #expect(denied.kept.isEmpty)
            #expect(denied.converted.count == 5)
            #expect(denied.pointsEarned == pull.items.reduce(Int64(0)) { $0 + value($1.character) })
            #expect(try await world.denyAgain(pull.id) == denied)
            #expect(try await world.ownedIDs(alice).isEmpty)
            #expect(try await world.events(alice, .pullDenied).count == 1)
            let apply = await gachaError {
                _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: [pull.items[0].character.id])
            }
            #expect(apply == .pullAlreadyResolved(pull.id, .denied))
            #expect(try await world.game.points.balance(alice) == denied.pointsEarned)
        }
    }

    @Test func unansweredPullExpiresIntoPoints() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            world.clock.advance(by: .seconds(14 * 60))
            #expect(try await world.game.pulls.expirePulls().isEmpty)
            world.clock.advance(by: .seconds(60))
            let expired = try await world.game.pulls.expirePulls()
            #expect(expired.map(\.pullID) == [pull.id])
            #expect(expired.first?.status == .expired)
            #expect(expired.first?.converted.count == 10)
            #expect(try await world.game.pulls.expirePulls().isEmpty)
            #expect(try await world.game.points.balance(alice) == expired.first?.pointsEarned)
            #expect(try await world.events(alice, .pullExpired).count == 1)
            let late = await gachaError { _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: []) }
            #expect(late == .pullAlreadyResolved(pull.id, .expired))
            let deny = await gachaError { _ = try await world.game.pulls.denyPull(pull.id, by: alice) }
            #expect(deny == .pullAlreadyResolved(pull.id, .expired))
        }
    }

    @Test func expiryAfterRestartStillConverts() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice, "pull_5")
            try world.restart()
            world.clock.advance(by: .seconds(16 * 60))
            // The bot calls this at start-up.
            let expired = try await world.game.pulls.expirePulls()
            #expect(expired.map(\.pullID) == [pull.id])
        }
    }

    @Test func overflowNeedsReplacementsThenCommits() async throws {
        var configuration = GachaConfiguration.standard
        configuration.inventoryCap = 12
        try await withWorld(configuration: configuration) { world in
            let first = try await world.buyPull(alice)
            _ = try await world.game.pulls.applyPull(first.id, by: alice, keep: first.items.map(\.character.id))
            #expect(try await world.ownedIDs(alice).count == 10)

            let second = try await world.buyPull(alice)
            let newOnes = second.items.filter { !$0.alreadyOwned }.map(\.character.id)
            let needed = 10 + newOnes.count - 12
            #expect(needed > 0)
            let error = await gachaError {
                _ = try await world.game.pulls.applyPull(second.id, by: alice, keep: newOnes)
            }
            guard case .inventoryOverflow(let reportedNeed, let owned) = error else {
                Issue.record("expected inventoryOverflow, got \(String(describing: error))")
                return
            }
            #expect(reportedNeed == needed)
            #expect(Set(owned.map(\.character.id)) == Set(first.items.map(\.character.id)))
            // Sorted for the checklist: highest rarity first.
            #expect(owned.map(\.character.rarity) == owned.map(\.character.rarity).sorted(by: >))
            // Nothing moved.
            #expect(try await world.game.pulls.pull(second.id)?.status == .pending)
            #expect(try await world.ownedIDs(alice).count == 10)

            let tooMany = await gachaError {
                _ = try await world.game.pulls.applyPull(
                    second.id, by: alice, keep: newOnes, replace: owned.prefix(needed + 1).map(\.character.id))
            }
            #expect(tooMany == .tooManyReplacements(needed: needed, given: needed + 1))

            let replace = owned.suffix(needed).map(\.character.id)
            let result = try await world.game.pulls.applyPull(second.id, by: alice, keep: newOnes, replace: replace)
            #expect(result.replaced.map(\.character.id) == replace)
            #expect(result.kept.map(\.id) == newOnes)
            let ownedNow = try await world.ownedIDs(alice)
            #expect(ownedNow.count == 12)
            #expect(ownedNow.isDisjoint(with: replace))
            #expect(try await world.events(alice, .characterReplaced).count == needed)
            #expect(try await world.ledger(alice).filter { $0.reason == .replace }.count == needed)
        }
    }

    @Test func replacingFromASecondPageOfOwnedCharacters() async throws {
        var configuration = GachaConfiguration.standard
        configuration.inventoryCap = 30
        try await withWorld(seed: 11, configuration: configuration) { world in
            // Fill the inventory to the cap (more than one 25-option select page).
            while try await world.ownedIDs(alice).count < 30 {
                let pull = try await world.buyPull(alice)
                let room = 30 - (try await world.ownedIDs(alice).count)
                let keep = pull.items.filter { !$0.alreadyOwned }.prefix(room).map(\.character.id)
                _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: Array(keep))
            }
            let pages = try await world.game.inventory.page(alice, page: 0, sort: .rarity, pageSize: 25)
            #expect(pages.pageCount == 2)
            #expect(pages.items.count == 25)
            let secondPage = try await world.game.inventory.page(alice, page: 1, sort: .rarity, pageSize: 25)
            #expect(secondPage.items.count == 5)

            let pull = try await world.buyPull(alice)
            let newOnes = pull.items.filter { !$0.alreadyOwned }.prefix(3).map(\.character.id)
            let error = await gachaError { _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: Array(newOnes)) }
            guard case .inventoryOverflow(let needed, let owned) = error else {
                Issue.record("expected overflow")
                return
            }
            #expect(needed == newOnes.count)
            #expect(owned.count == 30)
            let replace = secondPage.items.prefix(needed).map(\.character.id)
            let result = try await world.game.pulls.applyPull(pull.id, by: alice, keep: Array(newOnes), replace: Array(replace))
            #expect(Set(result.replaced.map(\.character.id)) == Set(replace))
            let ownedNow = try await world.ownedIDs(alice)
            #expect(ownedNow.count == 30)
            #expect(ownedNow.isSuperset(of: newOnes))
            #expect(ownedNow.isDisjoint(with: replace))
        }
    }

    @Test func doubleApplyReturnsTheFirstResultAndGrantsOnce() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            let keep = pull.items.prefix(3).map(\.character.id)
            let first = try await world.game.pulls.applyPull(pull.id, by: alice, keep: keep)
            let entries = try await world.ledger(alice).count
            // A replayed click, even with a different selection, returns the first result.
            let second = try await world.game.pulls.applyPull(pull.id, by: alice, keep: pull.items.map(\.character.id))
            #expect(second == first)
            #expect(try await world.ledger(alice).count == entries)
            #expect(try await world.ownedIDs(alice) == Set(keep))
            #expect(await gachaError { _ = try await world.game.pulls.denyPull(pull.id, by: alice) }
                == .pullAlreadyResolved(pull.id, .applied))
        }
    }

    @Test func concurrentApplyGrantsOnce() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            let keep = pull.items.prefix(5).map(\.character.id)
            let game = world.game
            let results = try await withThrowingTaskGroup(of: PullResolution.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await game.pulls.applyPull(pull.id, by: alice, keep: keep) }
                }
                return try await group.reduce(into: [PullResolution]()) { $0.append($1) }
            }
            #expect(results.count == 8)
            #expect(Set(results).count == 1)
            #expect(try await world.ownedIDs(alice) == Set(keep))
            #expect(try await world.events(alice, .characterKept).count == 5)
            #expect(try await world.ledger(alice).filter { $0.reason == .pullConversion }.count == 5)
        }
    }

    @Test func concurrentApplyAndDenyResolveExactlyOnce() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            let game = world.game
            let outcomes = await withTaskGroup(of: PullStatus?.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        if index.isMultiple(of: 2) {
                            return try? await game.pulls.applyPull(pull.id, by: alice, keep: [pull.items[0].character.id]).status
                        }
                        return try? await game.pulls.denyPull(pull.id, by: alice).status
                    }
                }
                return await group.reduce(into: [PullStatus?]()) { $0.append($1) }
            }
            let winners = Set(outcomes.compactMap { $0 })
            #expect(winners.count == 1)
            #expect(try await world.events(alice).filter { [.pullApplied, .pullDenied].contains($0.name) }.count == 1)
        }
    }

    @Test func concurrentBuysByOneMemberChargeOnce() async throws {
        try await withWorld { world in
            try await world.give(alice, 2_500)
            let game = world.game
            let keys = (0..<5).map { _ in world.key() }
            let results = await withTaskGroup(of: Result<PendingPull, GachaError>.self) { group in
                for key in keys {
                    group.addTask {
                        do {
                            return .success(try await game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: key))
                        } catch let error as GachaError {
                            return .failure(error)
                        } catch {
                            return .failure(.unknownShopItem("unexpected \(error)"))
                        }
                    }
                }
                return await group.reduce(into: [Result<PendingPull, GachaError>]()) { $0.append($1) }
            }
            let bought = results.compactMap { try? $0.get() }
            let refused = results.compactMap { result -> GachaError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            // A double click or two buys at once: one charge, the others point at the open pull.
            #expect(bought.count == 1)
            #expect(refused.count == 4)
            #expect(refused.allSatisfy { $0 == .pullAlreadyOpen(bought[0].id) })
            #expect(try await world.game.points.balance(alice) == 1_500)
            #expect(try await world.game.pulls.openPulls(alice).count == 1)
            // Once settled, the next pull can be bought; the balance then covers no third.
            _ = try await game.pulls.denyPull(bought[0].id, by: alice)
            let second = try await game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: world.key())
            #expect(second.id != bought[0].id)
        }
    }

    @Test func anExpiredOpenPullDoesNotBlockTheNextPurchase() async throws {
        try await withWorld { world in
            try await world.give(alice, 2_000)
            let first = try await world.game.pulls.purchasePull(alice, itemID: "pull_5", idempotencyKey: world.key())
            world.clock.advance(by: world.game.configuration.pullLifetime + .seconds(1))
            let second = try await world.game.pulls.purchasePull(alice, itemID: "pull_5", idempotencyKey: world.key())
            #expect(second.id != first.id)
        }
    }

    @Test func sameKeyTwiceBuysOnce() async throws {
        try await withWorld { world in
            try await world.give(alice, 5_000)
            let key = world.key()
            let game = world.game
            let pulls = try await withThrowingTaskGroup(of: PendingPull.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: key) }
                }
                return try await group.reduce(into: [PendingPull]()) { $0.append($1) }
            }
            #expect(Set(pulls.map(\.id)).count == 1)
            let sequential = try await world.game.pulls.purchasePull(alice, itemID: "pull_10", idempotencyKey: key)
            #expect(sequential.id == pulls[0].id)
            #expect(try await world.game.points.balance(alice) == 4_000)
            #expect(try await world.events(alice, .pull10).count == 1)
            #expect(try await world.game.pulls.openPulls(alice).count == 1)
        }
    }

    @Test func someoneElsesPullIsRefused() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            let apply = await gachaError {
                _ = try await world.game.pulls.applyPull(pull.id, by: bob, keep: [pull.items[0].character.id])
            }
            #expect(apply == .notYourPull(pull.id))
            #expect(await gachaError { _ = try await world.game.pulls.denyPull(pull.id, by: bob) } == .notYourPull(pull.id))
            // The same member in another server is someone else too.
            let elsewhere = PlayerID(guild: GuildID(2_000), member: alice.member)
            #expect(await gachaError { _ = try await world.game.pulls.denyPull(pull.id, by: elsewhere) } == .notYourPull(pull.id))
            #expect(try await world.game.pulls.pull(pull.id)?.status == .pending)
            #expect(try await world.ownedIDs(bob).isEmpty)
            #expect(try await world.game.points.balance(bob) == 0)
        }
    }

    @Test func restartBetweenPurchaseAndApplyLosesNothing() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice)
            try world.restart()
            let reopened = try #require(try await world.game.pulls.openPulls(alice).first)
            #expect(reopened.id == pull.id)
            #expect(reopened.items == pull.items)
            #expect(reopened.balance == 0)
            let keep = pull.items.suffix(2).map(\.character.id)
            let result = try await world.game.pulls.applyPull(pull.id, by: alice, keep: keep)
            #expect(result.kept.map(\.id) == keep)
            #expect(try await world.ownedIDs(alice) == Set(keep))
        }
    }

    @Test func invalidSelectionsAreRefusedWithoutChanges() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice, "pull_5")
            let notPulled = try #require(world.catalogue.characters.first { c in !pull.items.contains { $0.character.id == c.id } })
            #expect(await gachaError { _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: [notPulled.id]) }
                == .notInPull(characterID: notPulled.id))
            #expect(await gachaError {
                _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: [], replace: [notPulled.id])
            } == .notOwned(characterID: notPulled.id))
            #expect(await gachaError { _ = try await world.game.pulls.applyPull(PullID("missing"), by: alice, keep: []) }
                == .pullNotFound(PullID("missing")))
            #expect(try await world.game.pulls.pull(pull.id)?.status == .pending)
            #expect(try await world.game.points.balance(alice) == 0)
        }
    }

    @Test func analyticsEventsFollowTheFlow() async throws {
        try await withWorld { world in
            let pull = try await world.buyPull(alice, "pull_5")
            _ = try await world.game.pulls.applyPull(pull.id, by: alice, keep: [pull.items[0].character.id])
            let names = try await world.events(alice).map(\.name)
            #expect(names.first == .firstSeen)
            #expect(names.filter { $0 == .firstSeen }.count == 1)
            for name in [EventName.pointsEarned, .pointsSpent, .shopPurchase, .pull5, .characterKept, .pullApplied] {
                #expect(names.contains(name), "missing \(name)")
            }
            let pullEvent = try #require(try await world.events(alice, .pull5).first)
            #expect(pullEvent.properties["pull_id"] == pull.id.rawValue)
            #expect(pullEvent.properties["characters"] == pull.items.map(\.character.id).joined(separator: ","))
            #expect(pullEvent.player == alice)
            #expect(pullEvent.at == world.now)
        }
    }
}

extension World {
    func denyAgain(_ id: PullID) async throws -> PullResolution {
        try await game.pulls.denyPull(id, by: alice)
    }
}
