import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The server's metrics, through swift-metrics into a Prometheus registry of the server's own (so
/// two servers in one test process never share counts). Names follow Prometheus conventions:
/// a `gachabot_` prefix, base units in the name, `_total` on counters.
public final class WebMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// The factory every other part of the process records through (the bot's gateway, REST,
    /// interactions, stores, game, talk and revenue metrics), into this server's registry.
    public let factory: DescribedMetricsFactory
    private let cache = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    public static let requestsTotal = "gachabot_http_requests_total"
    public static let requestDuration = "gachabot_http_request_duration_seconds"
    public static let webhookEventsTotal = "gachabot_webhook_events_total"

    /// What each of the server's own metrics answers (its `# HELP` line).
    public static let help: [String: String] = [
        requestsTotal: "HTTP requests answered, by route template, method and status.",
        requestDuration: "Time to answer an HTTP request, by route template and method.",
        webhookEventsTotal: "Webhook deliveries by source (stripe, discord) and what became of them.",
    ]

    /// `help`: the help texts of the other metrics recorded through `factory` (the server's own
    /// and the revenue gauges' are added).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), help: [String: String] = [:]) {
        self.registry = registry
        self.factory = DescribedMetricsFactory(registry: registry, help: help.merging(Self.help) { $1 }.merging(RevenueGauges.help) { $1 })
    }

    /// A request answered: `route` is the matched route's template, never the raw path (a
    /// stranger's random paths must not grow the label set).
    func recordRequest(route: String, method: String, status: Int, nanoseconds: Int64) {
        counter(Self.requestsTotal, [("route", route), ("method", method), ("status", String(status))]).increment()
        timer(Self.requestDuration, [("route", route), ("method", method)]).recordNanoseconds(nanoseconds)
    }

    /// A webhook's fate: `source` stripe|discord, `outcome` applied, duplicate, ignored,
    /// invalid_signature, too_large, malformed, failed, ping, delivered, unconfigured.
    func recordWebhook(source: String, outcome: String) {
        counter(Self.webhookEventsTotal, [("source", source), ("outcome", outcome)]).increment()
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String { registry.emitToString() }

    private func counter(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        let key = Self.key(name, labels)
        return cache.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            cache[key] = counter
            return counter
        }
    }

    private func timer(_ name: String, _ labels: [(String, String)]) -> Metrics.Timer {
        let key = Self.key(name, labels)
        return timers.withLock { timers in
            if let timer = timers[key] { return timer }
            let timer = Metrics.Timer(label: name, dimensions: labels, factory: factory)
            timers[key] = timer
            return timer
        }
    }

    private static func key(_ name: String, _ labels: [(String, String)]) -> String {
        labels.reduce(into: name) { $0 += "\u{1}\($1.0)=\($1.1)" }
    }
}
