import DiscordREST
import OwnerCharts

/// A report's chart as a PNG attachment, or the reason there is none. The numbers are always in
/// the reply's text, so a missing rasteriser costs the picture only.
struct OwnerChartAttachment: Sendable {
    let rasterizer: ChartRasterizer

    enum Result: Sendable {
        case attached(FileAttachment)
        case unavailable(String)
    }

    func render(_ chart: some SVGChart, alt: String) async -> Result {
        do {
            let png = try await rasterizer.png(chart)
            return .attached(FileAttachment(filename: "\(chart.name).png", contentType: "image/png", data: png, description: alt))
        } catch {
            return .unavailable("\(error)")
        }
    }
}
