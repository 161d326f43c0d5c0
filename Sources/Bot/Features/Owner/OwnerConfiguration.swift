import OwnerCharts

/// `/owner`'s settings in the bot: the chart rasteriser (rsvg-convert) and the alerts.
public struct OwnerConfiguration: Sendable {
    public var rasterizer: ChartRasterizer
    public var alerts: OwnerAlertSettings

    public init(rasterizer: ChartRasterizer = ChartRasterizer(), alerts: OwnerAlertSettings = OwnerAlertSettings()) {
        self.rasterizer = rasterizer
        self.alerts = alerts
    }
}
