import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The server's metrics, through swift-metrics into a Prometheus registry of the server's own (so
/// two servers in one test process never share counts). Names follow Prometheus conventions:
/// a `gachabot_` prefix, base units in the name, `_total` on counters.
public final class WebMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let cache = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    public static let requestsTotal = "gachabot_http_requests_total"
    public static let requestDuration = "gachabot_http_request_duration_seconds"
    public static let webhookEventsTotal = "gachabot_webhook_events_total"

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Webhook answers are expected within milliseconds; Stripe gives up after 10 s or so.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
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
