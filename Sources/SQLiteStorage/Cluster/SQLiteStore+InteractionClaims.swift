import GRDB
import Storage

/// One indexed insert per interaction, in the writer's group commit.
extension SQLiteStore: InteractionClaimStore {
    public func claimInteraction(_ interactionID: UInt64, at time: Timestamp) async throws -> Bool {
        try await write { transaction in
            try transaction.run { db in
                try db.execute(
                    sql: "INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    arguments: [Int64(bitPattern: interactionID), time.millisecondsSinceEpoch])
                return db.changesCount > 0
            }
        }
    }

    @discardableResult
    public func pruneInteractionClaims(before time: Timestamp) async throws -> Int {
        try await write { transaction in
            try transaction.run { db in
                try db.execute(sql: "DELETE FROM interaction_claims WHERE claimed_at < ?", arguments: [time.millisecondsSinceEpoch])
                return db.changesCount
            }
        }
    }
}
