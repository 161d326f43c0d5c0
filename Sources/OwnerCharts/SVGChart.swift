/// A chart that draws itself as an SVG document of `size`.
public protocol SVGChart: Sendable {
    var size: ChartSize { get }
    /// A short name for the file it becomes ("funnel" → funnel.png).
    var name: String { get }
    func svg() -> String
}
