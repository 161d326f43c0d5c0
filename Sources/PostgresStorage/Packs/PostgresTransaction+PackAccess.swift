import Packs
import PostgresNIO
import Storage

/// Pack access: modes and points subscriptions.
extension PostgresTransaction: PackAccessTransaction {
    public func packAccess(_ pack: PackID) async throws -> PackAccess {
        guard let row = try await rows("SELECT mode, price FROM pack_access WHERE pack_id = \(pack.rawValue)").first else {
            return .free
        }
        let r = row.makeRandomAccess()
        return try PackAccess.decode(mode: try r["mode"].decode(String.self), points: try r["price"].decode(Int64?.self), what: "pack \(pack)")
    }

    public func restrictedPacks(among packs: [PackID]) async throws -> [PackID: PackAccess] {
        guard !packs.isEmpty else { return [:] }
        var found: [PackID: PackAccess] = [:]
        for row in try await rows("SELECT pack_id, mode, price FROM pack_access WHERE pack_id = ANY(\(packs.map(\.rawValue))::TEXT[])") {
            let r = row.makeRandomAccess()
            let id = PackID(rawValue: try r["pack_id"].decode(String.self))
            found[id] = try PackAccess.decode(mode: try r["mode"].decode(String.self), points: try r["price"].decode(Int64?.self), what: "pack \(id)")
        }
        return found
    }

    public func drawAccess(_ player: PlayerID, packs: [PackID]) async throws -> [PackDrawAccess] {
        guard !packs.isEmpty else { return [] }
        return try await rows("""
            SELECT p.id, p.name, p.creator_id, p.status, a.mode, a.price,
                s.status AS s_status, s.price AS s_price, s.period, s.period_start, s.period_end, s.lapse_noticed,
                s.created_at AS s_created_at, s.updated_at AS s_updated_at
            FROM packs p
            LEFT JOIN pack_access a ON a.pack_id = p.id
            LEFT JOIN pack_subscriptions s ON s.pack_id = p.id AND s.guild_id = \(Self.id(player.guild.rawValue))
                AND s.member_id = \(Self.id(player.member.rawValue))
            WHERE p.id = ANY(\(packs.map(\.rawValue))::TEXT[])
            ORDER BY p.id
            """).map { row in
            let r = row.makeRandomAccess()
            let id = PackID(rawValue: try r["id"].decode(String.self))
            let mode = try r["mode"].decode(String?.self)
            let subscribed = try r["s_status"].decode(String?.self) != nil
            return PackDrawAccess(
                pack: id, packName: try r["name"].decode(String.self),
                creator: MemberID(UInt64(bitPattern: try r["creator_id"].decode(Int64.self))),
                status: try PackRecordCoding.decode(PackStatus.self, try r["status"].decode(String.self), what: "pack \(id)"),
                access: try mode.map { try PackAccess.decode(mode: $0, points: try r["price"].decode(Int64?.self), what: "pack \(id)") } ?? .free,
                subscription: subscribed ? try Self.subscription(row, player: player, pack: id, prefix: "s_") : nil)
        }
    }

    public func subscription(_ player: PlayerID, pack: PackID) async throws -> PackSubscription? {
        try await rows("""
            SELECT * FROM pack_subscriptions WHERE guild_id = \(Self.id(player.guild.rawValue))
                AND member_id = \(Self.id(player.member.rawValue)) AND pack_id = \(pack.rawValue)
            """).first.map { try Self.subscription($0, player: player, pack: pack, prefix: "") }
    }

    public func subscriptions(_ player: PlayerID) async throws -> [PackSubscription] {
        try await rows("""
            SELECT * FROM pack_subscriptions WHERE guild_id = \(Self.id(player.guild.rawValue))
                AND member_id = \(Self.id(player.member.rawValue))
            ORDER BY period_end DESC, pack_id
            """).map { row in
            try Self.subscription(row, player: player, pack: PackID(rawValue: try row.makeRandomAccess()["pack_id"].decode(String.self)), prefix: "")
        }
    }

