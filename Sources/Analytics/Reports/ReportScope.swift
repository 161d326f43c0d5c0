import Storage

/// The reports' shared header: which guild (nil: every guild, the operator's view), the period
/// and granularity asked for, and the window they resolve to.
public struct ReportHeader: Hashable, Sendable, Codable {
    public var guild: GuildID?
    public var period: ReportPeriod
    public var granularity: Granularity
    public var window: ReportWindow

    public init(guild: GuildID?, period: ReportPeriod, granularity: Granularity, window: ReportWindow) {
        self.guild = guild
        self.period = period
        self.granularity = granularity
        self.window = window
    }
}

/// A share: `numerator ÷ denominator`, nil when the denominator is 0 (shown as "n/a").
public struct Ratio: Hashable, Sendable, Codable {
    public var numerator: Int64
    public var denominator: Int64

    public init(_ numerator: Int64, of denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// "42.5%" or "n/a".
    public var percentText: String {
        guard let value else { return "n/a" }
        return ReportFormat.percent(value)
    }
}
