@testable import PostgresStorage
import StoreConformance

extension PostgresStore {
    /// Writes `pack_draws` rows as the roll path will (its primitive belongs to the gacha contract).
    func recordPackDrawsForTests(_ draws: [TestPackDraw]) async throws {
        try await write { tx in
            _ = try await tx.rows("""
                INSERT INTO pack_draws (guild_id, member_id, pack_id, day)
                SELECT * FROM UNNEST(\(draws.map { Int64(bitPattern: $0.player.guild.rawValue) })::BIGINT[],
                    \(draws.map { Int64(bitPattern: $0.player.member.rawValue) })::BIGINT[], \(draws.map(\.pack.rawValue))::TEXT[],
                    \(draws.map(\.day))::BIGINT[])
                ON CONFLICT DO NOTHING
                """)
        }
    }
}
