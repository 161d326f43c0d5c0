/// The charts' colours: Discord's blurple for the main series, and a green/red pair for what
/// comes in and goes out, readable on the white background the PNG has in dark and light mode.
enum ChartPalette {
    static let background = "#ffffff"
    static let text = "#23272a"
    static let muted = "#72767d"
    static let grid = "#e3e5e8"
    static let axis = "#4f545c"
    static let primary = "#5865f2"
    static let source = "#3ba55c"
    static let sink = "#ed4245"
    static let net = "#23272a"
}
