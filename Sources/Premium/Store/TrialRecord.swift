import Storage

/// A user's one trial, ever. The table is append-only: a second trial for the same user is refused
/// by its primary key, and no primitive updates or deletes a row.
public struct TrialRecord: Hashable, Sendable, Codable {
    public var user: MemberID
    /// `trial` for a local (Discord path) trial, `stripe` for a Stripe trial.
    public var source: EntitlementSource
    /// The Stripe subscription, or the local trial's entitlement id.
    public var sourceID: String
    public var startedAt: Timestamp
    public var endsAt: Timestamp

    public init(user: MemberID, source: EntitlementSource, sourceID: String, startedAt: Timestamp, endsAt: Timestamp) {
        self.user = user
        self.source = source
        self.sourceID = sourceID
        self.startedAt = startedAt
        self.endsAt = endsAt
    }
}
