import Storage

/// What asking for a trial did.
public enum TrialStart: Hashable, Sendable {
    case started(TrialRecord)
    /// The user had their one trial already (shown, not started again).
    case alreadyUsed(TrialRecord)
}
