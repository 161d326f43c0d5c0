import Storage

/// One audited change of a flag's rollout: who made it (`cli` for an operator, `guardrail` for the
/// daily check) and why, so a rollback the bot made by itself can be explained afterwards.
public struct FlagAuditEntry: Hashable, Sendable, Codable {
    public var name: String
    public var rolloutBefore: Int
    public var rolloutAfter: Int
    public var actor: String
    public var reason: String
    public var at: Timestamp

    public init(name: String, rolloutBefore: Int, rolloutAfter: Int, actor: String, reason: String, at: Timestamp) {
        self.name = name
        self.rolloutBefore = rolloutBefore
        self.rolloutAfter = rolloutAfter
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}
