import DiscordModels

/// What one feature registers, collected so the router can check it against every other
/// feature's before taking any of it.
public struct FeatureRoutes: Sendable {
    public typealias Handler = InteractionRouter.Handler

    struct Entry: Sendable {
        let registration: RouteRegistration
        let route: InteractionRouter.Route
    }

    /// The feature the registrations belong to (named in a `RouteConflict`).
    public let feature: String
    private(set) var entries: [Entry] = []

    public init(feature: String) {
        self.feature = feature
    }

    /// A slash command, by full path: `"roll"`, `"packs browse"`, `"packs admin feature"`.
    /// `ephemeral`: whether a watchdog deferral should be ephemeral.
    public mutating func command(_ path: CommandPath, ephemeral: Bool = false, _ handler: @escaping Handler) {
        add(.command, path.rawValue, ephemeral: ephemeral, handler)
    }

    /// Autocomplete for the options of the command at `path`.
    public mutating func autocomplete(_ path: CommandPath, _ handler: @escaping Handler) {
        add(.autocomplete, path.rawValue, ephemeral: false, handler)
    }

    /// Components whose custom id starts with `prefix`. Prefer the typed overload.
    public mutating func component(prefix: String, _ handler: @escaping Handler) {
        add(.component, prefix, ephemeral: false, handler)
    }

    /// Components whose custom id is of kind `ID`: the handler gets the decoded id. An id of
    /// this kind that does not decode is answered with `ID.outOfDateMessage`.
    public mutating func component<ID: CustomID>(_ kind: ID.Type, _ handler: @escaping @Sendable (InteractionContext, ID) async throws -> Void) {
        add(.component, ID.prefix, ephemeral: false) { context in try await handler(context, try Self.decode(ID.self, context)) }
    }

    /// Modal submissions whose custom id starts with `prefix`. Prefer the typed overload.
    public mutating func modal(prefix: String, ephemeral: Bool = false, _ handler: @escaping Handler) {
        add(.modal, prefix, ephemeral: ephemeral, handler)
    }

    /// Modal submissions whose custom id is of kind `ID`: the handler gets the decoded id.
    public mutating func modal<ID: CustomID>(
        _ kind: ID.Type, ephemeral: Bool = false, _ handler: @escaping @Sendable (InteractionContext, ID) async throws -> Void
    ) {
        add(.modal, ID.prefix, ephemeral: ephemeral) { context in try await handler(context, try Self.decode(ID.self, context)) }
    }

    private mutating func add(_ kind: RouteRegistration.Kind, _ key: String, ephemeral: Bool, _ handler: @escaping Handler) {
        entries.append(
            Entry(
                registration: RouteRegistration(kind: kind, key: key, feature: feature),
                route: InteractionRouter.Route(handler: handler, defersEphemerally: ephemeral)))
    }

    /// The router only hands over ids with `ID.prefix`, so `decode` returns nil only for an
    /// interaction without an id; both that and malformed fields are out of date for the member.
    private static func decode<ID: CustomID>(_ kind: ID.Type, _ context: InteractionContext) throws(OutOfDateCustomID) -> ID {
        let raw = context.interaction.customID ?? ""
        guard let id = try ID.decode(raw) else {
            throw OutOfDateCustomID(customID: raw, userMessage: ID.outOfDateMessage)
        }
        return id
    }
}
