import Analytics
import DiscordModels

/// The options every `/owner` subcommand takes: `period` (7, 30, 90 or all; 30 when left out)
/// and `granularity` (day or week; day when left out). Discord offers only the listed choices;
/// anything else (a hand-made request) is refused, naming the option.
struct OwnerReportOptions: Equatable {
    var period: ReportPeriod
    var granularity: Granularity

    static let defaults = OwnerReportOptions(period: .days30, granularity: .day)

    init(period: ReportPeriod, granularity: Granularity) {
        self.period = period
        self.granularity = granularity
    }

    init(_ data: ApplicationCommandData?) throws(UserMessageError) {
        var options = Self.defaults
        if case .string(let text)? = data?.option(named: "period")?.value {
            guard let period = ReportPeriod(argument: text) else {
                throw UserMessageError("period must be 7, 30, 90 or all.")
            }
            options.period = period
        }
        if case .string(let text)? = data?.option(named: "granularity")?.value {
            guard let granularity = Granularity(argument: text) else {
                throw UserMessageError("granularity must be day or week.")
            }
            options.granularity = granularity
        }
        self = options
    }

    /// "last 30 days, by day"
    var summary: String {
        "\(period == .all ? "all time" : "last \(period.rawValue) days"), by \(granularity.rawValue)"
    }
}
