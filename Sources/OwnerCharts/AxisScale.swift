/// A "nice" axis for values up to some maximum: a top and a tick step of 1, 2 or 5 times a power
/// of ten, so the grid reads 0, 250, 500, … rather than 0, 237.5, ….
struct AxisScale: Equatable {
    let maximum: Double
    let step: Double

    /// At most `ticks` steps above zero, with `maximum` at or above `largest`; steps never below
    /// `minimumStep` (1 for counts, so a small funnel's grid reads 0, 1, 2 rather than 0, 0, 1).
    init(upTo largest: Double, ticks: Int = 4, minimumStep: Double = 0) {
        guard largest.isFinite, largest > 0 else {
            maximum = max(1, minimumStep)
            step = max(0.25, minimumStep)
            return
        }
        let rough = max(largest / Double(ticks), minimumStep)
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let nice = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        step = nice
        maximum = (largest / nice).rounded(.up) * nice
    }

    var ticks: [Double] {
        var values: [Double] = []
        var value = 0.0
        while value <= maximum + step / 1000 {
            values.append(value)
            value += step
        }
        return values
    }
}
