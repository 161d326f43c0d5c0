import Gacha
import PostgresNIO
import Storage

/// The gacha area's record of pack draws (`pack_draws`, shared with the packs area, which counts
/// trending and most-used packs from it).
extension PostgresTransaction {
    /// One INSERT for all packs, the rows travelling as an array.
    public func recordPackDraws(_ player: PlayerID, packIDs: Set<String>, day: Int64) async throws {
        guard !packIDs.isEmpty else { return }
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        // Sorted: concurrent inserts for one member take the key locks in one order.
        let packs = packIDs.sorted()
        try await rows("""
            INSERT INTO pack_draws (guild_id, member_id, pack_id, day)
            SELECT \(guild), \(member), pack, \(day) FROM UNNEST(\(packs)::TEXT[]) AS pack
            ON CONFLICT DO NOTHING
            """)
    }

    public func packDraws(_ player: PlayerID) async throws -> [PackDrawRecord] {
        let (guild, member) = (Self.id(player.guild.rawValue), Self.id(player.member.rawValue))
        return try await rows("""
            SELECT pack_id, day FROM pack_draws WHERE guild_id = \(guild) AND member_id = \(member) ORDER BY day, pack_id
            """).map { row in
            let (pack, day) = try row.decode((String, Int64).self)
            return PackDrawRecord(player: player, packID: pack, day: day)
        }
    }
}
