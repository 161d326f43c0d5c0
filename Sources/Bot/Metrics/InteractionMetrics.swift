import CoreMetrics
import DiscordModels

/// The interactions' metrics. Every routed command path and custom-id prefix gets its counter
/// when the dispatcher starts (the router numbers its routes, `InteractionRouter.Route.slot`), so
/// counting one is an array index and an atomic increment. An interaction no route matches is
/// counted as `other`: a client sending made-up command names cannot grow the label set.
public final class InteractionMetrics: Sendable {
    public static let interactionsTotal = "gachabot_interactions_total"
    public static let interactionDuration = "gachabot_interaction_duration_seconds"
    public static let deferralsTotal = "gachabot_interaction_deferrals_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        interactionsTotal:
            "Interactions received, by kind (command, autocomplete, component, modal, other) and registered command path or custom-id prefix ('other' when none matches).",
        interactionDuration: "Time from an interaction reaching the dispatcher to its handler's end (its answer sent), by kind.",
        deferralsTotal:
            "Interactions deferred for the handler: by the watchdog (no answer within its deadline) or after a handler returned without answering.",
    ]

    static let kinds = ["command", "autocomplete", "component", "modal", "other"]

    /// Indexed by the route's slot.
    private let routed: [CoreMetrics.Counter]
    /// The kind index of each slot.
    private let slotKinds: [Int]
    /// Indexed by kind: interactions no route matched.
    private let unrouted: [CoreMetrics.Counter]
    /// Indexed by kind.
    private let durations: [CoreMetrics.Timer]
    private let watchdogDeferrals: CoreMetrics.Counter
    private let unansweredDeferrals: CoreMetrics.Counter

    public init(factory: any MetricsFactory, router: InteractionRouter) {
        func kindIndex(_ kind: RouteRegistration.Kind) -> Int { Self.kinds.firstIndex(of: kind.rawValue) ?? Self.kinds.count - 1 }
        let registrations = router.slotRegistrations
        routed = registrations.map {
            CoreMetrics.Counter(label: Self.interactionsTotal, dimensions: [("kind", $0.kind.rawValue), ("command", $0.key)], factory: factory)
        }
        slotKinds = registrations.map { kindIndex($0.kind) }
        unrouted = Self.kinds.map { CoreMetrics.Counter(label: Self.interactionsTotal, dimensions: [("kind", $0), ("command", "other")], factory: factory) }
        durations = Self.kinds.map { CoreMetrics.Timer(label: Self.interactionDuration, dimensions: [("kind", $0)], factory: factory) }
        watchdogDeferrals = CoreMetrics.Counter(label: Self.deferralsTotal, dimensions: [("reason", "watchdog")], factory: factory)
        unansweredDeferrals = CoreMetrics.Counter(label: Self.deferralsTotal, dimensions: [("reason", "unanswered")], factory: factory)
    }

    func received(slot: Int) {
        guard routed.indices.contains(slot) else { return unrouted[Self.kinds.count - 1].increment() }
        routed[slot].increment()
    }

    /// An interaction no route matched (pings are not counted).
    func receivedUnrouted(_ type: InteractionType) {
        unrouted[Self.kindIndex(type)].increment()
    }

    func finished(slot: Int, since start: ContinuousClock.Instant) {
        let kind = slotKinds.indices.contains(slot) ? slotKinds[slot] : Self.kinds.count - 1
        let elapsed = start.duration(to: .now)
        durations[kind].recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    func deferredByWatchdog() { watchdogDeferrals.increment() }
    func deferredUnanswered() { unansweredDeferrals.increment() }

    static func kindIndex(_ type: InteractionType) -> Int {
        switch type {
        case .applicationCommand: 0
        case .autocomplete: 1
        case .messageComponent: 2
        case .modalSubmit: 3
        default: 4
        }
    }
}
