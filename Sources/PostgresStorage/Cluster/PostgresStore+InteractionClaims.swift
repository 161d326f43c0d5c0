import PostgresNIO
import Storage

/// Two processes claiming one id: the second's insert waits for the first to commit and then does
/// nothing (or, at REPEATABLE READ, fails with 40001 and is re-run, and then does nothing).
extension PostgresStore: InteractionClaimStore {
    public func claimInteraction(_ interactionID: UInt64, at time: Timestamp) async throws -> Bool {
        let id = Int64(bitPattern: interactionID)
        let at = time.millisecondsSinceEpoch
        return try await write { transaction in
            let rows = try await transaction.rows(
                "INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (\(id), \(at)) ON CONFLICT DO NOTHING RETURNING 1")
            return !rows.isEmpty
        }
    }

    @discardableResult
    public func pruneInteractionClaims(before time: Timestamp) async throws -> Int {
        let at = time.millisecondsSinceEpoch
        return try await write { transaction in
            try await transaction.rows("DELETE FROM interaction_claims WHERE claimed_at < \(at) RETURNING 1").count
        }
    }
}
