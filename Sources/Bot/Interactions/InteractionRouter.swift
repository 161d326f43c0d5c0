import DiscordModels

/// Chooses a handler for an interaction: slash commands and autocomplete by full command path
/// (`packs browse`), components and modals by the prefix of their `custom_id` (ids carry only a
/// key; the flow's state lives on the server).
///
/// Features are installed at start-up. A registration that would compete with an earlier one (the
/// same command path, or a custom-id prefix that starts or is started by another) is refused
/// with a `RouteConflict` naming both, so at most one handler ever matches an interaction.
public struct InteractionRouter: Sendable {
    public typealias Handler = @Sendable (InteractionContext) async throws -> Void

    public struct Route: Sendable {
        public let handler: Handler
        /// Whether a watchdog deferral should be ephemeral.
        public let defersEphemerally: Bool
        /// The route's number in this router (`slotRegistrations`), so its metrics are an array
        /// index away; -1 until installed.
        public internal(set) var slot = -1
    }

    private typealias Entry = FeatureRoutes.Entry

    /// Keyed by `CommandPath.rawValue`.
    private var commands: [String: Entry] = [:]
    private var autocompletes: [String: Entry] = [:]
    private var components: [Entry] = []
    private var modals: [Entry] = []
    /// Every registration in the order the routes were numbered (`Route.slot`).
    public private(set) var slotRegistrations: [RouteRegistration] = []

    public init() {}

    /// A router of `features`, installed in order.
    public init(features: [any BotFeature]) throws(RouteConflict) {
        for feature in features { try install(feature) }
    }

    /// A router of already collected registrations (tests build these without a feature type).
    public init(_ routes: FeatureRoutes...) throws(RouteConflict) {
        for feature in routes { try add(feature) }
    }

    /// Registers everything `feature` registers, or nothing if any of it conflicts.
    public mutating func install(_ feature: any BotFeature) throws(RouteConflict) {
        var routes = FeatureRoutes(feature: feature.name)
        feature.register(in: &routes)
        try add(routes)
    }

    /// Registers all of `routes`, or nothing if any of it conflicts (with this router's or with
    /// another of `routes`).
    public mutating func add(_ routes: FeatureRoutes) throws(RouteConflict) {
        var updated = self
        for entry in routes.entries { try updated.add(entry) }
        self = updated
    }

    private mutating func add(_ entry: Entry) throws(RouteConflict) {
        let registration = entry.registration
        var route = entry.route
        route.slot = slotRegistrations.count
        let entry = Entry(registration: registration, route: route)
        switch registration.kind {
        case .command:
            if let existing = commands[registration.key] {
                throw RouteConflict(reason: .samePath, existing: existing.registration, refused: registration)
            }
            commands[registration.key] = entry
        case .autocomplete:
            if let existing = autocompletes[registration.key] {
                throw RouteConflict(reason: .samePath, existing: existing.registration, refused: registration)
            }
            autocompletes[registration.key] = entry
        case .component, .modal:
            // Components and modals share one custom-id namespace: a feature's codec must never
            // read another feature's id, whichever kind of interaction carries it.
            let key = registration.key
            let overlapping = (components + modals).first { $0.registration.key.hasPrefix(key) || key.hasPrefix($0.registration.key) }
            if let existing = overlapping {
                throw RouteConflict(reason: .overlappingPrefix, existing: existing.registration, refused: registration)
            }
            if registration.kind == .component { components.append(entry) } else { modals.append(entry) }
        }
        slotRegistrations.append(registration)
    }

    /// Every command path with a handler.
    public var commandPaths: Set<CommandPath> { Set(commands.keys.map { CommandPath($0) }) }

    /// Every command path with an autocomplete handler.
    public var autocompletePaths: Set<CommandPath> { Set(autocompletes.keys.map { CommandPath($0) }) }

    /// Everything registered, for start-up logs and tests.
    public var registrations: [RouteRegistration] {
        (commands.values.map(\.registration) + autocompletes.values.map(\.registration) + components.map(\.registration)
            + modals.map(\.registration)).sorted { ($0.kind.rawValue, $0.key) < ($1.kind.rawValue, $1.key) }
    }

    public func route(for interaction: Interaction) -> Route? {
        switch interaction.type {
        case .applicationCommand:
            return interaction.commandData.flatMap { commands[CommandPath($0).rawValue]?.route }
        case .autocomplete:
            return interaction.commandData.flatMap { autocompletes[CommandPath($0).rawValue]?.route }
        case .messageComponent:
            guard let id = interaction.componentData?.custom_id else { return nil }
            // Prefixes never overlap (see `add`), so the first match is the only one.
            return components.first { id.hasPrefix($0.registration.key) }?.route
        case .modalSubmit:
            guard let id = interaction.modalData?.custom_id else { return nil }
            return modals.first { id.hasPrefix($0.registration.key) }?.route
        default:
            return nil
        }
    }
}
