import Foundation

/// Numbers as the SVG prints them: two decimals, never "-0.00", never NaN, so one set of values
/// always gives the same bytes (tests and caches compare documents).
enum SVGNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0.00" }
        let rounded = (value * 100).rounded() / 100
        return String(format: "%.2f", rounded == 0 ? 0 : rounded)
    }
}
