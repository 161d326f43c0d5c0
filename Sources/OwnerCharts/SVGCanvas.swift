/// Writes an SVG document element by element. Every number goes through `SVGNumber` and every
/// text through `XMLText`, so the output is deterministic and well-formed whatever the labels say.
/// Bars carry `class="bar"`, `data-label` and `data-value`, which tests (and anyone inspecting a
/// chart) can read back.
struct SVGCanvas {
    let size: ChartSize
    private var elements: [String] = []

    static let fontFamily = "DejaVu Sans, sans-serif"

    init(size: ChartSize) {
        self.size = size
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, cssClass: String? = nil, label: String? = nil,
        value: Double? = nil
    ) {
        var element = "<rect"
        if let cssClass { element += " class=\"\(cssClass)\"" }
        if let label { element += " data-label=\"\(XMLText.escape(label))\"" }
        if let value { element += " data-value=\"\(SVGNumber.format(value))\"" }
        element += " x=\"\(SVGNumber.format(x))\" y=\"\(SVGNumber.format(y))\""
        element += " width=\"\(SVGNumber.format(max(width, 0)))\" height=\"\(SVGNumber.format(max(height, 0)))\""
        element += " fill=\"\(fill)\"/>"
        elements.append(element)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) {
        var element = "<line x1=\"\(SVGNumber.format(x1))\" y1=\"\(SVGNumber.format(y1))\""
        element += " x2=\"\(SVGNumber.format(x2))\" y2=\"\(SVGNumber.format(y2))\""
        element += " stroke=\"\(stroke)\" stroke-width=\"\(SVGNumber.format(width))\""
        if dashed { element += " stroke-dasharray=\"4 3\"" }
        elements.append(element + "/>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double, cssClass: String) {
        let list = points.map { "\(SVGNumber.format($0.x)),\(SVGNumber.format($0.y))" }.joined(separator: " ")
        elements.append(
            "<polyline class=\"\(cssClass)\" points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVGNumber.format(width))\" stroke-linejoin=\"round\"/>"
        )
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, cssClass: String? = nil, label: String? = nil, value: Double? = nil) {
        var element = "<circle"
        if let cssClass { element += " class=\"\(cssClass)\"" }
        if let label { element += " data-label=\"\(XMLText.escape(label))\"" }
        if let value { element += " data-value=\"\(SVGNumber.format(value))\"" }
        element += " cx=\"\(SVGNumber.format(x))\" cy=\"\(SVGNumber.format(y))\" r=\"\(SVGNumber.format(radius))\" fill=\"\(fill)\"/>"
        elements.append(element)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .middle, bold: Bool = false,
        fill: String = ChartPalette.text
    ) {
        var element = "<text x=\"\(SVGNumber.format(x))\" y=\"\(SVGNumber.format(y))\" font-size=\"\(SVGNumber.format(size))\""
        element += " text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { element += " font-weight=\"bold\"" }
        elements.append(element + ">\(XMLText.escape(text))</text>")
    }

    /// The whole document: a white background, then the elements in the order they were drawn.
    func document(title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(size.width)\" height=\"\(size.height)\""
        out += " viewBox=\"0 0 \(size.width) \(size.height)\" font-family=\"\(Self.fontFamily)\">\n"
        out += "<title>\(XMLText.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(size.width)\" height=\"\(size.height)\" fill=\"\(ChartPalette.background)\"/>\n"
        for element in elements {
            out += element
            out += "\n"
        }
        return out + "</svg>\n"
    }
}
