/// One step of the funnel: new members, rolled, talked, trial, paid.
public struct FunnelStep: Sendable, Hashable {
    public var label: String
    public var count: Int

    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// The funnel as vertical bars, each labelled with its count and its share of the first step.
/// Bar heights are proportional to the counts, on a scale whose top is the largest count.
public struct FunnelChart: SVGChart {
    public var title: String
    public var subtitle: String?
    public var steps: [FunnelStep]
    public var size: ChartSize
    public var name: String { "funnel" }

    public init(title: String, subtitle: String? = nil, steps: [FunnelStep], size: ChartSize = .discord) {
        self.title = title
        self.subtitle = subtitle
        self.steps = steps
        self.size = size
    }

    /// "56.7%" of the first step; "n/a" when the first step is empty.
    public static func share(_ count: Int, of first: Int) -> String {
        first > 0 ? ChartValueFormat.percent.string(Double(count) / Double(first)) : "n/a"
    }

    public func svg() -> String {
        var canvas = SVGCanvas(size: size)
        let layout = ChartLayout(size: size)
        layout.frame(&canvas, title: title, subtitle: subtitle)
        let largest = steps.map(\.count).max() ?? 0
        guard !steps.isEmpty, largest > 0 else {
            layout.empty(&canvas)
            return canvas.document(title: title)
        }
        let scale = AxisScale(upTo: Double(largest), minimumStep: 1)
        layout.grid(&canvas, minimum: 0, maximum: scale.maximum, ticks: scale.ticks, format: .integer)
        let first = steps[0].count
        for (index, step) in steps.enumerated() {
            let slot = layout.slot(index, of: steps.count)
            let top = layout.y(Double(step.count), minimum: 0, maximum: scale.maximum)
            canvas.rect(
                x: slot.center - slot.barWidth / 2, y: top, width: slot.barWidth, height: layout.plotBottom - top,
                fill: ChartPalette.primary, cssClass: "bar", label: step.label, value: Double(step.count))
            canvas.text(
                "\(ChartValueFormat.integer.string(Double(step.count))) (\(Self.share(step.count, of: first)))",
                x: slot.center, y: top - 6, size: 12, bold: true)
            canvas.text(XMLText.shortened(step.label, to: 18), x: slot.center, y: layout.plotBottom + 20, size: 12)
        }
        canvas.line(x1: layout.left, y1: layout.plotBottom, x2: layout.left + layout.plotWidth, y2: layout.plotBottom, stroke: ChartPalette.axis)
        return canvas.document(title: title)
    }
}
