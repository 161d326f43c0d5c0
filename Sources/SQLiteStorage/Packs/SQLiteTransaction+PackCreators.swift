import Foundation
import GRDB
import Packs
import Storage

/// The packs contract's creator primitives: the verified badge for views, and the row a capped
/// publish writes.
extension SQLiteTransaction {
    public func verifiedCreators(among creators: [MemberID]) async throws -> Set<MemberID> {
        let ids = Array(Set(creators.map { Int64(bitPattern: $0.rawValue) }))
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try run { db in
            Set(
                try Int64.fetchAll(db, sql: "SELECT user_id FROM economy_verified_creators WHERE user_id IN (\(marks))", arguments: StatementArguments(ids))
                    .map { MemberID(UInt64(bitPattern: $0)) })
        }
    }

    public func claimPublishing(creator: MemberID, at: Timestamp) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                INSERT INTO creator_publish_claims (user_id, at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET at = excluded.at
                """).execute(arguments: [Int64(bitPattern: creator.rawValue), at.millisecondsSinceEpoch])
        }
    }
}
