import Storage

/// The reminder DM a trial's member gets 3 days before its end, one per user. `due` rows are
/// claimed (`sending`) before the DM goes out and marked `sent` after, so a crash between the
/// two leaves `sending`, which is never retried: at most one DM per member.
public struct TrialReminder: Hashable, Sendable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case due, sending, sent, failed
    }

    public var user: MemberID
    /// The trial's source id: the local trial's entitlement id or the Stripe subscription.
    public var sourceID: String
    public var endsAt: Timestamp
    public var state: State
    public var updatedAt: Timestamp

    public init(user: MemberID, sourceID: String, endsAt: Timestamp, state: State = .due, updatedAt: Timestamp) {
        self.user = user
        self.sourceID = sourceID
        self.endsAt = endsAt
        self.state = state
        self.updatedAt = updatedAt
    }
}
