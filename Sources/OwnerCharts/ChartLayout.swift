/// Where the plot sits inside a chart: a title band on top, axis labels on the left, category
/// labels at the bottom.
struct ChartLayout {
    let size: ChartSize
    let left = 80.0
    let right = 24.0
    /// Room for the title, the subtitle and a full bar's value label above it.
    let top = 72.0
    let bottom = 56.0

    var plotWidth: Double { Double(size.width) - left - right }
    var plotHeight: Double { Double(size.height) - top - bottom }
    var plotBottom: Double { top + plotHeight }

    /// The slot of category `index` of `count`, and a bar's width inside it.
    func slot(_ index: Int, of count: Int) -> (center: Double, barWidth: Double) {
        let slotWidth = plotWidth / Double(max(count, 1))
        return (left + slotWidth * (Double(index) + 0.5), min(slotWidth * 0.6, 120))
    }

    /// Draws the title and, when there is nothing to show, says so.
    func frame(_ canvas: inout SVGCanvas, title: String, subtitle: String?) {
        canvas.text(XMLText.shortened(title, to: 80), x: left, y: 26, size: 18, anchor: .start, bold: true)
        if let subtitle { canvas.text(XMLText.shortened(subtitle, to: 110), x: left, y: 44, size: 12, anchor: .start, fill: ChartPalette.muted) }
    }

    func empty(_ canvas: inout SVGCanvas) {
        canvas.text("No data for this period", x: left + plotWidth / 2, y: top + plotHeight / 2, size: 16, fill: ChartPalette.muted)
    }

    /// Horizontal grid lines with their values, for a scale from `minimum` to `maximum`.
    func grid(_ canvas: inout SVGCanvas, minimum: Double, maximum: Double, ticks: [Double], format: ChartValueFormat) {
        for tick in ticks {
            let y = self.y(tick, minimum: minimum, maximum: maximum)
            canvas.line(x1: left, y1: y, x2: left + plotWidth, y2: y, stroke: ChartPalette.grid)
            canvas.text(format.string(tick), x: left - 8, y: y + 4, size: 11, anchor: .end, fill: ChartPalette.muted)
        }
    }

    /// The y coordinate of `value` on a scale from `minimum` (plot bottom) to `maximum` (plot top).
    func y(_ value: Double, minimum: Double, maximum: Double) -> Double {
        let span = maximum - minimum
        guard span > 0 else { return plotBottom }
        return plotBottom - (value - minimum) / span * plotHeight
    }
}
