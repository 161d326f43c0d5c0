import Foundation
import GRDB
import Storage

/// The store primitives on one GRDB connection, inside a transaction GRDB opened for us.
/// Fixed statements are `cachedStatement`s: compiled once per connection, not on every call
/// (preparing them, with GRDB's authorizer callback, was 7% of a gacha end-to-end run).
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    // MARK: Members

    func member(_ player: PlayerID) throws -> MemberRecord? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM members WHERE guild_id = ? AND member_id = ?"), arguments: Self.key(player))
        return row.map { row in
            MemberRecord(
                player: player,
                firstSeen: Timestamp(millisecondsSinceEpoch: row["first_seen"]),
                pity: PityCounters(rollsSinceLegendary: row["pity_legendary"], rollsSinceEpicOrBetter: row["pity_epic"]),
                rolls: RollAllowanceState(
                    stored: row["rolls_stored"], asOf: Timestamp(millisecondsSinceEpoch: row["rolls_as_of"]),
                    extra: row["extra_rolls"]),
                streak: DailyStreakState(length: row["streak_length"], lastClaimDay: row["streak_last_day"])
            )
        }
    }

    func insertMember(_ member: MemberRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO members (guild_id, member_id, first_seen, pity_legendary, pity_epic, rolls_stored,
                    rolls_as_of, extra_rolls, streak_length, streak_last_day, balance)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                """)
            .execute(arguments: Self.key(member.player) + Self.state(member)
        )
    }

    func updateMember(_ member: MemberRecord) throws {
        try db.cachedStatement(
            sql: """
                UPDATE members SET first_seen = ?, pity_legendary = ?, pity_epic = ?, rolls_stored = ?,
                    rolls_as_of = ?, extra_rolls = ?, streak_length = ?, streak_last_day = ?
                WHERE guild_id = ? AND member_id = ?
                """)
            .execute(arguments: Self.state(member) + Self.key(member.player)
        )
        if db.changesCount == 0 { throw StoreError.notFound(what: "member", key: member.player.description) }
    }

    // MARK: Points

    func balance(_ player: PlayerID) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT balance FROM members WHERE guild_id = ? AND member_id = ?"), arguments: Self.key(player)) ?? 0
    }

    func appendLedgerEntry(_ entry: LedgerEntry) throws -> LedgerEntry {
        guard let current = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT balance FROM members WHERE guild_id = ? AND member_id = ?"), arguments: Self.key(entry.player))
        else { throw StoreError.notFound(what: "member", key: entry.player.description) }
        let (after, overflow) = current.addingReportingOverflow(entry.amount)
        if overflow || after < 0 {
            throw StoreError.insufficientBalance(player: entry.player, balance: current, amount: entry.amount)
        }
        if try ledgerEntry(entry.player, idempotencyKey: entry.idempotencyKey) != nil {
            throw StoreError.duplicate(what: "ledger entry", key: entry.idempotencyKey)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO ledger_entries (guild_id, member_id, amount, reason, idempotency_key, balance_after, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            .execute(arguments: Self.key(entry.player) + [
                entry.amount, entry.reason.rawValue, entry.idempotencyKey, after, entry.at.millisecondsSinceEpoch,
            ]
        )
        var stored = entry
        stored.id = db.lastInsertedRowID
        stored.balanceAfter = after
        // The CHECK (balance >= 0) constraint backs up the test above.
        try db.cachedStatement(
            sql: "UPDATE members SET balance = ? WHERE guild_id = ? AND member_id = ?")
            .execute(arguments: [after] + Self.key(entry.player))
        return stored
    }

    func recentLedgerEntries(_ player: PlayerID, limit: Int) throws -> [LedgerEntry] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM ledger_entries WHERE guild_id = ? AND member_id = ? ORDER BY id DESC LIMIT ?"),
            arguments: Self.key(player) + [limit]
        ).map(Self.ledgerEntry)
    }

    func ledgerEntry(_ player: PlayerID, idempotencyKey: String) throws -> LedgerEntry? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM ledger_entries WHERE guild_id = ? AND member_id = ? AND idempotency_key = ?"),
            arguments: Self.key(player) + [idempotencyKey]
        ).map(Self.ledgerEntry)
    }

    func ledgerDiscrepancies() throws -> [LedgerDiscrepancy] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT m.guild_id, m.member_id, m.balance, COALESCE(SUM(l.amount), 0) AS total
                FROM members m LEFT JOIN ledger_entries l ON l.guild_id = m.guild_id AND l.member_id = m.member_id
                GROUP BY m.guild_id, m.member_id
                HAVING m.balance <> COALESCE(SUM(l.amount), 0) OR m.balance < 0
                """)
        ).map { row in
            LedgerDiscrepancy(player: Self.player(row), balance: row["balance"], sumOfEntries: row["total"])
        }
    }

    // MARK: Inventory

    func inventory(_ player: PlayerID) throws -> [InventoryRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM inventory WHERE guild_id = ? AND member_id = ? ORDER BY acquired_at, character_id
                """),
            arguments: Self.key(player)
        ).map(Self.inventoryRecord)
    }

    func inventoryCount(_ player: PlayerID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM inventory WHERE guild_id = ? AND member_id = ?"), arguments: Self.key(player)
        ) ?? 0
    }

    func inventoryRecord(_ player: PlayerID, characterID: String) throws -> InventoryRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM inventory WHERE guild_id = ? AND member_id = ? AND character_id = ?"),
            arguments: Self.key(player) + [characterID]
        ).map(Self.inventoryRecord)
    }

    func insertInventory(_ record: InventoryRecord) throws {
        if try inventoryRecord(record.player, characterID: record.characterID) != nil {
            throw StoreError.duplicate(what: "inventory", key: record.characterID)
        }
        try db.cachedStatement(
            sql: "INSERT INTO inventory (guild_id, member_id, character_id, acquired_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: Self.key(record.player) + [record.characterID, record.acquiredAt.millisecondsSinceEpoch]
        )
    }

    func deleteInventory(_ player: PlayerID, characterID: String) throws -> Bool {
        try db.cachedStatement(
            sql: "DELETE FROM inventory WHERE guild_id = ? AND member_id = ? AND character_id = ?")
            .execute(arguments: Self.key(player) + [characterID])
        return db.changesCount > 0
    }

    // MARK: Pending pulls

    func pendingPull(_ id: PullID) throws -> PendingPullRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM pending_pulls WHERE id = ?"), arguments: [id.rawValue])
            .map(Self.pendingPull)
    }

    func expiredPendingPulls(asOf now: Timestamp, limit: Int) throws -> [PendingPullRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM pending_pulls WHERE status = 'pending' AND expires_at <= ?
                ORDER BY expires_at, id LIMIT ?
                """),
            arguments: [now.millisecondsSinceEpoch, limit]
        ).map(Self.pendingPull)
    }

    func openPendingPulls(_ player: PlayerID) throws -> [PendingPullRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM pending_pulls WHERE guild_id = ? AND member_id = ? AND status = 'pending'
                ORDER BY created_at, id
                """),
            arguments: Self.key(player)
        ).map(Self.pendingPull)
    }

    func insertPendingPull(_ pull: PendingPullRecord) throws {
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM pending_pulls WHERE id = ?"), arguments: [pull.id.rawValue]) != nil {
            throw StoreError.duplicate(what: "pending pull", key: pull.id.rawValue)
        }
        let items = try String(decoding: Self.encoder.encode(pull.items), as: UTF8.self)
        try db.cachedStatement(
            sql: """
                INSERT INTO pending_pulls (id, guild_id, member_id, item_id, price, items, created_at, expires_at,
                    status, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            .execute(arguments: [pull.id.rawValue] + Self.key(pull.player) + [
                pull.itemID, pull.price, items, pull.createdAt.millisecondsSinceEpoch,
                pull.expiresAt.millisecondsSinceEpoch, pull.status.rawValue, pull.resolvedAt?.millisecondsSinceEpoch,
            ]
        )
    }

    func updatePendingPullStatus(_ id: PullID, status: PullStatus, resolvedAt: Timestamp?) throws {
        try db.cachedStatement(
            sql: "UPDATE pending_pulls SET status = ?, resolved_at = ? WHERE id = ?")
            .execute(arguments: [status.rawValue, resolvedAt?.millisecondsSinceEpoch, id.rawValue])
        if db.changesCount == 0 { throw StoreError.notFound(what: "pending pull", key: id.rawValue) }
    }

    // MARK: Idempotency

    func idempotencyRecord(_ player: PlayerID, key: String) throws -> IdempotencyRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM idempotency_records WHERE guild_id = ? AND member_id = ? AND key = ?"),
            arguments: Self.key(player) + [key]
        ).map { row in
            IdempotencyRecord(
                player: player, key: row["key"], operation: row["operation"], result: row["result"],
                createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]))
        }
    }

    func insertIdempotencyRecord(_ record: IdempotencyRecord) throws {
        if try idempotencyRecord(record.player, key: record.key) != nil {
            throw StoreError.duplicate(what: "idempotency record", key: record.key)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_records (guild_id, member_id, key, operation, result, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            .execute(arguments: Self.key(record.player) + [
                record.key, record.operation, record.result, record.createdAt.millisecondsSinceEpoch,
            ]
        )
    }

    // MARK: Analytics

    func appendAnalyticsEvent(_ event: AnalyticsEvent) throws -> AnalyticsEvent {
        let properties = StringMapJSON.encode(event.properties)
        try db.cachedStatement(
            sql: "INSERT INTO analytics_events (name, guild_id, member_id, at, properties) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [event.name.rawValue] + Self.key(event.player) + [event.at.millisecondsSinceEpoch, properties]
        )
        var stored = event
        stored.id = db.lastInsertedRowID
        return stored
    }

    func analyticsEvents(player: PlayerID?, name: EventName?, limit: Int) throws -> [AnalyticsEvent] {
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
        return try Row.fetchAll(
            db, sql: "SELECT * FROM analytics_events \(filter) ORDER BY id LIMIT ?", arguments: arguments
        ).map { row in
            let text: String = row["properties"]
            let properties = try Self.decoder.decode([String: String].self, from: Data(text.utf8))
            return AnalyticsEvent(
                id: row["id"], name: EventName(rawValue: row["name"]), player: Self.player(row),
                at: Timestamp(millisecondsSinceEpoch: row["at"]), properties: properties)
        }
    }

    // MARK: Mapping

    /// Discord ids are unsigned 64-bit; SQLite integers are signed 64-bit. The bit pattern is kept.
    static func key(_ player: PlayerID) -> StatementArguments {
        [Int64(bitPattern: player.guild.rawValue), Int64(bitPattern: player.member.rawValue)]
    }

    static func player(_ row: Row) -> PlayerID {
        let guild: Int64 = row["guild_id"]
        let member: Int64 = row["member_id"]
        return PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member)))
    }

    static func state(_ member: MemberRecord) -> StatementArguments {
        [
            member.firstSeen.millisecondsSinceEpoch, member.pity.rollsSinceLegendary, member.pity.rollsSinceEpicOrBetter,
            member.rolls.stored, member.rolls.asOf.millisecondsSinceEpoch, member.rolls.extra, member.streak.length,
            member.streak.lastClaimDay,
        ]
    }

    static func ledgerEntry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            id: row["id"], player: player(row), amount: row["amount"], reason: LedgerReason(rawValue: row["reason"]),
            idempotencyKey: row["idempotency_key"], at: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            balanceAfter: row["balance_after"])
    }

    static func inventoryRecord(_ row: Row) -> InventoryRecord {
        InventoryRecord(
            player: player(row), characterID: row["character_id"],
            acquiredAt: Timestamp(millisecondsSinceEpoch: row["acquired_at"]))
    }

    static func pendingPull(_ row: Row) throws -> PendingPullRecord {
        let id: String = row["id"]
        let itemsText: String = row["items"]
        let statusText: String = row["status"]
        guard let status = PullStatus(rawValue: statusText) else {
            throw StoreError.corruptData("pending pull \(id): unknown status \(statusText)")
        }
        let items: [PulledCharacter]
        do {
            items = try decoder.decode([PulledCharacter].self, from: Data(itemsText.utf8))
        } catch {
            throw StoreError.corruptData("pending pull \(id): items: \(error)")
        }
        let resolved: Int64? = row["resolved_at"]
        return PendingPullRecord(
            id: PullID(id), player: player(row), itemID: row["item_id"], price: row["price"], items: items,
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            expiresAt: Timestamp(millisecondsSinceEpoch: row["expires_at"]), status: status,
            resolvedAt: resolved.map { Timestamp(millisecondsSinceEpoch: $0) })
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder = JSONDecoder()

    /// Maps database failures onto the store contract's errors.
    static func translate(_ error: DatabaseError) -> any Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError.duplicate(what: "row", key: error.message ?? "")
        case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_FOREIGNKEY, .SQLITE_CONSTRAINT_NOTNULL:
            return StoreError.constraintViolation(error.message ?? "\(error)")
        default:
            return error
        }
    }
}
