import Foundation
import Storage

/// CSV for `gachabot analytics export` and `/owner export` (RFC 4180: CRLF line ends, a field
/// with a comma, quote, CR or LF is quoted and its quotes doubled). Raw events carry their
/// properties as one JSON object in the last column; the header row names the columns.
public enum AnalyticsCSV {
    /// At most this many data rows per export; a larger export says it was cut (docs/analytics.md).
    public static let rowCap = 100_000

    public static let eventColumns = ["id", "name", "guild_id", "member_id", "at_ms", "at_utc", "properties"]
    public static let rollupColumns = ["guild_id", "day", "date_utc", "metric", "key", "value"]

    public static func events(_ events: [AnalyticsEvent]) -> String {
        var out = line(eventColumns)
        for e in events {
            out += line([
                e.id.map(String.init) ?? "", e.name.rawValue, String(e.player.guild.rawValue), String(e.player.member.rawValue),
                String(e.at.millisecondsSinceEpoch), iso(e.at), StringMapJSON.encode(e.properties),
            ])
        }
        return out
    }

    public static func rollups(_ rollups: [AnalyticsRollup]) -> String {
        var out = line(rollupColumns)
        for r in rollups {
            out += line([String(r.guild.rawValue), String(r.day), ReportFormat.date(day: r.day), r.metric.rawValue, r.key, String(r.value)])
        }
        return out
    }

    /// "2026-12-03T18:04:05.123Z".
    public static func iso(_ t: Timestamp) -> String {
        let ms = t.millisecondsSinceEpoch
        let day = t.utcDay
        let inDay = ms - day * 86_400_000
        return String(
            format: "%@T%02lld:%02lld:%02lld.%03lldZ", ReportFormat.date(day: day), inDay / 3_600_000, inDay / 60_000 % 60, inDay / 1000 % 60,
            inDay % 1000)
    }

    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// Reads RFC 4180 text back into rows of fields (for round trips and tools).
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw CSVError.strayQuote(row: rows.count + 1) }
                quoted = true
            case ",":
                row.append(field)
                field = ""
                afterQuote = false
            case "\r":
                guard chars.first == "\n" else { throw CSVError.bareCarriageReturn(row: rows.count + 1) }
                chars = chars.dropFirst()
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                afterQuote = false
            default:
                if afterQuote { throw CSVError.strayQuote(row: rows.count + 1) }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw CSVError.unterminatedQuote }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    public enum CSVError: Error, Equatable, CustomStringConvertible {
        case strayQuote(row: Int)
        case bareCarriageReturn(row: Int)
        case unterminatedQuote

        public var description: String {
            switch self {
            case .strayQuote(let row): "CSV row \(row): a quote inside an unquoted field"
            case .bareCarriageReturn(let row): "CSV row \(row): a carriage return without a line feed"
            case .unterminatedQuote: "CSV: a quoted field never ends"
            }
        }
    }
}
