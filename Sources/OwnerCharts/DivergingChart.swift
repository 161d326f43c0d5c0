/// One day of the points economy: points minted (sources) and burned (sinks).
public struct DivergingDay: Sendable, Hashable {
    public var label: String
    public var sources: Int64
    public var sinks: Int64

    public init(label: String, sources: Int64, sinks: Int64) {
        self.label = label
        self.sources = sources
        self.sinks = sinks
    }

    public var net: Int64 { sources - sinks }
}

/// Sources against sinks: minted points as green bars above the zero line, burned points as red
/// bars below it, and the net (minted − burned) as a dark line across the days. One symmetric
/// scale, so equal amounts draw equal bars on both sides.
public struct DivergingChart: SVGChart {
    public var title: String
    public var subtitle: String?
    public var days: [DivergingDay]
    public var size: ChartSize
    public var name: String { "economy" }

    public init(title: String, subtitle: String? = nil, days: [DivergingDay], size: ChartSize = .discord) {
        self.title = title
        self.subtitle = subtitle
        self.days = days
        self.size = size
    }

    public func svg() -> String {
        var canvas = SVGCanvas(size: size)
        let layout = ChartLayout(size: size)
        layout.frame(&canvas, title: title, subtitle: subtitle)
        // The net lies between −sinks and sources, so the larger of the two bounds it too.
        let largest = days.map { max($0.sources, $0.sinks, 0) }.max() ?? 0
        guard !days.isEmpty, largest > 0 else {
            layout.empty(&canvas)
            return canvas.document(title: title)
        }
        let scale = AxisScale(upTo: Double(largest), ticks: 2, minimumStep: 1)
        let ticks = scale.ticks.reversed().map { -$0 } + scale.ticks.dropFirst()
        layout.grid(&canvas, minimum: -scale.maximum, maximum: scale.maximum, ticks: ticks, format: .integer)
        let zero = layout.y(0, minimum: -scale.maximum, maximum: scale.maximum)
        var net: [(x: Double, y: Double)] = []
        let labelEvery = max(1, (days.count + LineChart.maximumAxisLabels - 1) / LineChart.maximumAxisLabels)
        for (index, day) in days.enumerated() {
            let slot = layout.slot(index, of: days.count)
            let up = layout.y(Double(day.sources), minimum: -scale.maximum, maximum: scale.maximum)
            let down = layout.y(-Double(day.sinks), minimum: -scale.maximum, maximum: scale.maximum)
            canvas.rect(
                x: slot.center - slot.barWidth / 2, y: up, width: slot.barWidth, height: zero - up, fill: ChartPalette.source,
                cssClass: "bar source", label: day.label, value: Double(day.sources))
            canvas.rect(
                x: slot.center - slot.barWidth / 2, y: zero, width: slot.barWidth, height: down - zero, fill: ChartPalette.sink,
                cssClass: "bar sink", label: day.label, value: Double(day.sinks))
            net.append((slot.center, layout.y(Double(day.net), minimum: -scale.maximum, maximum: scale.maximum)))
            if index % labelEvery == 0 || index == days.count - 1 {
                canvas.text(XMLText.shortened(day.label, to: 12), x: slot.center, y: layout.plotBottom + 20, size: 11)
            }
        }
        canvas.line(x1: layout.left, y1: zero, x2: layout.left + layout.plotWidth, y2: zero, stroke: ChartPalette.axis)
        canvas.polyline(net, stroke: ChartPalette.net, width: 2, cssClass: "net")
        // A dot per day too, so a single day's net still shows.
        for (point, day) in zip(net, days) {
            canvas.circle(x: point.x, y: point.y, radius: 3, fill: ChartPalette.net, cssClass: "net-point", label: day.label, value: Double(day.net))
        }
        // Legend, top right.
        let legendX = Double(size.width) - 260
        canvas.rect(x: legendX, y: 16, width: 10, height: 10, fill: ChartPalette.source)
        canvas.text("minted", x: legendX + 14, y: 25, size: 11, anchor: .start)
        canvas.rect(x: legendX + 70, y: 16, width: 10, height: 10, fill: ChartPalette.sink)
        canvas.text("burned", x: legendX + 84, y: 25, size: 11, anchor: .start)
        canvas.line(x1: legendX + 140, y1: 21, x2: legendX + 156, y2: 21, stroke: ChartPalette.net, width: 2)
        canvas.text("net", x: legendX + 160, y: 25, size: 11, anchor: .start)
        return canvas.document(title: title)
    }
}
