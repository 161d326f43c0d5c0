import CoreMetrics

/// The gateway's metrics, every handle resolved once here: recording is an array index and an
/// atomic increment (a histogram sample for a subscribed dispatch), never a lookup by name.
///
/// The default (`disabled`) records into swift-metrics' no-op handler; the executable passes the
/// HTTP server's factory (`GatewayConfiguration.metrics`), tests a registry of their own.
public final class GatewayMetrics: Sendable {
    public static let eventsReceivedTotal = "gachabot_gateway_events_received_total"
    public static let dispatchLatency = "gachabot_gateway_dispatch_latency_seconds"
    public static let reconnectsTotal = "gachabot_gateway_reconnects_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        eventsReceivedTotal: "Gateway dispatches received, by event type (a fixed list; any other is 'other').",
        dispatchLatency:
            "Time from a subscribed dispatch's complete message to its place in the bot's event queue (decoding included).",
        reconnectsTotal:
            "Gateway reconnections by what ended the previous connection, and whether they resumed the session or identified anew.",
    ]

    public static let disabled = GatewayMetrics(factory: NOOPMetricsHandler.instance)

    private let received: [CoreMetrics.Counter]
    private let latency: CoreMetrics.Timer
    /// Indexed by `reason.rawValue * 2 + (resuming ? 1 : 0)`.
    private let reconnects: [CoreMetrics.Counter]

    public init(factory: any MetricsFactory) {
        received = GatewayEventType.allCases.map {
            CoreMetrics.Counter(label: Self.eventsReceivedTotal, dimensions: [("type", $0.label)], factory: factory)
        }
        latency = CoreMetrics.Timer(label: Self.dispatchLatency, dimensions: [], factory: factory)
        reconnects = GatewayDisconnectReason.allCases.flatMap { reason in
            ["identify", "resume"].map { mode in
                CoreMetrics.Counter(label: Self.reconnectsTotal, dimensions: [("reason", reason.label), ("mode", mode)], factory: factory)
            }
        }
    }

    /// A dispatch arrived (`name`: its `t`).
    @inline(__always)
    func received(_ name: String?) {
        received[(name.map(GatewayEventType.init(name:)) ?? .other).rawValue].increment()
    }

    func dispatched(since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        latency.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    func reconnecting(after reason: GatewayDisconnectReason, resuming: Bool) {
        reconnects[reason.rawValue * 2 + (resuming ? 1 : 0)].increment()
    }
}
