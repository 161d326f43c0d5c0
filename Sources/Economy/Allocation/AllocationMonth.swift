import Storage

/// A calendar month in UTC, `YYYY-MM`: the allocation's period.
public struct AllocationMonth: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Parses `YYYY-MM` (2000-01 to 9999-12); throws a message naming what is wrong.
    public init(_ text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (2000...9999).contains(year), (1...12).contains(month)
        else { throw EconomyError.invalidMonth(text) }
        self.year = year
        self.month = month
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// The first UTC day of the month, in days since the epoch.
    public var firstDay: Int64 { Self.daysFromCivil(year: year, month: month) }
    /// The first UTC day of the next month.
    public var endDay: Int64 { month == 12 ? Self.daysFromCivil(year: year + 1, month: 1) : Self.daysFromCivil(year: year, month: month + 1) }
    public var start: Timestamp { Timestamp.startOfUTCDay(firstDay) }
    public var end: Timestamp { Timestamp.startOfUTCDay(endDay) }

    /// Days since 1970-01-01 of the first of the month (Howard Hinnant's civil-from-days inverse).
    static func daysFromCivil(year: Int, month: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }
}
