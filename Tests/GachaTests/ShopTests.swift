import Gacha
import Storage
import Testing

@Suite struct ShopTests {
    @Test func itemsArePublishedAsConfiguration() async throws {
        try await withWorld { world in
            let items = world.game.shop.items
            #expect(items.map(\.id) == ["extra_roll", "pull_5", "pull_10"])
            #expect(items.map(\.price) == [100, 500, 1000])
            #expect(items[1].name == "Buy 5 Characters" && items[1].emoji == "5️⃣")
            #expect(items[2].name == "Buy 10 Characters" && items[2].emoji == "🔟")
            #expect(world.game.shop.pullRule.contains("15 minutes"))
        }
    }

    @Test(arguments: [("pull_5", 5), ("pull_10", 10)])
    func buyingAPullChargesAndRollsDistinctCharacters(itemID: String, size: Int) async throws {
        try await withWorld { world in
            try await world.give(alice, 1_200)
            let purchase = try await world.game.shop.buy(alice, itemID: itemID, idempotencyKey: world.key())
            guard case .pull(let pull) = purchase else {
                Issue.record("expected a pull")
                return
            }
            let price: Int64 = size == 5 ? 500 : 1000
            #expect(pull.items.count == size)
            #expect(Set(pull.items.map(\.character.id)).count == size)
            #expect(pull.status == .pending)
            #expect(pull.price == price)
            #expect(pull.balance == 1_200 - price)
            #expect(pull.expiresAt == pull.createdAt.advanced(by: .seconds(900)))
            #expect(try await world.game.points.balance(alice) == 1_200 - price)
            let spent = try await world.ledger(alice).filter { $0.amount < 0 }
            #expect(spent.map(\.amount) == [-price])
            #expect(spent.first?.reason == .shopPurchase)
            // One transaction: charge, pity, pending pull and events.
            #expect(try await world.events(alice, .pull(size: size)).count == 1)
            #expect(try await world.events(alice, .shopPurchase).first?.properties["item"] == itemID)
            #expect(try await world.events(alice, .pointsSpent).first?.properties["amount"] == String(price))
            // Pity counted per roll of the pull.
            let rarities = pull.items.map(\.character.rarity)
            let sinceLegendary = rarities.reversed().firstIndex(of: .legendary) ?? size
            #expect(try await world.game.rolls.pity(alice).rollsSinceLegendary == sinceLegendary)
            #expect(try await world.game.pulls.openPulls(alice).map(\.id) == [pull.id])
        }
    }

    @Test func insufficientPointsCarriesBalancePriceAndWaysToEarn() async throws {
        try await withWorld { world in
            try await world.give(alice, 50)
            let error = await gachaError {
                _ = try await world.game.shop.buy(alice, itemID: "pull_10", idempotencyKey: world.key())
            }
            guard case .insufficientPoints(let details) = error else {
                Issue.record("expected insufficientPoints, got \(String(describing: error))")
                return
            }
            #expect(details.balance == 50)
            #expect(details.price == 1000)
            #expect(details.shortfall == 950)
            #expect(details.waysToEarn.contains(.dailyAvailable(points: 100)))
            #expect(details.waysToEarn.contains(.rollDuplicates))
            // Nothing changed.
            #expect(try await world.game.points.balance(alice) == 50)
            #expect(try await world.game.pulls.openPulls(alice).isEmpty)
            #expect(try await world.events(alice, .shopPurchase).isEmpty)

            // After the daily, the hint points to tomorrow.
            _ = try await world.game.points.claimDaily(alice, idempotencyKey: world.key())
            let later = await gachaError { _ = try await world.game.shop.buy(alice, itemID: "pull_5", idempotencyKey: world.key()) }
            guard case .insufficientPoints(let again) = later else {
                Issue.record("expected insufficientPoints")
                return
            }
            #expect(again.balance == 150)
            #expect(again.waysToEarn.contains { if case .dailyLater = $0 { true } else { false } })
        }
    }

    @Test func unknownItemAndWrongKind() async throws {
        try await withWorld { world in
            #expect(await gachaError { _ = try await world.game.shop.buy(alice, itemID: "pull_99", idempotencyKey: world.key()) }
                == .unknownShopItem("pull_99"))
            #expect(await gachaError {
                _ = try await world.game.pulls.purchasePull(alice, itemID: "extra_roll", idempotencyKey: world.key())
            } == .wrongItemKind("extra_roll"))
        }
    }

    @Test func aKeyUsedForAnotherItemIsRefused() async throws {
        try await withWorld { world in
            try await world.give(alice, 2_000)
            let key = world.key()
            _ = try await world.game.shop.buy(alice, itemID: "extra_roll", idempotencyKey: key)
            let error = await gachaError { _ = try await world.game.shop.buy(alice, itemID: "pull_10", idempotencyKey: key) }
            #expect(error == .idempotencyKeyReused(key: "shop:\(key.rawValue)", operation: "shop:extra_roll"))
            #expect(try await world.game.points.balance(alice) == 1_900)
        }
    }
}
