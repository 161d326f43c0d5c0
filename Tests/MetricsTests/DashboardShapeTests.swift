import Foundation
import Testing

/// `deploy/grafana/gachabot.json` imports into any Grafana: it asks for its Prometheus data
/// source (`__inputs`), and every panel uses that input.
@Suite struct DashboardShapeTests {
    @Test func itAsksForAPrometheusDataSourceAndEveryPanelUsesIt() throws {
        let dashboard = try GrafanaDashboard()
        let input = try #require(dashboard.inputs.first { $0["name"] as? String == "DS_PROMETHEUS" })
        #expect(input["type"] as? String == "datasource")
        #expect(input["pluginId"] as? String == "prometheus")
        #expect(dashboard.panels.count >= 7)
        for panel in dashboard.panels {
            #expect(panel.datasourceUID == "${DS_PROMETHEUS}", "panel \(panel.title) uses \(panel.datasourceUID ?? "no datasource")")
        }
    }

    @Test func metricNamesAreReadFromExpressionsButNotFromLabelValuesOrFunctions() {
        let names = GrafanaDashboard.metricNames(
            in: #"histogram_quantile(0.99, sum by (le) (rate(gachabot_store_transaction_duration_seconds_bucket{database="gachabot_fake"}[5m])))"#)
        #expect(names == ["gachabot_store_transaction_duration_seconds_bucket"])
    }
}
