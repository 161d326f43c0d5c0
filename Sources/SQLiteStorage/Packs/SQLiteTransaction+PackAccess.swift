import GRDB
import Packs
import Storage

/// Pack access: modes and points subscriptions.
extension SQLiteTransaction: PackAccessTransaction {
    public func packAccess(_ pack: PackID) async throws -> PackAccess {
        try run { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT mode, price FROM pack_access WHERE pack_id = ?"), arguments: [pack.rawValue])
            else { return .free }
            return try PackAccess.decode(mode: row["mode"], points: row["price"], what: "pack \(pack)")
        }
    }

    public func restrictedPacks(among packs: [PackID]) async throws -> [PackID: PackAccess] {
        guard !packs.isEmpty else { return [:] }
        return try run { db in
            var found: [PackID: PackAccess] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT pack_id, mode, price FROM pack_access WHERE pack_id IN (SELECT value FROM json_each(?))"),
                arguments: [Self.jsonList(packs)])
            {
                let id = PackID(rawValue: row["pack_id"])
                found[id] = try PackAccess.decode(mode: row["mode"], points: row["price"], what: "pack \(id)")
            }
            return found
        }
    }

    public func drawAccess(_ player: PlayerID, packs: [PackID]) async throws -> [PackDrawAccess] {
        guard !packs.isEmpty else { return [] }
        return try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.id, p.name, p.creator_id, p.status, a.mode, a.price,
                        s.status AS s_status, s.price AS s_price, s.period, s.period_start, s.period_end, s.lapse_noticed,
                        s.created_at AS s_created_at, s.updated_at AS s_updated_at
                    FROM packs p
                    LEFT JOIN pack_access a ON a.pack_id = p.id
                    LEFT JOIN pack_subscriptions s ON s.pack_id = p.id AND s.guild_id = ? AND s.member_id = ?
                    WHERE p.id IN (SELECT value FROM json_each(?))
                    ORDER BY p.id
                    """),
                arguments: Self.key(player) + [Self.jsonList(packs)]
            ).map { row in
                let id = PackID(rawValue: row["id"])
                let mode: String? = row["mode"]
                let creator: Int64 = row["creator_id"]
                let status: String? = row["s_status"]
                return PackDrawAccess(
                    pack: id, packName: row["name"], creator: MemberID(UInt64(bitPattern: creator)),
                    status: try PackRecordCoding.decode(PackStatus.self, row["status"], what: "pack \(id)"),
                    access: try mode.map { try PackAccess.decode(mode: $0, points: row["price"], what: "pack \(id)") } ?? .free,
                    subscription: try status.map { _ in try Self.subscription(row, player: player, pack: id, prefix: "s_") })
            }
        }
    }

    public func subscription(_ player: PlayerID, pack: PackID) async throws -> PackSubscription? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM pack_subscriptions WHERE guild_id = ? AND member_id = ? AND pack_id = ?"),
                arguments: Self.key(player) + [pack.rawValue]
            ).map { try Self.subscription($0, player: player, pack: pack, prefix: "") }
        }
    }

    public func subscriptions(_ player: PlayerID) async throws -> [PackSubscription] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM pack_subscriptions WHERE guild_id = ? AND member_id = ? ORDER BY period_end DESC, pack_id
                    """),
                arguments: Self.key(player)
            ).map { try Self.subscription($0, player: player, pack: PackID(rawValue: $0["pack_id"]), prefix: "") }
        }
    }

    public func dueSubscriptions(asOf time: Timestamp, limit: Int) async throws -> [PackSubscription] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM pack_subscriptions WHERE status = 'active' AND period_end <= ?
                    ORDER BY period_end, guild_id, member_id, pack_id LIMIT ?
                    """),
                arguments: [time.millisecondsSinceEpoch, limit]
            ).map { row in
                let guild: Int64 = row["guild_id"]
                let member: Int64 = row["member_id"]
                let player = PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member)))
                return try Self.subscription(row, player: player, pack: PackID(rawValue: row["pack_id"]), prefix: "")
            }
        }
    }

    public func setPackAccess(_ pack: PackID, _ access: PackAccess, at time: Timestamp) async throws {
        try run { db in
            if access == .free {
                try db.cachedStatement(sql: "DELETE FROM pack_access WHERE pack_id = ?").execute(arguments: [pack.rawValue])
            } else {
                try db.cachedStatement(sql: """
                    INSERT INTO pack_access (pack_id, mode, price, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (pack_id) DO UPDATE SET mode = excluded.mode, price = excluded.price, updated_at = excluded.updated_at
                    """).execute(arguments: [pack.rawValue, access.mode, access.points, time.millisecondsSinceEpoch])
            }
            try Self.bumpPools(db, of: pack)
        }
    }

    public func insertSubscription(_ subscription: PackSubscription) async throws {
        try run { db in
            do {
                try db.cachedStatement(sql: """
                    INSERT INTO pack_subscriptions (guild_id, member_id, pack_id, status, price, period, period_start, period_end,
                        lapse_noticed, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: Self.subscriptionArguments(subscription))
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "pack subscription", key: subscription.id)
            }
        }
    }

    public func updateSubscription(_ subscription: PackSubscription) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                UPDATE pack_subscriptions SET status = ?4, price = ?5, period = ?6, period_start = ?7, period_end = ?8,
                    lapse_noticed = ?9, created_at = ?10, updated_at = ?11
                WHERE guild_id = ?1 AND member_id = ?2 AND pack_id = ?3
                """).execute(arguments: Self.subscriptionArguments(subscription))
            if db.changesCount == 0 { throw StoreError.notFound(what: "pack subscription", key: subscription.id) }
        }
    }

    // MARK: Mapping

    static func jsonList(_ packs: [PackID]) -> String {
        PackRecordCoding.encodeTags(packs.map(\.rawValue))
    }

    static func subscriptionArguments(_ s: PackSubscription) -> StatementArguments {
        [
            id(s.player.guild.rawValue), id(s.player.member.rawValue), s.pack.rawValue, s.status.rawValue, s.price, s.period,
            s.periodStart.millisecondsSinceEpoch, s.periodEnd.millisecondsSinceEpoch, s.lapseNoticed,
            s.createdAt.millisecondsSinceEpoch, s.updatedAt.millisecondsSinceEpoch,
        ]
    }

    static func subscription(_ row: Row, player: PlayerID, pack: PackID, prefix: String) throws -> PackSubscription {
        func column(_ name: String) -> String { ["status", "price", "created_at", "updated_at"].contains(name) ? prefix + name : name }
        return PackSubscription(
            player: player, pack: pack,
            status: try PackRecordCoding.decode(PackSubscriptionStatus.self, row[column("status")], what: "pack subscription \(pack)"),
            price: row[column("price")], period: row["period"],
            periodStart: Timestamp(millisecondsSinceEpoch: row["period_start"]),
            periodEnd: Timestamp(millisecondsSinceEpoch: row["period_end"]), lapseNoticed: row["lapse_noticed"],
            createdAt: Timestamp(millisecondsSinceEpoch: row[column("created_at")]),
            updatedAt: Timestamp(millisecondsSinceEpoch: row[column("updated_at")]))
    }
}
