/// `data` of a modal submit interaction.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
public struct ModalSubmitData: Sendable, Hashable, Codable {
    public var custom_id: String
    public var components: [ModalSubmitComponent]
    public var resolved: ResolvedData?

    public init(custom_id: String, components: [ModalSubmitComponent], resolved: ResolvedData? = nil) {
        self.custom_id = custom_id
        self.components = components
        self.resolved = resolved
    }

    /// Every input component, wherever it sits (in an action row or a label).
    public var inputs: [ModalSubmitComponent] {
        components.flatMap(\.flattened).filter { $0.custom_id != nil }
    }

    /// The submitted values of the input `customID`: a text input's or radio group's value, a
    /// select's or checkbox group's values, a checkbox's "true"/"false". Empty if absent.
    public func values(for customID: String) -> [String] {
        guard let input = inputs.first(where: { $0.custom_id == customID }) else { return [] }
        if let values = input.values { return values }
        switch input.value {
        case .string(let value): return [value]
        case .bool(let value): return [value ? "true" : "false"]
        case .integer(let value): return [String(value)]
        default: return []
        }
    }

    /// The single value of a text input or radio group.
    public func value(for customID: String) -> String? {
        values(for: customID).first
    }
}

/// A component as it comes back in a modal submission: an action row or label wrapping an input,
/// an input with its `value`/`values`, or a display component (text display) with neither.
/// https://discord.com/developers/docs/components/reference#component-object
public struct ModalSubmitComponent: Sendable, Hashable, Codable {
    public var type: ComponentType
    public var id: Int?
    public var custom_id: String?
    /// Text input and radio group: a string; checkbox: a boolean.
    public var value: JSONValue?
    /// Selects, checkbox group, file upload.
    public var values: [String]?
    /// Action row children.
    public var components: [ModalSubmitComponent]?
    // A label's single child, stored in an array for indirection (a struct cannot hold itself).
    private var labelChild: [ModalSubmitComponent]

    /// Label child.
    public var component: ModalSubmitComponent? { labelChild.first }

    public init(
        type: ComponentType, id: Int? = nil, custom_id: String? = nil, value: JSONValue? = nil,
        values: [String]? = nil, components: [ModalSubmitComponent]? = nil, component: ModalSubmitComponent? = nil
    ) {
        self.type = type
        self.id = id
        self.custom_id = custom_id
        self.value = value
        self.values = values
        self.components = components
        self.labelChild = component.map { [$0] } ?? []
    }

    /// This component and every descendant.
    public var flattened: [ModalSubmitComponent] {
        [self] + (components ?? []).flatMap(\.flattened) + labelChild.flatMap(\.flattened)
    }

    enum CodingKeys: String, CodingKey { case type, id, custom_id, value, values, components, component }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(ComponentType.self, forKey: .type)
        id = try container.decodeIfPresent(Int.self, forKey: .id)
        custom_id = try container.decodeIfPresent(String.self, forKey: .custom_id)
        value = try container.decodeIfPresent(JSONValue.self, forKey: .value)
        values = try container.decodeIfPresent([String].self, forKey: .values)
        components = try container.decodeIfPresent([ModalSubmitComponent].self, forKey: .components)
        labelChild = try container.decodeIfPresent(ModalSubmitComponent.self, forKey: .component).map { [$0] } ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(custom_id, forKey: .custom_id)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(values, forKey: .values)
        try container.encodeIfPresent(components, forKey: .components)
        try container.encodeIfPresent(component, forKey: .component)
    }
}
