import Clocks
import Gacha
import Storage
import Testing

@Suite struct RollServiceTests {
    @Test func allowanceRegeneratesOverVirtualTime() async throws {
        try await withWorld { world in
            let rolls = world.game.rolls
            #expect(try await rolls.allowance(alice).total == 10)
            for _ in 0..<10 { _ = try await rolls.roll(alice, idempotencyKey: world.key()) }
            let empty = await gachaError { _ = try await rolls.roll(alice, idempotencyKey: world.key()) }
            #expect(empty == .noRollsLeft(nextRollAt: world.now.advanced(by: .seconds(360))))

            world.clock.advance(by: .seconds(359))
            #expect(try await rolls.allowance(alice).regenerating == 0)
            world.clock.advance(by: .seconds(1))
            #expect(try await rolls.allowance(alice).regenerating == 1)
            // Partial progress is kept: 1 roll + 3 minutes, then spend it, and 3 more minutes give one.
            world.clock.advance(by: .seconds(180))
            let result = try await rolls.roll(alice, idempotencyKey: world.key())
            #expect(result.allowance.regenerating == 0)
            #expect(result.allowance.nextRegenAt == world.now.advanced(by: .seconds(180)))
            world.clock.advance(by: .seconds(180))
            #expect(try await rolls.allowance(alice).regenerating == 1)
            // The cap: an idle day leaves exactly 10.
            world.clock.advance(by: .seconds(3 * 3600))
            let full = try await rolls.allowance(alice)
            #expect(full.regenerating == 10)
            #expect(full.nextRegenAt == nil)
        }
    }

    @Test func extraRollsAreBoughtAndUsedAfterRegeneratingOnes() async throws {
        try await withWorld { world in
            try await world.give(alice, 200)
            let purchase = try await world.game.shop.buy(alice, itemID: "extra_roll", idempotencyKey: world.key())
            guard case .extraRolls(let extra) = purchase else {
                Issue.record("expected extra rolls, got \(purchase)")
                return
            }
            #expect(extra.rollsAdded == 1)
            #expect(extra.balance == 100)
            #expect(extra.allowance.total == 11)
            for _ in 0..<10 { _ = try await world.game.rolls.roll(alice, idempotencyKey: world.key()) }
            #expect(try await world.game.rolls.allowance(alice).extra == 1)
            let last = try await world.game.rolls.roll(alice, idempotencyKey: world.key())
            #expect(last.allowance.total == 0)
            #expect(await gachaError { _ = try await world.game.rolls.roll(alice, idempotencyKey: world.key()) } != nil)
        }
    }

    @Test func duplicatesBecomePoints() async throws {
        try await withWorld(catalogue: try smallCatalogue()) { world in
            var added = 0
            var expectedPoints: Int64 = 0
            for _ in 0..<10 {
                let result = try await world.game.rolls.roll(alice, idempotencyKey: world.key())
                switch result.outcome {
                case .added: added += 1
                case .duplicate(let points):
                    #expect(points == ConversionValues.standard.value(of: result.character.rarity))
                    expectedPoints += points
                case .inventoryFull: Issue.record("inventory cannot be full")
                }
            }
            #expect(added < 10)  // 12 characters, mostly commons: repeats are certain for this seed
            #expect(try await world.game.inventory.owned(alice).count == added)
            #expect(try await world.game.points.balance(alice) == expectedPoints)
            let duplicateEntries = try await world.ledger(alice).filter { $0.reason == .duplicate }
            #expect(duplicateEntries.count == 10 - added)
            #expect(try await world.events(alice, .roll).count == 10)
        }
    }

    @Test func sameKeyRollsOnce() async throws {
        try await withWorld { world in
            let key = world.key()
            let first = try await world.game.rolls.roll(alice, idempotencyKey: key)
            let again = try await world.game.rolls.roll(alice, idempotencyKey: key)
            #expect(first == again)
            #expect(try await world.game.rolls.allowance(alice).total == 9)
            #expect(try await world.game.inventory.owned(alice).count == 1)
        }
    }

    @Test func pityIsPersistedAcrossRestart() async throws {
        try await withWorld(seed: 5) { world in
            var last: RollService.Result?
            for _ in 0..<7 { last = try await world.game.rolls.roll(alice, idempotencyKey: world.key()) }
            let before = try await world.game.rolls.pity(alice)
            #expect(before == last?.pity)
            #expect(before.rollsSinceEpicOrBetter > 0 || before.rollsSinceLegendary > 0)
            try world.restart()
            let after = try await world.game.rolls.pity(alice)
            #expect(after == before)
            let result = try await world.game.rolls.roll(alice, idempotencyKey: world.key())
            let expected = result.character.rarity == .legendary ? 0 : before.rollsSinceLegendary + 1
            #expect(result.pity.rollsSinceLegendary == expected)
        }
    }

    @Test func hardPityHoldsThroughTheService() async throws {
        // 20 rolls an interval and a tiny pity: every 5th roll without a legendary must be one.
        var configuration = GachaConfiguration.standard
        configuration.rates.pity = Rates.PityRules(softPityAfter: 2, softPityStep: 100_000, hardPity: 5, epicGuarantee: nil)
        configuration.rolls = RollAllowanceRules(maxStored: 60, regenInterval: .seconds(60))
        try await withWorld(configuration: configuration) { world in
            var since = 0
            for _ in 0..<60 {
                let result = try await world.game.rolls.roll(alice, idempotencyKey: world.key())
                since = result.character.rarity == .legendary ? 0 : since + 1
                #expect(since < 5)
                #expect(result.pity.rollsSinceLegendary == since)
            }
        }
    }

    @Test func fullInventoryTurnsARollIntoPoints() async throws {
        var configuration = GachaConfiguration.standard
        configuration.inventoryCap = 2
        try await withWorld(configuration: configuration) { world in
            var outcomes: [RollService.Outcome] = []
            for _ in 0..<6 { outcomes.append(try await world.game.rolls.roll(alice, idempotencyKey: world.key()).outcome) }
            #expect(try await world.game.inventory.owned(alice).count == 2)
            #expect(outcomes.filter { if case .inventoryFull = $0 { true } else { false } }.count >= 1)
            #expect(try await world.game.points.balance(alice) > 0)
        }
    }
}
