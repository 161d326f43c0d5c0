/// How a chart prints the values it draws. Fixed formats with ASCII digits and a comma for
/// thousands, independent of the machine's locale.
public enum ChartValueFormat: Sendable, Hashable {
    /// 12,345
    case integer
    /// A fraction shown as 42.5%
    case percent
    /// An amount in minor units (cents) shown as $12.34 with the given symbol.
    case money(symbol: String)

    public func string(_ value: Double) -> String {
        switch self {
        case .integer:
            return Self.grouped(Int64(value.rounded()))
        case .percent:
            return Self.decimal(value * 100, places: 1) + "%"
        case .money(let symbol):
            let cents = Int64(value.rounded())
            let sign = cents < 0 ? "-" : ""
            let magnitude = cents.magnitude
            let fraction = magnitude % 100
            return sign + symbol + Self.grouped(Int64(magnitude / 100)) + "." + (fraction < 10 ? "0" : "") + String(fraction)
        }
    }

    /// 1234567 → "1,234,567"
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `value` with exactly `places` decimals, rounded half away from zero.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((value.magnitude * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = scaled % Int64(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - fractionText.count) + fractionText
    }
}
