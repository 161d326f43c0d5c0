/// One retention figure: of `eligible` members (those whose day N is not after the end of the
/// report), `retained` were active on or after day N.
public struct RetentionBar: Sendable, Hashable {
    public var label: String
    public var retained: Int
    public var eligible: Int

    public init(label: String, retained: Int, eligible: Int) {
        self.label = label
        self.retained = retained
        self.eligible = eligible
    }

    /// nil when no member is eligible yet.
    public var rate: Double? { eligible > 0 ? Double(retained) / Double(eligible) : nil }
}

/// D1/D7/D30 retention as bars on a fixed 0–100% scale, so charts of different periods compare
/// at a glance. A figure with no eligible member is drawn empty and labelled "n/a".
public struct RetentionChart: SVGChart {
    public var title: String
    public var subtitle: String?
    public var bars: [RetentionBar]
    public var size: ChartSize
    public var name: String { "retention" }

    public init(title: String, subtitle: String? = nil, bars: [RetentionBar], size: ChartSize = .discord) {
        self.title = title
        self.subtitle = subtitle
        self.bars = bars
        self.size = size
    }

    public func svg() -> String {
        var canvas = SVGCanvas(size: size)
        let layout = ChartLayout(size: size)
        layout.frame(&canvas, title: title, subtitle: subtitle)
        guard !bars.isEmpty else {
            layout.empty(&canvas)
            return canvas.document(title: title)
        }
        layout.grid(&canvas, minimum: 0, maximum: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: .percent)
        for (index, bar) in bars.enumerated() {
            let slot = layout.slot(index, of: bars.count)
            let rate = bar.rate ?? 0
            let top = layout.y(rate, minimum: 0, maximum: 1)
            canvas.rect(
                x: slot.center - slot.barWidth / 2, y: top, width: slot.barWidth, height: layout.plotBottom - top,
                fill: ChartPalette.primary, cssClass: "bar", label: bar.label, value: rate)
            let figure = bar.rate.map { ChartValueFormat.percent.string($0) } ?? "n/a"
            canvas.text(
                "\(figure) (\(ChartValueFormat.grouped(Int64(bar.retained)))/\(ChartValueFormat.grouped(Int64(bar.eligible))))",
                x: slot.center, y: top - 6, size: 12, bold: true)
            canvas.text(XMLText.shortened(bar.label, to: 18), x: slot.center, y: layout.plotBottom + 20, size: 12)
        }
        canvas.line(x1: layout.left, y1: layout.plotBottom, x2: layout.left + layout.plotWidth, y2: layout.plotBottom, stroke: ChartPalette.axis)
        return canvas.document(title: title)
    }
}
