import Storage

extension ShopService {
    /// What a purchase outside the shop (a Discord consumable) added.
    public struct PurchasedRolls: Hashable, Sendable, Codable {
        public var rollsAdded: Int
        public var allowance: RollAllowance
    }

    /// Adds `count` extra rolls bought outside the game (a Discord one-time purchase), once per
    /// `idempotencyKey` (the purchase's id): a repeat returns the first grant and adds nothing.
    /// Nothing is charged, so there is no ledger entry; the idempotency record is the receipt.
    public func grantPurchasedRolls(_ player: PlayerID, count: Int, idempotencyKey: IdempotencyKey) async throws -> PurchasedRolls {
        precondition(count > 0, "a purchase adds at least one roll")
        return try await game.transaction(for: player) { t in
            var member = try await t.member(player)
            return try await t.idempotent(player, key: "purchase:\(idempotencyKey.rawValue)", operation: "purchased_rolls") {
                member.rolls = t.configuration.rolls.current(member.rolls, now: t.now)
                member.rolls.extra += count
                try await t.tx.updateMember(member)
                try await t.event(.rollsPurchased, player, ["rolls": String(count), "purchase": idempotencyKey.rawValue])
                return PurchasedRolls(rollsAdded: count, allowance: t.configuration.rolls.view(member.rolls, now: t.now))
            }
        }
    }
}

extension EventName {
    /// Extra rolls bought outside the shop (a Discord consumable).
    public static let rollsPurchased: EventName = "rolls_purchased"
}
