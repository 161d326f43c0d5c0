import Gacha
import PostgresNIO
import Storage

/// The gacha area's primitives: members' game state, inventory, pending pulls.
extension PostgresTransaction: GachaTransaction {
    // MARK: Members

    public func member(_ player: PlayerID) async throws -> MemberRecord? {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT first_seen, pity_legendary, pity_epic, rolls_stored, rolls_as_of, extra_rolls, streak_length,
                streak_last_day
            FROM gacha_members WHERE guild_id = \(guild) AND member_id = \(member)
            """).first.map { row in
            let (firstSeen, legendary, epic, stored, asOf, extra, streak, lastDay) =
                try row.decode((Int64, Int, Int, Int, Int64, Int, Int, Int64?).self)
            return MemberRecord(
                player: player, firstSeen: Timestamp(millisecondsSinceEpoch: firstSeen),
                pity: PityCounters(rollsSinceLegendary: legendary, rollsSinceEpicOrBetter: epic),
                rolls: RollAllowanceState(stored: stored, asOf: Timestamp(millisecondsSinceEpoch: asOf), extra: extra),
                streak: DailyStreakState(length: streak, lastClaimDay: lastDay))
        }
    }

    public func insertMember(_ member: MemberRecord) async throws {
        let (guild, id) = (Self.id(member.player.guild.rawValue), Self.id(member.player.member.rawValue))
        try await rows("""
            INSERT INTO gacha_members (guild_id, member_id, first_seen, pity_legendary, pity_epic, rolls_stored,
                rolls_as_of, extra_rolls, streak_length, streak_last_day)
            VALUES (\(guild), \(id), \(member.firstSeen.millisecondsSinceEpoch), \(member.pity.rollsSinceLegendary),
                \(member.pity.rollsSinceEpicOrBetter), \(member.rolls.stored), \(member.rolls.asOf.millisecondsSinceEpoch),
                \(member.rolls.extra), \(member.streak.length), \(member.streak.lastClaimDay))
            """)
    }

    public func updateMember(_ member: MemberRecord) async throws {
        let (guild, id) = (Self.id(member.player.guild.rawValue), Self.id(member.player.member.rawValue))
        let updated = try await rows("""
            UPDATE gacha_members SET first_seen = \(member.firstSeen.millisecondsSinceEpoch),
                pity_legendary = \(member.pity.rollsSinceLegendary), pity_epic = \(member.pity.rollsSinceEpicOrBetter),
                rolls_stored = \(member.rolls.stored), rolls_as_of = \(member.rolls.asOf.millisecondsSinceEpoch),
                extra_rolls = \(member.rolls.extra), streak_length = \(member.streak.length),
                streak_last_day = \(member.streak.lastClaimDay)
            WHERE guild_id = \(guild) AND member_id = \(id)
            RETURNING 1
            """)
        if updated.isEmpty { throw StoreError.notFound(what: "member", key: member.player.description) }
    }

    // MARK: Inventory

    public func inventory(_ player: PlayerID) async throws -> [InventoryRecord] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT character_id, acquired_at FROM gacha_inventory WHERE guild_id = \(guild) AND member_id = \(member)
            ORDER BY acquired_at, character_id
            """).map { row in
            let (character, acquired) = try row.decode((String, Int64).self)
            return InventoryRecord(player: player, characterID: character, acquiredAt: Timestamp(millisecondsSinceEpoch: acquired))
        }
    }

    public func inventoryCount(_ player: PlayerID) async throws -> Int {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("SELECT COUNT(*) FROM gacha_inventory WHERE guild_id = \(guild) AND member_id = \(member)")
            .first?.decode(Int.self) ?? 0
    }

    public func inventoryRecord(_ player: PlayerID, characterID: String) async throws -> InventoryRecord? {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT acquired_at FROM gacha_inventory
            WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID)
            """).first.map { row in
            InventoryRecord(
                player: player, characterID: characterID, acquiredAt: Timestamp(millisecondsSinceEpoch: try row.decode(Int64.self)))
        }
    }

    /// One INSERT for all of them, the rows travelling as arrays.
    public func insertInventory(_ records: [InventoryRecord]) async throws {
        guard !records.isEmpty else { return }
        let guilds = records.map { Self.id($0.player.guild.rawValue) }
        let members = records.map { Self.id($0.player.member.rawValue) }
        let characters = records.map(\.characterID)
        let times = records.map(\.acquiredAt.millisecondsSinceEpoch)
        try await rows("""
            INSERT INTO gacha_inventory (guild_id, member_id, character_id, acquired_at)
            SELECT * FROM UNNEST(\(guilds)::BIGINT[], \(members)::BIGINT[], \(characters)::TEXT[], \(times)::BIGINT[])
            """)
    }

    @discardableResult
    public func deleteInventory(_ player: PlayerID, characterID: String) async throws -> Bool {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await !rows("""
            DELETE FROM gacha_inventory WHERE guild_id = \(guild) AND member_id = \(member) AND character_id = \(characterID)
            RETURNING 1
            """).isEmpty
    }

    // MARK: Pending pulls

    public func pendingPull(_ id: PullID) async throws -> PendingPullRecord? {
        try await rows("SELECT \(unescaped: Self.pullColumns) FROM gacha_pulls WHERE id = \(id.rawValue)").first.map(Self.pendingPull)
    }

    public func expiredPendingPulls(asOf now: Timestamp, limit: Int) async throws -> [PendingPullRecord] {
        try await rows("""
            SELECT \(unescaped: Self.pullColumns) FROM gacha_pulls
            WHERE status = 'pending' AND expires_at <= \(now.millisecondsSinceEpoch) ORDER BY expires_at, id LIMIT \(limit)
            """).map(Self.pendingPull)
    }

    public func openPendingPulls(_ player: PlayerID) async throws -> [PendingPullRecord] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT \(unescaped: Self.pullColumns) FROM gacha_pulls
            WHERE guild_id = \(guild) AND member_id = \(member) AND status = 'pending' ORDER BY created_at, id
            """).map(Self.pendingPull)
    }

    public func insertPendingPull(_ pull: PendingPullRecord) async throws {
        let (guild, member) = (Self.id(pull.player.guild.rawValue), Self.id(pull.player.member.rawValue))
        let items = try PendingPullRecord.encodeItems(pull.items)
        let choices = try PendingPullRecord.encodeChoices(pull.choices)
        try await rows("""
            INSERT INTO gacha_pulls (id, guild_id, member_id, item_id, price, items, created_at, expires_at, status,
                resolved_at, choices)
            VALUES (\(pull.id.rawValue), \(guild), \(member), \(pull.itemID), \(pull.price), \(items),
                \(pull.createdAt.millisecondsSinceEpoch), \(pull.expiresAt.millisecondsSinceEpoch), \(pull.status.rawValue),
                \(pull.resolvedAt?.millisecondsSinceEpoch), \(choices))
            """)
    }

    public func updatePendingPullStatus(_ id: PullID, status: PullStatus, resolvedAt: Timestamp?) async throws {
        let updated = try await rows("""
            UPDATE gacha_pulls SET status = \(status.rawValue), resolved_at = \(resolvedAt?.millisecondsSinceEpoch),
                choices = NULL
            WHERE id = \(id.rawValue) RETURNING 1
            """)
        if updated.isEmpty { throw StoreError.notFound(what: "pending pull", key: id.rawValue) }
    }

    public func updatePendingPullChoices(_ id: PullID, choices: PullChoices) async throws {
        let encoded = try PendingPullRecord.encodeChoices(choices)
        let updated = try await rows("UPDATE gacha_pulls SET choices = \(encoded) WHERE id = \(id.rawValue) RETURNING 1")
        if updated.isEmpty { throw StoreError.notFound(what: "pending pull", key: id.rawValue) }
    }

    // MARK: Mapping

    static let pullColumns =
        "id, guild_id, member_id, item_id, price, items, created_at, expires_at, status, resolved_at, choices"

    static func pendingPull(_ row: PostgresRow) throws -> PendingPullRecord {
        let (id, guild, member, item, price, items, created, expires, status, resolved, choices) =
            try row.decode((String, Int64, Int64, String, Int64, String, Int64, Int64, String, Int64?, String?).self)
        return PendingPullRecord(
            id: PullID(id), player: player(guild: guild, member: member), itemID: item, price: price,
            items: try PendingPullRecord.decodeItems(items, pull: id),
            createdAt: Timestamp(millisecondsSinceEpoch: created), expiresAt: Timestamp(millisecondsSinceEpoch: expires),
            status: try PendingPullRecord.decodeStatus(status, pull: id),
            resolvedAt: resolved.map { Timestamp(millisecondsSinceEpoch: $0) },
            choices: try PendingPullRecord.decodeChoices(choices, pull: id))
    }
}

extension PostgresStore: GachaStore {}