    public func dueSubscriptions(asOf time: Timestamp, limit: Int) async throws -> [PackSubscription] {
        try await rows("""
            SELECT * FROM pack_subscriptions WHERE status = 'active' AND period_end <= \(time.millisecondsSinceEpoch)
            ORDER BY period_end, guild_id, member_id, pack_id LIMIT \(limit)
            """).map { row in
            let r = row.makeRandomAccess()
            let player = Self.player(guild: try r["guild_id"].decode(Int64.self), member: try r["member_id"].decode(Int64.self))
            return try Self.subscription(row, player: player, pack: PackID(rawValue: try r["pack_id"].decode(String.self)), prefix: "")
        }
    }

    public func setPackAccess(_ pack: PackID, _ access: PackAccess, at time: Timestamp) async throws {
        if access == .free {
            try await rows("DELETE FROM pack_access WHERE pack_id = \(pack.rawValue)")
        } else {
            try await rows("""
                INSERT INTO pack_access (pack_id, mode, price, updated_at)
                VALUES (\(pack.rawValue), \(access.mode), \(access.points), \(time.millisecondsSinceEpoch))
                ON CONFLICT (pack_id) DO UPDATE SET mode = excluded.mode, price = excluded.price, updated_at = excluded.updated_at
                """)
        }
        try await bumpPools(of: pack)
    }

    public func insertSubscription(_ s: PackSubscription) async throws {
        do {
            try await rows("""
                INSERT INTO pack_subscriptions (guild_id, member_id, pack_id, status, price, period, period_start, period_end,
                    lapse_noticed, created_at, updated_at)
                VALUES (\(Self.id(s.player.guild.rawValue)), \(Self.id(s.player.member.rawValue)), \(s.pack.rawValue),
                    \(s.status.rawValue), \(s.price), \(Int64(s.period)), \(s.periodStart.millisecondsSinceEpoch),
                    \(s.periodEnd.millisecondsSinceEpoch), \(s.lapseNoticed), \(s.createdAt.millisecondsSinceEpoch),
                    \(s.updatedAt.millisecondsSinceEpoch))
                """)
        } catch StoreError.duplicate {
            throw StoreError.duplicate(what: "pack subscription", key: s.id)
        }
    }

    public func updateSubscription(_ s: PackSubscription) async throws {
        let updated = try await rows("""
            UPDATE pack_subscriptions SET status = \(s.status.rawValue), price = \(s.price), period = \(Int64(s.period)),
                period_start = \(s.periodStart.millisecondsSinceEpoch), period_end = \(s.periodEnd.millisecondsSinceEpoch),
                lapse_noticed = \(s.lapseNoticed), created_at = \(s.createdAt.millisecondsSinceEpoch),
                updated_at = \(s.updatedAt.millisecondsSinceEpoch)
            WHERE guild_id = \(Self.id(s.player.guild.rawValue)) AND member_id = \(Self.id(s.player.member.rawValue))
                AND pack_id = \(s.pack.rawValue)
            RETURNING 1
            """)
        if updated.isEmpty { throw StoreError.notFound(what: "pack subscription", key: s.id) }
    }

    // MARK: Mapping

    static func subscription(_ row: PostgresRow, player: PlayerID, pack: PackID, prefix: String) throws -> PackSubscription {
        let r = row.makeRandomAccess()
        func column(_ name: String) -> String { ["status", "price", "created_at", "updated_at"].contains(name) ? prefix + name : name }
        return PackSubscription(
            player: player, pack: pack,
            status: try PackRecordCoding.decode(
                PackSubscriptionStatus.self, try r[column("status")].decode(String.self), what: "pack subscription \(pack)"),
            price: try r[column("price")].decode(Int64.self), period: Int(try r["period"].decode(Int64.self)),
            periodStart: Timestamp(millisecondsSinceEpoch: try r["period_start"].decode(Int64.self)),
            periodEnd: Timestamp(millisecondsSinceEpoch: try r["period_end"].decode(Int64.self)),
            lapseNoticed: try r["lapse_noticed"].decode(Bool.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try r[column("created_at")].decode(Int64.self)),
            updatedAt: Timestamp(millisecondsSinceEpoch: try r[column("updated_at")].decode(Int64.self)))
    }
}
