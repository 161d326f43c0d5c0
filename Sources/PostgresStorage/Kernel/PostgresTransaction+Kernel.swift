import PostgresNIO
import Storage

/// The kernel's primitives: players, the points ledger, idempotency records, the analytics outbox.
extension PostgresTransaction: StoreTransaction {
    // MARK: Players

    public func player(_ player: PlayerID) async throws -> PlayerRecord? {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("SELECT first_seen FROM players WHERE guild_id = \(guild) AND member_id = \(member)")
            .first.map { PlayerRecord(player: player, firstSeen: Timestamp(millisecondsSinceEpoch: try $0.decode(Int64.self))) }
    }

    /// Updates the player's row without changing it. The update takes the row's lock, and its new
    /// version makes any transaction for the same player that started before this one commits
    /// fail with 40001 when it reaches the row, so it runs again on fresh data. (A plain
    /// `SELECT … FOR UPDATE` would not: at REPEATABLE READ a row that was only locked, not
    /// updated, by a committed transaction raises no conflict.)
    ///
    /// The balance it returns is remembered: while the lock is held, `balance` needs no statement.
    public func lockPlayer(_ player: PlayerID) async throws {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        let locked = try await rows("""
            UPDATE players SET balance = balance WHERE guild_id = \(guild) AND member_id = \(member) RETURNING balance
            """)
        if let balance = try locked.first?.decode(Int64.self) { state.remember(balance: balance, of: player) }
    }

