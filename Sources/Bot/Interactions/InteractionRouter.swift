import DiscordModels

/// Chooses a handler for an interaction: slash commands by name, autocomplete by command name,
/// components and modals by the prefix of their `custom_id` (ids carry only a key; the flow's
/// state lives on the server).
public struct InteractionRouter: Sendable {
    public typealias Handler = @Sendable (InteractionContext) async throws -> Void

    public struct Route: Sendable {
        public let handler: Handler
        /// Whether a watchdog deferral should be ephemeral.
        public let defersEphemerally: Bool
    }

    private var commands: [String: Route] = [:]
    private var autocompletes: [String: Route] = [:]
    private var components: [(prefix: String, route: Route)] = []
    private var modals: [(prefix: String, route: Route)] = []

    public init() {}

    public mutating func command(_ name: String, ephemeral: Bool = false, _ handler: @escaping Handler) {
        commands[name] = Route(handler: handler, defersEphemerally: ephemeral)
    }

    public mutating func autocomplete(_ commandName: String, _ handler: @escaping Handler) {
        autocompletes[commandName] = Route(handler: handler, defersEphemerally: false)
    }

    public mutating func component(prefix: String, _ handler: @escaping Handler) {
        components.append((prefix, Route(handler: handler, defersEphemerally: false)))
        components.sort { $0.prefix.count > $1.prefix.count }  // longest prefix wins
    }

    public mutating func modal(prefix: String, ephemeral: Bool = false, _ handler: @escaping Handler) {
        modals.append((prefix, Route(handler: handler, defersEphemerally: ephemeral)))
        modals.sort { $0.prefix.count > $1.prefix.count }
    }

    public var commandNames: Set<String> { Set(commands.keys) }

    public func route(for interaction: Interaction) -> Route? {
        switch interaction.type {
        case .applicationCommand:
            return interaction.commandData.flatMap { commands[$0.name] }
        case .autocomplete:
            return interaction.commandData.flatMap { autocompletes[$0.name] }
        case .messageComponent:
            guard let id = interaction.componentData?.custom_id else { return nil }
            return components.first { id.hasPrefix($0.prefix) }?.route
        case .modalSubmit:
            guard let id = interaction.modalData?.custom_id else { return nil }
            return modals.first { id.hasPrefix($0.prefix) }?.route
        default:
            return nil
        }
    }
}
