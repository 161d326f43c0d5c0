/// Why a chart could not become a PNG. The descriptions are safe to show an owner: they name the
/// cause, never a path under the bot's home or the SVG's text.
public enum ChartRasterizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `rsvg-convert` is not installed (Debian: librsvg2-bin) or not executable.
    case unavailable(String)
    /// The SVG is larger than the cap.
    case svgTooLarge(bytes: Int, limit: Int)
    /// The PNG came out larger than the cap.
    case pngTooLarge(bytes: Int, limit: Int)
    /// `rsvg-convert` ran longer than the timeout and was stopped.
    case timedOut(Duration)
    /// `rsvg-convert` exited with a failure status, or wrote something that is not a PNG.
    case failed(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "chart rendering is unavailable: \(reason)"
        case .svgTooLarge(let bytes, let limit): "the chart's SVG is \(bytes) bytes, over the \(limit)-byte limit"
        case .pngTooLarge(let bytes, let limit): "the chart's PNG is \(bytes) bytes, over the \(limit)-byte limit"
        case .timedOut(let timeout): "rendering the chart took longer than \(timeout)"
        case .failed(let reason): "rendering the chart failed: \(reason)"
        }
    }
}
