import Storage

/// How far back a report looks from its `now`: 7, 30 or 90 days, or everything.
public enum ReportPeriod: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case days7 = "7"
    case days30 = "30"
    case days90 = "90"
    case all

    /// Parses `7`, `30`, `90` or `all`; nil for anything else.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    public var days: Int64? {
        switch self {
        case .days7: 7
        case .days30: 30
        case .days90: 90
        case .all: nil
        }
    }

    public var description: String { self == .all ? "all time" : "\(rawValue) days" }

    /// The report's window ending at `now`: the last `days` UTC days including today's, or all.
    public func window(now: Timestamp) -> ReportWindow {
        let endDay = now.utcDay
        guard let days else { return ReportWindow(firstDay: nil, lastDay: endDay, end: now) }
        return ReportWindow(firstDay: endDay - days + 1, lastDay: endDay, end: now)
    }
}

/// The days a report covers, in `Timestamp.utcDay` numbers. `firstDay` nil means from the start.
public struct ReportWindow: Hashable, Sendable, Codable {
    public var firstDay: Int64?
    public var lastDay: Int64
    /// The end of the report (its `now`): censoring and "active" states are judged here.
    public var end: Timestamp

    public init(firstDay: Int64?, lastDay: Int64, end: Timestamp) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.end = end
    }

    public func contains(day: Int64) -> Bool { day <= lastDay && (firstDay.map { day >= $0 } ?? true) }
}

/// Rows per day, or per week starting on Monday (UTC).
public enum Granularity: String, Hashable, Sendable, Codable, CaseIterable {
    case day
    case week

    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The first day of the bucket holding `day`: the day itself, or its week's Monday.
    public func bucket(of day: Int64) -> Int64 {
        switch self {
        case .day: return day
        case .week:
            // 1970-01-01 (day 0) was a Thursday: Monday is 3 days earlier.
            let shifted = day + 3
            let (q, r) = shifted.quotientAndRemainder(dividingBy: 7)
            return (r < 0 ? q - 1 : q) * 7 - 3
        }
    }
}
