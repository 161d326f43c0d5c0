import Foundation
import Packs
import PostgresNIO
import Storage

/// The packs contract's creator primitives: the verified badge for views, and the row a capped
/// publish writes (its upsert makes two publishes of one creator at once conflict under
/// REPEATABLE READ, so one re-runs on the other's count).
extension PostgresTransaction {
    public func verifiedCreators(among creators: [MemberID]) async throws -> Set<MemberID> {
        let ids = Array(Set(creators.map { Self.id($0.rawValue) }))
        guard !ids.isEmpty else { return [] }
        return Set(
            try await rows("SELECT user_id FROM economy_verified_creators WHERE user_id = ANY(\(ids)::BIGINT[])")
                .map { MemberID(UInt64(bitPattern: try $0.decode(Int64.self))) })
    }

    public func claimPublishing(creator: MemberID, at: Timestamp) async throws {
        try await rows("""
            INSERT INTO creator_publish_claims (user_id, at) VALUES (\(Self.id(creator.rawValue)), \(at.millisecondsSinceEpoch))
            ON CONFLICT (user_id) DO UPDATE SET at = excluded.at
            """)
    }
}
