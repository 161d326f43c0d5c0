import Storage

/// A feature flag: on for `rollout` percent of users (0-100), off for everyone while `killed`.
/// `guardrail` names the metric a rollout is watched by (for example trial to paid conversion).
public struct FeatureFlag: Hashable, Sendable, Codable {
    public var name: String
    public var rollout: Int
    public var killed: Bool
    public var guardrail: String?
    public var updatedAt: Timestamp

    public init(name: String, rollout: Int, killed: Bool = false, guardrail: String? = nil, updatedAt: Timestamp) {
        self.name = name
        self.rollout = rollout
        self.killed = killed
        self.guardrail = guardrail
        self.updatedAt = updatedAt
    }

    /// The checks every store makes before writing a flag; the schema's checks back them up.
    public func validate() throws {
        guard !name.isEmpty, name.count <= 100 else { throw StoreError.constraintViolation("flag name must be 1-100 characters") }
        guard (0...100).contains(rollout) else { throw StoreError.constraintViolation("flag \(name): rollout \(rollout) is not 0-100") }
    }
}
