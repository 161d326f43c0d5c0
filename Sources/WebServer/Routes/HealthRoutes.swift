import HTTPTypes
import Hummingbird

/// `/healthz`: the process answers. `/readyz`: every readiness check passes (503 otherwise), with
/// one line per check so an operator sees which failed.
enum HealthRoutes {
    static func health() -> Response { .text(.ok, "ok\n") }

    static func readiness(_ checks: [ReadinessCheck]) -> Response {
        let ready = checks.allSatisfy(\.isReady)
        var text = ready ? "ready\n" : "not ready\n"
        for check in checks {
            text += "\(check.name): \(check.isReady ? "ok" : "failing")"
            text += check.detail.isEmpty ? "\n" : " (\(check.detail))\n"
        }
        return .text(ready ? .ok : .serviceUnavailable, text)
    }

    static func metrics(_ metrics: WebMetrics) -> Response {
        .text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
