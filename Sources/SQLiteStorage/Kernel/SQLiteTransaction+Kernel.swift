import Foundation
import GRDB
import Storage

/// The kernel's primitives: players, the points ledger, idempotency records, the analytics outbox.
extension SQLiteTransaction: StoreTransaction {
    // MARK: Players

    public func player(_ player: PlayerID) async throws -> PlayerRecord? {
        try run { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT first_seen FROM players WHERE guild_id = ? AND member_id = ?"),
                arguments: Self.key(player)
            ).map { PlayerRecord(player: player, firstSeen: Timestamp(millisecondsSinceEpoch: $0)) }
        }
    }

    /// Write transactions already run one at a time.
    public func lockPlayer(_ player: PlayerID) async throws {}

    @discardableResult
    public func ensurePlayer(_ player: PlayerID, at time: Timestamp) async throws -> Bool {
        try run { db in
            let at = time.millisecondsSinceEpoch
            try db.cachedStatement(sql: "INSERT INTO players (guild_id, member_id, first_seen) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: Self.key(player) + [at])
            guard db.changesCount > 0 else { return false }
            try db.cachedStatement(sql: "INSERT INTO guilds (guild_id, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [Int64(bitPattern: player.guild.rawValue), at])
            try db.cachedStatement(sql: "INSERT INTO users (user_id, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [Int64(bitPattern: player.member.rawValue), at])
            return true
        }
    }

    // MARK: Points ledger

    public func balance(_ player: PlayerID) async throws -> Int64 {
        try run { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT balance FROM players WHERE guild_id = ? AND member_id = ?"),
                arguments: Self.key(player)) ?? 0
        }
    }

    @discardableResult
    public func appendLedgerEntry(_ entry: LedgerEntry) async throws -> LedgerEntry {
        try entry.validate()
        return try run { db in
            // One statement moves the balance, and only if it stays at zero or above: no read
            // between the check and the write for another writer to slip into.
            let after = try Int64.fetchOne(
                db.cachedStatement(sql: """
                    UPDATE players SET balance = balance + ?1
                    WHERE guild_id = ?2 AND member_id = ?3 AND balance + ?1 >= 0
                    RETURNING balance
                    """),
                arguments: [entry.amount] + Self.key(entry.player))
            guard let after else {
                guard let current = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT balance FROM players WHERE guild_id = ? AND member_id = ?"),
                    arguments: Self.key(entry.player))
                else { throw StoreError.notFound(what: "player", key: entry.player.description) }
                throw StoreError.insufficientBalance(player: entry.player, balance: current, amount: entry.amount)
            }
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO ledger (guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                    .execute(arguments: Self.key(entry.player) + [
                        entry.amount, entry.reason.rawValue, entry.idempotencyKey, after, entry.at.millisecondsSinceEpoch,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(what: "ledger entry", key: entry.idempotencyKey)
            }
            var stored = entry
            stored.id = db.lastInsertedRowID
            stored.balanceAfter = after
            return stored
        }
    }

    public func recentLedgerEntries(_ player: PlayerID, limit: Int) async throws -> [LedgerEntry] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM ledger WHERE guild_id = ? AND member_id = ? ORDER BY id DESC LIMIT ?"),
                arguments: Self.key(player) + [limit]
            ).map(Self.ledgerEntry)
        }
    }

    public func ledgerEntry(_ player: PlayerID, idempotencyKey: String) async throws -> LedgerEntry? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM ledger WHERE guild_id = ? AND member_id = ? AND idempotency_key = ?"),
                arguments: Self.key(player) + [idempotencyKey]
            ).map(Self.ledgerEntry)
        }
    }

    public func ledgerDiscrepancies() async throws -> [LedgerDiscrepancy] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT p.guild_id, p.member_id, p.balance, COALESCE(SUM(l.amount), 0) AS total
                    FROM players p LEFT JOIN ledger l ON l.guild_id = p.guild_id AND l.member_id = p.member_id
                    GROUP BY p.guild_id, p.member_id, p.balance
                    HAVING p.balance <> COALESCE(SUM(l.amount), 0) OR p.balance < 0
                    """)
            ).map { row in
                LedgerDiscrepancy(player: Self.player(row), balance: row["balance"], sumOfEntries: row["total"])
            }
        }
    }

    // MARK: Idempotency

    public func idempotencyRecord(_ player: PlayerID, key: String) async throws -> IdempotencyRecord? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM idempotency_records WHERE guild_id = ? AND member_id = ? AND key = ?"),
                arguments: Self.key(player) + [key]
            ).map { row in
                IdempotencyRecord(
                    player: player, key: row["key"], operation: row["operation"], result: row["result"],
                    createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]))
            }
        }
    }

    public func insertIdempotencyRecord(_ record: IdempotencyRecord) async throws {
        try run { db in
            do {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO idempotency_records (guild_id, member_id, key, operation, result, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                    .execute(arguments: Self.key(record.player) + [
                        record.key, record.operation, record.result, record.createdAt.millisecondsSinceEpoch,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                throw StoreError.duplicate(what: "idempotency record", key: record.key)
            }
        }
    }

    // MARK: Analytics outbox

    @discardableResult
    public func appendAnalyticsEvent(_ event: AnalyticsEvent) async throws -> AnalyticsEvent {
        try run { db in
            try db.cachedStatement(
                sql: "INSERT INTO analytics_events (name, guild_id, member_id, at, properties) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [event.name.rawValue] + Self.key(event.player) + [
                    event.at.millisecondsSinceEpoch, StringMapJSON.encode(event.properties),
                ])
            var stored = event
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// SQLite statements cost no round trip: one cached insert per event.
    public func appendAnalyticsEvents(_ events: [AnalyticsEvent]) async throws {
        for event in events { try await appendAnalyticsEvent(event) }
    }

    public func analyticsEvents(player: PlayerID?, name: EventName?, limit: Int) async throws -> [AnalyticsEvent] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let player {
            clauses.append("guild_id = ? AND member_id = ?")
            arguments += Self.key(player)
        }
        if let name {
            clauses.append("name = ?")
            arguments += [name.rawValue]
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [limit]
        return try run { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analytics_events \(filter) ORDER BY id LIMIT ?", arguments: arguments)
                .map { row in
                    AnalyticsEvent(
                        id: row["id"], name: EventName(rawValue: row["name"]), player: Self.player(row),
                        at: Timestamp(millisecondsSinceEpoch: row["at"]),
                        properties: try StringMapJSON.decode(row["properties"]))
                }
        }
    }

    static func ledgerEntry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            id: row["id"], player: player(row), amount: row["amount"], reason: LedgerReason(rawValue: row["reason"]),
            idempotencyKey: row["idempotency_key"], at: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            balanceAfter: row["balance_after"])
    }
}
