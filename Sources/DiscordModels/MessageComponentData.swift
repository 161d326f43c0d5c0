/// `data` of a message component interaction (a button press or a select).
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-message-component-data-structure
public struct MessageComponentData: Sendable, Hashable, Codable {
    public var custom_id: String
    public var component_type: ComponentType
    /// Selected option values (selects only).
    public var values: [String]?
    public var resolved: ResolvedData?

    public init(custom_id: String, component_type: ComponentType, values: [String]? = nil, resolved: ResolvedData? = nil) {
        self.custom_id = custom_id
        self.component_type = component_type
        self.values = values
        self.resolved = resolved
    }
}
