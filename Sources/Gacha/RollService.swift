import Storage

/// Another area's check inside a roll's transaction (see `RollService.roll`), given the
/// transaction and the game time.
public typealias RollGate = @Sendable (any GachaTransaction, Timestamp) async throws -> Void

/// `/roll`: one character from the member's allowance.
public struct RollService: Sendable {
    let game: GachaGame

    /// What happened to the rolled character.
    public enum Outcome: Hashable, Sendable, Codable {
        /// It joined the inventory.
        case added
        /// The member already owned it: it became `points`.
        case duplicate(points: Int64)
        /// The inventory was at its cap: it became `points` (never lost).
        case inventoryFull(points: Int64)
    }

    public struct Result: Hashable, Sendable, Codable {
        public var character: GameCharacter
        public var outcome: Outcome
        public var allowance: RollAllowance
        public var pity: PityStatus
        public var balance: Int64
        /// Pack subscriptions that lapsed for want of points since the member's last roll, told
        /// once (nil in results stored before access modes existed).
        public var accessLapses: [AccessLapse]?
    }

    /// Spends one roll (regenerating rolls first, then bought ones) and draws a character.
    /// Throws `GachaError.noRollsLeft` with the time of the next regenerated roll.
    ///
    /// `gate` runs in the same transaction once the member has a roll to spend (not on a repeat of
    /// the key): another area's check, such as a usage meter, whose count commits with the roll,
    /// and whose error stops it.
    public func roll(
        _ player: PlayerID, idempotencyKey: IdempotencyKey, gate: RollGate? = nil
    ) async throws -> Result {
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            var member = try await t.member(player)
            return try await t.idempotent(player, key: "roll:\(idempotencyKey.rawValue)", operation: "roll") {
                let rules = t.configuration.rolls
                var rolls = rules.current(member.rolls, now: t.now)
                if rolls.stored > 0 {
                    if rolls.stored == rules.maxStored { rolls.asOf = t.now }
                    rolls.stored -= 1
                } else if rolls.extra > 0 {
                    rolls.extra -= 1
                } else {
                    throw GachaError.noRollsLeft(nextRollAt: rolls.asOf.advanced(by: rules.regenInterval))
                }
                // After the allowance: a member with no rolls left is told so, and nothing is counted.
                try await gate?(t.tx, t.now)
                member.rolls = rolls
                let pityBefore = member.pity
                // Packs the member may not draw from (Pro-only, lapsed subscriptions) are left out
                // here, in the roll's transaction; a pool without restricted packs costs nothing.
                let (drawPool, lapses) = try await t.drawPool(pool, for: player)
                let character = t.game.engine.roll(pity: &member.pity, random: t.random, pool: drawPool)
                try await t.tx.updateMember(member)
                try await t.recordPackDraws(player, [character])

                let outcome: Outcome
                let value = t.configuration.conversion.value(of: character.rarity)
                let ledgerKey = "roll:\(idempotencyKey.rawValue)"
                if try await t.tx.inventoryRecord(player, characterID: character.id) != nil {
                    try await t.credit(player, value, reason: .duplicate, key: ledgerKey)
                    outcome = .duplicate(points: value)
                } else if try await t.tx.inventoryCount(player) >= t.configuration.inventoryCap {
                    try await t.credit(player, value, reason: .inventoryFull, key: ledgerKey)
                    outcome = .inventoryFull(points: value)
                } else {
                    try await t.tx.insertInventory(InventoryRecord(player: player, characterID: character.id, acquiredAt: t.now))
                    outcome = .added
                }
                let outcomeName: String =
                    switch outcome {
                    case .added: "added"
                    case .duplicate: "duplicate"
                    case .inventoryFull: "inventory_full"
                    }
                try await t.event(
                    .roll, player,
                    [
                        "character": character.id, "rarity": character.rarity.rawValue, "outcome": outcomeName,
                        "pity_legendary": String(pityBefore.rollsSinceLegendary),
                        "packs": GameTransaction.packsProperty([character]),
                    ])
                return Result(
                    character: character, outcome: outcome, allowance: rules.view(rolls, now: t.now),
                    pity: PityStatus(member.pity, rates: t.configuration.rates), balance: try await t.tx.balance(player),
                    accessLapses: lapses.isEmpty ? nil : lapses)
            }
        }
    }

    public func allowance(_ player: PlayerID) async throws -> RollAllowance {
        let rules = game.configuration.rolls
        return try await game.snapshot { reader, now in
            let state = try await reader.member(player)?.rolls ?? RollAllowanceState(stored: rules.maxStored, asOf: now)
            return rules.view(state, now: now)
        }
    }

    public func pity(_ player: PlayerID) async throws -> PityStatus {
        let rates = game.configuration.rates
        return try await game.snapshot { reader, _ in
            PityStatus(try await reader.member(player)?.pity ?? PityCounters(), rates: rates)
        }
    }

    /// The published table (`/rates`).
    public var rates: Rates { game.configuration.rates }

    /// The packs a server's rolls draw from besides the catalogue (`/rates` lists them).
    public func pool(_ guild: GuildID) async throws -> GuildPool {
        try await game.pools.pool(for: guild)
    }
}
