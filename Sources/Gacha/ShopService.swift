import Storage

/// `/shop`: the items, and buying them. Prices are configuration (`GachaConfiguration.shop`).
public struct ShopService: Sendable {
    let game: GachaGame

    public enum Purchase: Hashable, Sendable, Codable {
        case extraRolls(ExtraRolls)
        /// A multi-pull, waiting for the member's keep/replace choice.
        case pull(PendingPull)
    }

    public struct ExtraRolls: Hashable, Sendable, Codable {
        public var itemID: String
        public var rollsAdded: Int
        public var price: Int64
        public var balance: Int64
        public var allowance: RollAllowance
    }

    /// The items on sale, in display order.
    public var items: [ShopItem] { game.configuration.shop }

    /// The rule `/shop` and the README state for multi-pulls.
    public var pullRule: String {
        let minutes = game.configuration.pullLifetime.wholeMilliseconds / 60_000
        return "Pick which characters to keep, then Apply. Characters you do not keep, a Deny, or a pull left "
            + "unanswered for \(minutes) minutes turn into points (by rarity), so a paid pull is never lost."
    }

    /// Buys an item: the charge and what it buys commit together. Throws
    /// `GachaError.insufficientPoints` (balance, price, ways to earn) or `.unknownShopItem`.
    public func buy(_ player: PlayerID, itemID: String, idempotencyKey: IdempotencyKey) async throws -> Purchase {
        guard let item = game.configuration.shopItem(itemID) else { throw GachaError.unknownShopItem(itemID) }
        switch item.kind {
        case .pull:
            return .pull(try await game.pulls.purchasePull(player, itemID: itemID, idempotencyKey: idempotencyKey))
        case .extraRolls(let count):
            return .extraRolls(try await buyExtraRolls(player, item: item, count: count, idempotencyKey: idempotencyKey))
        }
    }

    private func buyExtraRolls(
        _ player: PlayerID, item: ShopItem, count: Int, idempotencyKey: IdempotencyKey
    ) async throws -> ExtraRolls {
        try await game.transaction(for: player) { t in
            var member = try await t.member(player)
            let key = idempotencyKey.rawValue
            return try await t.idempotent(player, key: "shop:\(key)", operation: "shop:\(item.id)") {
                let balance = try await t.debit(player, item.price, reason: .shopPurchase, key: "shop:\(key)")
                member.rolls = t.configuration.rolls.current(member.rolls, now: t.now)
                member.rolls.extra += count
                try await t.tx.updateMember(member)
                try await t.event(.shopPurchase, player, ["item": item.id, "price": String(item.price)])
                return ExtraRolls(
                    itemID: item.id, rollsAdded: count, price: item.price, balance: balance,
                    allowance: t.configuration.rolls.view(member.rolls, now: t.now))
            }
        }
    }
}
