import Storage

/// New members → first roll → first talk → trial → paid, by `first_seen` cohort (see
/// docs/analytics.md for the exact rules).
public struct FunnelReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    /// One row per cohort (day, or Monday-start week) in the window, oldest first; cohorts with no
    /// new member are left out.
    public var cohorts: [FunnelCohort]
    /// Every cohort of the window together.
    public var total: FunnelCohort

    public init(header: ReportHeader, cohorts: [FunnelCohort], total: FunnelCohort) {
        self.header = header
        self.cohorts = cohorts
        self.total = total
    }
}

public struct FunnelCohort: Hashable, Sendable, Codable {
    /// The cohort's first UTC day (`Timestamp.utcDay`); for the total, the window's first day with a cohort.
    public var startDay: Int64
    public var newMembers: Int64
    public var rolled: Int64
    public var talked: Int64
    public var trial: Int64
    public var paid: Int64

    public init(startDay: Int64, newMembers: Int64 = 0, rolled: Int64 = 0, talked: Int64 = 0, trial: Int64 = 0, paid: Int64 = 0) {
        self.startDay = startDay
        self.newMembers = newMembers
        self.rolled = rolled
        self.talked = talked
        self.trial = trial
        self.paid = paid
    }

    /// Each step's share of new members, in step order: rolled, talked, trial, paid.
    public var shares: [Ratio] { [rolled, talked, trial, paid].map { Ratio($0, of: newMembers) } }
}
