import GRDB
@testable import SQLiteStorage
import StoreConformance

extension SQLiteStore {
    /// Writes `pack_draws` rows as the roll path will (its primitive belongs to the gacha contract).
    func recordPackDrawsForTests(_ draws: [TestPackDraw]) async throws {
        try await write { tx in
            try tx.run { db in
                for draw in draws {
                    try db.execute(
                        sql: "INSERT INTO pack_draws (guild_id, member_id, pack_id, day) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        arguments: [
                            Int64(bitPattern: draw.player.guild.rawValue), Int64(bitPattern: draw.player.member.rawValue),
                            draw.pack.rawValue, draw.day,
                        ])
                }
            }
        }
    }
}
