import Gacha
import Storage
import Synchronization
import Testing

/// Extra rolls bought outside the shop (a Discord consumable), and a roll's gate.
@Suite struct PurchasedRollsTests {
    @Test func aPurchaseAddsItsRollsOncePerKeyAndChargesNothing() async throws {
        try await withWorld { world in
            let key = IdempotencyKey("discord-entitlement:1234")
            let first = try await world.game.shop.grantPurchasedRolls(alice, count: 7, idempotencyKey: key)
            #expect(first.rollsAdded == 7 && first.allowance.extra == 7)
            let again = try await world.game.shop.grantPurchasedRolls(alice, count: 7, idempotencyKey: key)
            #expect(again == first, "a repeat returns the first grant")
            #expect(try await world.game.rolls.allowance(alice).extra == 7, "and adds nothing")
            _ = try await world.game.shop.grantPurchasedRolls(alice, count: 3, idempotencyKey: "discord-entitlement:5678")
            #expect(try await world.game.rolls.allowance(alice).extra == 10)
            #expect(try await world.ledger(alice).isEmpty, "no points moved")
            let events = try await world.events(alice, .rollsPurchased)
            #expect(events.map { $0.properties["rolls"] } == ["7", "3"])
        }
    }

    struct Refused: Error {}

    @Test func aGateRunsInTheRollsTransactionAndItsErrorStopsTheRoll() async throws {
        try await withWorld { world in
            let before = try await world.game.rolls.allowance(alice)
            await #expect(throws: Refused.self) {
                _ = try await world.game.rolls.roll(alice, idempotencyKey: world.key()) { _, _ in throw Refused() }
            }
            #expect(try await world.game.rolls.allowance(alice) == before, "a refused roll spends nothing")
            #expect(try await world.events(alice, .roll).isEmpty)

            let key = world.key()
            let gated = GateCount()
            _ = try await world.game.rolls.roll(alice, idempotencyKey: key) { _, _ in gated.increment() }
            _ = try await world.game.rolls.roll(alice, idempotencyKey: key) { _, _ in gated.increment() }
            #expect(gated.value == 1, "a repeat of the key does not pass the gate again")
            #expect(try await world.events(alice, .roll).count == 1)
        }
    }
}

final class GateCount: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
