import Storage

/// A member's variant in a price experiment, recorded at first exposure. The (experiment, user)
/// key keeps the first assignment: a later or concurrent one changes nothing.
public struct ExperimentAssignment: Hashable, Sendable, Codable {
    public var experiment: String
    public var user: MemberID
    public var variant: String
    public var assignedAt: Timestamp

    public init(experiment: String, user: MemberID, variant: String, assignedAt: Timestamp) {
        self.experiment = experiment
        self.user = user
        self.variant = variant
        self.assignedAt = assignedAt
    }
}
