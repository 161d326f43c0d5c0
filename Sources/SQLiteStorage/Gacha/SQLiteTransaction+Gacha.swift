import Foundation
import Gacha
import GRDB
import Storage

/// The gacha area's primitives: members' game state, inventory, pending pulls.
extension SQLiteTransaction: GachaTransaction {
    // MARK: Members

    public func member(_ player: PlayerID) async throws -> MemberRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM gacha_members WHERE guild_id = ? AND member_id = ?"),
                arguments: Self.key(player)
            ).map { row in
                MemberRecord(
                    player: player,
                    firstSeen: Timestamp(millisecondsSinceEpoch: row["first_seen"]),
                    pity: PityCounters(rollsSinceLegendary: row["pity_legendary"], rollsSinceEpicOrBetter: row["pity_epic"]),
                    rolls: RollAllowanceState(
                        stored: row["rolls_stored"], asOf: Timestamp(millisecondsSinceEpoch: row["rolls_as_of"]),
                        extra: row["extra_rolls"]),
                    streak: DailyStreakState(length: row["streak_length"], lastClaimDay: row["streak_last_day"]))
            }
        }
    }

    public func insertMember(_ member: MemberRecord) async throws {
        try run { db in
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO gacha_members (first_seen, pity_legendary, pity_epic, rolls_stored, rolls_as_of,
                            extra_rolls, streak_length, streak_last_day, guild_id, member_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    .execute(arguments: Self.state(member) + Self.key(member.player))
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "member", key: member.player.description)
            }
        }
    }

    public func updateMember(_ member: MemberRecord) async throws {
        try run { db in
            try db.cachedStatement(
                sql: """
                    UPDATE gacha_members SET first_seen = ?, pity_legendary = ?, pity_epic = ?, rolls_stored = ?,
                        rolls_as_of = ?, extra_rolls = ?, streak_length = ?, streak_last_day = ?
                    WHERE guild_id = ? AND member_id = ?
                    """)
                .execute(arguments: Self.state(member) + Self.key(member.player))
            if db.changesCount == 0 { throw StoreError.notFound(what: "member", key: member.player.description) }
        }
    }

    // MARK: Inventory

    public func inventory(_ player: PlayerID) async throws -> [InventoryRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM gacha_inventory WHERE guild_id = ? AND member_id = ? ORDER BY acquired_at, character_id
                    """),
                arguments: Self.key(player)
            ).map(Self.inventoryRecord)
        }
    }

    public func inventoryCount(_ player: PlayerID) async throws -> Int {
        try run { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM gacha_inventory WHERE guild_id = ? AND member_id = ?"),
                arguments: Self.key(player)) ?? 0
        }
    }

    public func inventoryRecord(_ player: PlayerID, characterID: String) async throws -> InventoryRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM gacha_inventory WHERE guild_id = ? AND member_id = ? AND character_id = ?"),
                arguments: Self.key(player) + [characterID]
            ).map(Self.inventoryRecord)
        }
    }

    public func insertInventory(_ records: [InventoryRecord]) async throws {
        try run { db in
            for record in records {
                do {
                    try db.cachedStatement(
                        sql: "INSERT INTO gacha_inventory (guild_id, member_id, character_id, acquired_at) VALUES (?, ?, ?, ?)")
                        .execute(arguments: Self.key(record.player) + [record.characterID, record.acquiredAt.millisecondsSinceEpoch])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    throw StoreError.duplicate(what: "inventory", key: record.characterID)
                }
            }
        }
    }

    @discardableResult
    public func deleteInventory(_ player: PlayerID, characterID: String) async throws -> Bool {
        try run { db in
            try db.cachedStatement(sql: "DELETE FROM gacha_inventory WHERE guild_id = ? AND member_id = ? AND character_id = ?")
                .execute(arguments: Self.key(player) + [characterID])
            return db.changesCount > 0
        }
    }

    // MARK: Pending pulls

    public func pendingPull(_ id: PullID) async throws -> PendingPullRecord? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM gacha_pulls WHERE id = ?"), arguments: [id.rawValue])
                .map(Self.pendingPull)
        }
    }

    public func expiredPendingPulls(asOf now: Timestamp, limit: Int) async throws -> [PendingPullRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM gacha_pulls WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?
                    """),
                arguments: [now.millisecondsSinceEpoch, limit]
            ).map(Self.pendingPull)
        }
    }

    public func openPendingPulls(_ player: PlayerID) async throws -> [PendingPullRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM gacha_pulls WHERE guild_id = ? AND member_id = ? AND status = 'pending'
                    ORDER BY created_at, id
                    """),
                arguments: Self.key(player)
            ).map(Self.pendingPull)
        }
    }

    public func insertPendingPull(_ pull: PendingPullRecord) async throws {
        let items = try PendingPullRecord.encodeItems(pull.items)
        let choices = try PendingPullRecord.encodeChoices(pull.choices)
        try run { db in
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO gacha_pulls (id, guild_id, member_id, item_id, price, items, created_at, expires_at,
                            status, resolved_at, choices)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    .execute(arguments: [pull.id.rawValue] + Self.key(pull.player) + [
                        pull.itemID, pull.price, items, pull.createdAt.millisecondsSinceEpoch,
                        pull.expiresAt.millisecondsSinceEpoch, pull.status.rawValue, pull.resolvedAt?.millisecondsSinceEpoch,
                        choices,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "pending pull", key: pull.id.rawValue)
            }
        }
    }

    public func updatePendingPullStatus(_ id: PullID, status: PullStatus, resolvedAt: Timestamp?) async throws {
        try run { db in
            try db.cachedStatement(sql: "UPDATE gacha_pulls SET status = ?, resolved_at = ?, choices = NULL WHERE id = ?")
                .execute(arguments: [status.rawValue, resolvedAt?.millisecondsSinceEpoch, id.rawValue])
            if db.changesCount == 0 { throw StoreError.notFound(what: "pending pull", key: id.rawValue) }
        }
    }

    public func updatePendingPullChoices(_ id: PullID, choices: PullChoices) async throws {
        let encoded = try PendingPullRecord.encodeChoices(choices)
        try run { db in
            try db.cachedStatement(sql: "UPDATE gacha_pulls SET choices = ? WHERE id = ?").execute(arguments: [encoded, id.rawValue])
            if db.changesCount == 0 { throw StoreError.notFound(what: "pending pull", key: id.rawValue) }
        }
    }

    // MARK: Mapping

    static func state(_ member: MemberRecord) -> StatementArguments {
        [
            member.firstSeen.millisecondsSinceEpoch, member.pity.rollsSinceLegendary, member.pity.rollsSinceEpicOrBetter,
            member.rolls.stored, member.rolls.asOf.millisecondsSinceEpoch, member.rolls.extra, member.streak.length,
            member.streak.lastClaimDay,
        ]
    }

    static func inventoryRecord(_ row: Row) -> InventoryRecord {
        InventoryRecord(
            player: player(row), characterID: row["character_id"], acquiredAt: Timestamp(millisecondsSinceEpoch: row["acquired_at"]))
    }

    static func pendingPull(_ row: Row) throws -> PendingPullRecord {
        let id: String = row["id"]
        let resolved: Int64? = row["resolved_at"]
        return PendingPullRecord(
            id: PullID(id), player: player(row), itemID: row["item_id"], price: row["price"],
            items: try PendingPullRecord.decodeItems(row["items"], pull: id),
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            expiresAt: Timestamp(millisecondsSinceEpoch: row["expires_at"]),
            status: try PendingPullRecord.decodeStatus(row["status"], pull: id),
            resolvedAt: resolved.map { Timestamp(millisecondsSinceEpoch: $0) },
            choices: try PendingPullRecord.decodeChoices(row["choices"], pull: id))
    }
}

extension SQLiteStore: GachaStore {}
