import Gacha
import GRDB
import Storage

/// The gacha area's record of pack draws (`pack_draws`, shared with the packs area, which counts
/// trending and most-used packs from it).
extension SQLiteTransaction {
    public func recordPackDraws(_ player: PlayerID, packIDs: Set<String>, day: Int64) async throws {
        guard !packIDs.isEmpty else { return }
        try run { db in
            // Sorted: the same rows in the same order whatever the set's order.
            for packID in packIDs.sorted() {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO pack_draws (guild_id, member_id, pack_id, day) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """)
                    .execute(arguments: Self.key(player) + [packID, day])
            }
        }
    }

    public func packDraws(_ player: PlayerID) async throws -> [PackDrawRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT pack_id, day FROM pack_draws WHERE guild_id = ? AND member_id = ? ORDER BY day, pack_id
                    """),
                arguments: Self.key(player)
            ).map { row in PackDrawRecord(player: player, packID: row["pack_id"], day: row["day"]) }
        }
    }
}