    @discardableResult
    public func ensurePlayer(_ player: PlayerID, at time: Timestamp) async throws -> Bool {
        let (guild, member, at) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue), time.millisecondsSinceEpoch)
        let created = try await rows("""
            INSERT INTO players (guild_id, member_id, first_seen) VALUES (\(guild), \(member), \(at))
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        guard !created.isEmpty else { return false }
        state.remember(balance: 0, of: player)
        try await rows("INSERT INTO guilds (guild_id, first_seen) VALUES (\(guild), \(at)) ON CONFLICT DO NOTHING")
        try await rows("INSERT INTO users (user_id, first_seen) VALUES (\(member), \(at)) ON CONFLICT DO NOTHING")
        return true
    }

    // MARK: Points ledger

    public func balance(_ player: PlayerID) async throws -> Int64 {
        if let known = state.knownBalance(player) { return known }
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("SELECT balance FROM players WHERE guild_id = \(guild) AND member_id = \(member)")
            .first?.decode(Int64.self) ?? 0
    }

    @discardableResult
    public func appendLedgerEntry(_ entry: LedgerEntry) async throws -> LedgerEntry {
        try entry.validate()
        let (guild, member) = (Self.id(entry.player.guild.rawValue), Self.id(entry.player.member.rawValue))
        // One statement moves the balance, only if it stays at zero or above, and records the entry.
        let inserted = try await rows("""
            WITH moved AS (
                UPDATE players SET balance = balance + \(entry.amount)
                WHERE guild_id = \(guild) AND member_id = \(member) AND balance + \(entry.amount) >= 0
                RETURNING balance
            )
            INSERT INTO ledger (guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at)
            SELECT \(guild), \(member), \(entry.amount), \(entry.reason.rawValue), \(entry.idempotencyKey), balance,
                \(entry.at.millisecondsSinceEpoch)
            FROM moved
            RETURNING id, balance_after
            """)
        guard let (id, after) = try inserted.first?.decode((Int64, Int64).self) else {
            guard let current = try await rows("SELECT balance FROM players WHERE guild_id = \(guild) AND member_id = \(member)")
                .first?.decode(Int64.self)
            else { throw StoreError.notFound(what: "player", key: entry.player.description) }
            throw StoreError.insufficientBalance(player: entry.player, balance: current, amount: entry.amount)
        }
        state.remember(balance: after, of: entry.player)
        var stored = entry
        stored.id = id
        stored.balanceAfter = after
        return stored
    }

    public func recentLedgerEntries(_ player: PlayerID, limit: Int) async throws -> [LedgerEntry] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT \(unescaped: Self.ledgerColumns) FROM ledger WHERE guild_id = \(guild) AND member_id = \(member)
            ORDER BY id DESC LIMIT \(limit)
            """).map(Self.ledgerEntry)
    }

    public func ledgerEntry(_ player: PlayerID, idempotencyKey: String) async throws -> LedgerEntry? {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT \(unescaped: Self.ledgerColumns) FROM ledger
            WHERE guild_id = \(guild) AND member_id = \(member) AND idempotency_key = \(idempotencyKey)
            """).first.map(Self.ledgerEntry)
    }

    public func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy] {
        try await rows("""
            SELECT p.guild_id, p.member_id, p.balance, COALESCE(SUM(l.amount), 0)::BIGINT
            FROM players p LEFT JOIN ledger l ON l.guild_id = p.guild_id AND l.member_id = p.member_id
            GROUP BY p.guild_id, p.member_id, p.balance
            HAVING p.balance <> COALESCE(SUM(l.amount), 0) OR p.balance < 0
            """).map { row in
            let (guild, member, balance, total) = try row.decode((Int64, Int64, Int64, Int64).self)
            return LedgerDiscrepancy(player: Self.player(guild: guild, member: member), balance: balance, sumOfEntries: total)
        }
    }

    // MARK: Idempotency

    public func idempotencyRecord(_ player: PlayerID, key: String) async throws -> IdempotencyRecord? {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT operation, result, created_at FROM idempotency_records
            WHERE guild_id = \(guild) AND member_id = \(member) AND key = \(key)
            """).first.map { row in
            let (operation, result, created) = try row.decode((String, String, Int64).self)
            return IdempotencyRecord(
                player: player, key: key, operation: operation, result: result,
                createdAt: Timestamp(millisecondsSinceEpoch: created))
        }
    }

    public func insertIdempotencyRecord(_ record: IdempotencyRecord) async throws {
        let (guild, member) = (Self.id(record.player.guild.rawValue), Self.id(record.player.member.rawValue))
        try await rows("""
            INSERT INTO idempotency_records (guild_id, member_id, key, operation, result, created_at)
            VALUES (\(guild), \(member), \(record.key), \(record.operation), \(record.result),
                \(record.createdAt.millisecondsSinceEpoch))
            """)
    }

    // MARK: Analytics outbox

    @discardableResult
    public func appendAnalyticsEvent(_ event: AnalyticsEvent) async throws -> AnalyticsEvent {
        let (guild, member) = (Self.id(event.player.guild.rawValue), Self.id(event.player.member.rawValue))
        let inserted = try await rows("""
            INSERT INTO analytics_events (name, guild_id, member_id, at, properties)
            VALUES (\(event.name.rawValue), \(guild), \(member), \(event.at.millisecondsSinceEpoch),
                \(StringMapJSON.encode(event.properties)))
            RETURNING id
            """)
        var stored = event
        stored.id = try inserted.first?.decode(Int64.self)
        return stored
    }

    /// One INSERT for all of them: the events travel as five arrays, unnested in their order.
    public func appendAnalyticsEvents(_ events: [AnalyticsEvent]) async throws {
        guard !events.isEmpty else { return }
        let names = events.map(\.name.rawValue)
        let guilds = events.map { Self.id($0.player.guild.rawValue) }
        let members = events.map { Self.id($0.player.member.rawValue) }
        let times = events.map(\.at.millisecondsSinceEpoch)
        let properties = events.map { StringMapJSON.encode($0.properties) }
        try await rows("""
            INSERT INTO analytics_events (name, guild_id, member_id, at, properties)
            SELECT name, guild_id, member_id, at, properties
            FROM UNNEST(\(names)::TEXT[], \(guilds)::BIGINT[], \(members)::BIGINT[], \(times)::BIGINT[], \(properties)::TEXT[])
                WITH ORDINALITY AS e(name, guild_id, member_id, at, properties, position)
            ORDER BY position
            """)
    }

    public func analyticsEvents(player: PlayerID?, name: EventName?, limit: Int) async throws -> [AnalyticsEvent] {
        // NULL parameters switch a filter off, so one statement serves every combination.
        let guild = player.map { Self.id($0.guild.rawValue) }
        let member = player.map { Self.id($0.member.rawValue) }
        return try await rows("""
            SELECT id, name, guild_id, member_id, at, properties FROM analytics_events
            WHERE (\(guild)::BIGINT IS NULL OR (guild_id = \(guild) AND member_id = \(member)))
                AND (\(name?.rawValue)::TEXT IS NULL OR name = \(name?.rawValue))
            ORDER BY id LIMIT \(limit)
            """).map { row in
            let (id, name, guild, member, at, properties) = try row.decode((Int64, String, Int64, Int64, Int64, String).self)
            return AnalyticsEvent(
                id: id, name: EventName(rawValue: name), player: Self.player(guild: guild, member: member),
                at: Timestamp(millisecondsSinceEpoch: at), properties: try StringMapJSON.decode(properties))
        }
    }

    // MARK: Mapping

    static let ledgerColumns = "id, guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at"

    static func ledgerEntry(_ row: PostgresRow) throws -> LedgerEntry {
        let (id, guild, member, amount, reason, key, after, created) =
            try row.decode((Int64, Int64, Int64, Int64, String, String, Int64, Int64).self)
        return LedgerEntry(
            id: id, player: player(guild: guild, member: member), amount: amount, reason: LedgerReason(rawValue: reason),
            idempotencyKey: key, at: Timestamp(millisecondsSinceEpoch: created), balanceAfter: after)
    }
}
