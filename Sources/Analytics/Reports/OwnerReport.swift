import Storage

/// Every report for one scope and period together: what `/owner` and `gachabot owner report` show.
public struct OwnerReport: Hashable, Sendable, Codable {
    public var funnel: FunnelReport
    public var retention: RetentionReport
    public var revenue: RevenueReport
    public var economy: EconomyReport
    public var ai: AIReport
    public var churn: ChurnReport

    public init(
        funnel: FunnelReport, retention: RetentionReport, revenue: RevenueReport, economy: EconomyReport, ai: AIReport, churn: ChurnReport
    ) {
        self.funnel = funnel
        self.retention = retention
        self.revenue = revenue
        self.economy = economy
        self.ai = ai
        self.churn = churn
    }
}
