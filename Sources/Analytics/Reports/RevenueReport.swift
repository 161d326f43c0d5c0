import Storage

/// MRR, ARR, ARPU, trial → paid, customer churn and LTV. Money is in the currency's minor unit
/// (cents), as Stripe gives it; MRR may carry fractions of a cent (yearly ÷ 12).
public struct RevenueReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    /// MRR at the end of the report.
    public var mrr: Double
    public var arr: Double { mrr * 12 }
    /// Customers with a subscription active and not in trial at the end of the report.
    public var payingCustomers: Int64
    /// MRR ÷ paying customers; nil with no paying customer.
    public var arpu: Double?
    /// MRR at the end of each bucket (day or week) of the window, oldest first.
    public var mrrSeries: [MRRPoint]
    /// Revenue attributed to each guild, largest first.
    public var guilds: [GuildRevenue]
    /// Trials started in the window that converted within 30 days, over trials started.
    public var trialToPaid: Ratio
    /// Customer churn per month: customers lost in the 30 days up to the end ÷ customers at their start.
    public var monthlyChurn: Ratio
    /// ARPU ÷ monthly churn; nil ("n/a") when churn is 0 or unknown.
    public var ltv: Double?

    public init(
        header: ReportHeader, mrr: Double, payingCustomers: Int64, arpu: Double?, mrrSeries: [MRRPoint], guilds: [GuildRevenue],
        trialToPaid: Ratio, monthlyChurn: Ratio, ltv: Double?
    ) {
        self.header = header
        self.mrr = mrr
        self.payingCustomers = payingCustomers
        self.arpu = arpu
        self.mrrSeries = mrrSeries
        self.guilds = guilds
        self.trialToPaid = trialToPaid
        self.monthlyChurn = monthlyChurn
        self.ltv = ltv
    }
}

public struct MRRPoint: Hashable, Sendable, Codable {
    public var day: Int64
    public var mrr: Double
    public init(day: Int64, mrr: Double) {
        self.day = day
        self.mrr = mrr
    }
}

public struct GuildRevenue: Hashable, Sendable, Codable {
    public var guild: GuildID
    /// MRR of the subscriptions attributed to the guild at the end of the report.
    public var mrr: Double
    public var payingCustomers: Int64
    /// The guild's MRR ÷ its paying customers.
    public var arpu: Double?
    /// Money received in the window (conversions and renewals), minor units.
    public var revenue: Int64

    public init(guild: GuildID, mrr: Double, payingCustomers: Int64, arpu: Double?, revenue: Int64) {
        self.guild = guild
        self.mrr = mrr
        self.payingCustomers = payingCustomers
        self.arpu = arpu
        self.revenue = revenue
    }
}
