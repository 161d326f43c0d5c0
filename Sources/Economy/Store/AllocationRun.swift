import Storage

/// A month's allocation, once applied: its report as JSON (`AllocationReport`), so a second run
/// prints exactly what the first decided. At most one per month (the primary key decides).
public struct AllocationRun: Hashable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    public var report: String
    public var at: Timestamp

    public init(month: String, report: String, at: Timestamp) {
        self.month = month
        self.report = report
        self.at = at
    }
}
