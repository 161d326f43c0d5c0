import Storage

/// D1/D7/D30 retention by `first_seen` cohort, "on or after", censored at the report's end.
public struct RetentionReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    public var cohorts: [RetentionCohort]
    public var total: RetentionCohort

    public init(header: ReportHeader, cohorts: [RetentionCohort], total: RetentionCohort) {
        self.header = header
        self.cohorts = cohorts
        self.total = total
    }

    /// The days retention is measured at.
    public static let days: [Int64] = [1, 7, 30]
}

public struct RetentionCohort: Hashable, Sendable, Codable {
    public var startDay: Int64
    public var newMembers: Int64
    /// Retained ÷ eligible for day 1, 7 and 30, in that order. Eligible members are those whose
    /// `first_seen + N days` is not after the end of the report.
    public var d1: Ratio
    public var d7: Ratio
    public var d30: Ratio

    public init(startDay: Int64, newMembers: Int64 = 0, d1: Ratio = Ratio(0, of: 0), d7: Ratio = Ratio(0, of: 0), d30: Ratio = Ratio(0, of: 0)) {
        self.startDay = startDay
        self.newMembers = newMembers
        self.d1 = d1
        self.d7 = d7
        self.d30 = d30
    }
}
