/// A chart's size in pixels. 800 × 400 reads well in a Discord embed on desktop and mobile.
public struct ChartSize: Sendable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public static let discord = ChartSize(width: 800, height: 400)
}
