/// Interactions claimed once across processes (issue 19): before its handler runs, an interaction's
/// id is claimed in the database, and only the claimant that inserted it handles it, so an
/// interaction replayed to another process after a failover (or to a restarted one resuming an
/// older sequence) is answered once. The primary key decides (decision 0019).
public protocol InteractionClaimStore: Sendable {
    /// True when this call claimed `interactionID`; false when it was claimed before.
    func claimInteraction(_ interactionID: UInt64, at time: Timestamp) async throws -> Bool
    /// Forgets claims made before `time` (an interaction token lives 15 minutes, after which
    /// Discord cannot deliver it to anyone to answer); returns how many.
    @discardableResult
    func pruneInteractionClaims(before time: Timestamp) async throws -> Int
}
