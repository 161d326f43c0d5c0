/// One point of a line: a date label and its value.
public struct LinePoint: Sendable, Hashable {
    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}

/// A value over time as a line with a dot per point (MRR per day or week). The scale starts at
/// zero, so a flat MRR looks flat; at most `maximumAxisLabels` dates are written under the axis.
public struct LineChart: SVGChart {
    public var title: String
    public var subtitle: String?
    public var points: [LinePoint]
    public var format: ChartValueFormat
    public var size: ChartSize
    public var name: String
    public static let maximumAxisLabels = 8

    public init(
        title: String, subtitle: String? = nil, points: [LinePoint], format: ChartValueFormat, name: String = "mrr",
        size: ChartSize = .discord
    ) {
        self.title = title
        self.subtitle = subtitle
        self.points = points
        self.format = format
        self.name = name
        self.size = size
    }

    public func svg() -> String {
        var canvas = SVGCanvas(size: size)
        let layout = ChartLayout(size: size)
        layout.frame(&canvas, title: title, subtitle: subtitle)
        guard !points.isEmpty else {
            layout.empty(&canvas)
            return canvas.document(title: title)
        }
        let scale = AxisScale(upTo: points.map(\.value).max() ?? 0)
        layout.grid(&canvas, minimum: 0, maximum: scale.maximum, ticks: scale.ticks, format: format)
        let stepX = points.count > 1 ? layout.plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point in
            (x: layout.left + (points.count > 1 ? stepX * Double(index) : layout.plotWidth / 2),
             y: layout.y(max(point.value, 0), minimum: 0, maximum: scale.maximum))
        }
        canvas.polyline(coordinates, stroke: ChartPalette.primary, width: 2.5, cssClass: "line")
        let labelEvery = max(1, (points.count + Self.maximumAxisLabels - 1) / Self.maximumAxisLabels)
        for (index, point) in points.enumerated() {
            let at = coordinates[index]
            canvas.circle(x: at.x, y: at.y, radius: 3, fill: ChartPalette.primary, cssClass: "point", label: point.label, value: point.value)
            if index % labelEvery == 0 || index == points.count - 1 {
                canvas.text(XMLText.shortened(point.label, to: 12), x: at.x, y: layout.plotBottom + 20, size: 11)
            }
        }
        if let last = points.last, let at = coordinates.last {
            canvas.text(format.string(last.value), x: at.x - 4, y: at.y - 8, size: 12, anchor: .end, bold: true)
        }
        canvas.line(x1: layout.left, y1: layout.plotBottom, x2: layout.left + layout.plotWidth, y2: layout.plotBottom, stroke: ChartPalette.axis)
        return canvas.document(title: title)
    }
}
