import CoreMetrics
import NIOHTTP1

/// The REST client's Prometheus metrics, every handle resolved once at start: counting a request
/// is a short scan of its route's few methods and an atomic increment, never a lookup by name.
/// (`RESTMetrics` is the in-process snapshot the status command reads; this feeds `/metrics`.)
public final class DiscordRESTMetrics: Sendable {
    public static let requestsTotal = "gachabot_discord_rest_requests_total"
    public static let rateLimitedTotal = "gachabot_discord_rest_rate_limited_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        requestsTotal: "Discord REST answers by route bucket, method and status class (each retry counts).",
        rateLimitedTotal: "Discord REST 429s by scope: global, shared, user (per route), or cloudflare (no Discord headers).",
    ]

    public static let disabled = DiscordRESTMetrics(factory: NOOPMetricsHandler.instance)

    /// The status classes: 2xx, 4xx, 5xx and anything else.
    static let statusClasses = ["2xx", "4xx", "5xx", "other"]

    /// The counters of one (route, method): indexed by status class.
    struct Series: Sendable {
        let method: HTTPMethod
        let byClass: [CoreMetrics.Counter]
    }

    /// Indexed by `RouteBucket.rawValue`.
    private let requests: [[Series]]
    private let otherRequests: [CoreMetrics.Counter]
    /// global, shared, user, cloudflare.
    private let rateLimited: [CoreMetrics.Counter]

    public init(factory: any MetricsFactory) {
        func series(_ route: String, _ method: String) -> [CoreMetrics.Counter] {
            Self.statusClasses.map {
                CoreMetrics.Counter(label: Self.requestsTotal, dimensions: [("route", route), ("method", method), ("status_class", $0)], factory: factory)
            }
        }
        requests = RouteBucket.allCases.map { bucket in
            bucket.methods.map { Series(method: $0, byClass: series(bucket.label, $0.rawValue)) }
        }
        otherRequests = series(RouteBucket.other.label, "other")
        rateLimited = ["global", "shared", "user", "cloudflare"].map {
            CoreMetrics.Counter(label: Self.rateLimitedTotal, dimensions: [("scope", $0)], factory: factory)
        }
    }

    func answered(_ route: Route, status: Int) {
        let index =
            switch status {
            case 200..<300: 0
            case 400..<500: 1
            case 500..<600: 2
            default: 3
            }
        for series in requests[route.bucket.rawValue] where series.method == route.method {
            series.byClass[index].increment()
            return
        }
        otherRequests[index].increment()
    }

    enum RateLimitScope: Int {
        case global, shared, user, cloudflare
    }

    func rateLimited(_ scope: RateLimitScope) {
        rateLimited[scope.rawValue].increment()
    }
}
