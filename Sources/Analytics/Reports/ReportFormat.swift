import Foundation

/// How numbers are shown, the same in Discord and the CLI.
public enum ReportFormat {
    /// "42.5%".
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// Minor units as "12.34".
    public static func money(_ minor: Double) -> String { String(format: "%.2f", minor / 100) }

    /// µ$ as "$0.0123".
    public static func micros(_ micros: Double) -> String { String(format: "$%.4f", micros / 1_000_000) }

    /// "2026-12-03".
    public static func date(day: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(day) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    public static func optional(_ value: Double?, _ format: (Double) -> String = { String(format: "%.2f", $0) }) -> String {
        value.map(format) ?? "n/a"
    }
}
