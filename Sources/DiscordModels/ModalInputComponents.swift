// The modal components that wrap or collect input: Label, File Upload, Radio Group,
// Checkbox Group, Checkbox.

/// Type 18: a label and description around one modal input component.
/// https://discord.com/developers/docs/components/reference#label
public struct Label: Sendable, Hashable, Codable {
    public var id: Int?
    public var label: String
    public var description: String?
    /// A text input, a select, a file upload, a radio group, a checkbox group or a checkbox.
    public var component: Component

    public init(id: Int? = nil, label: String, description: String? = nil, component: Component) {
        self.id = id
        self.label = label
        self.description = description
        self.component = component
    }

    public static let maxLabelLength = 45
    public static let maxDescriptionLength = 100
}

/// Type 19: lets the user upload files in a modal.
/// https://discord.com/developers/docs/components/reference#file-upload
public struct FileUploadComponent: Sendable, Hashable, Codable {
    public var id: Int?
    public var custom_id: String
    public var min_values: Int?
    public var max_values: Int?
    public var required: Bool?

    public init(id: Int? = nil, custom_id: String, min_values: Int? = nil, max_values: Int? = nil, required: Bool? = nil) {
        self.id = id
        self.custom_id = custom_id
        self.min_values = min_values
        self.max_values = max_values
        self.required = required
    }
}

/// An option of a Radio Group or a Checkbox Group.
/// https://discord.com/developers/docs/components/reference#checkbox-group
public struct ChoiceOption: Sendable, Hashable, Codable {
    public var value: String
    public var label: String
    public var description: String?
    public var `default`: Bool?

    public init(value: String, label: String, description: String? = nil, default: Bool? = nil) {
        self.value = value
        self.label = label
        self.description = description
        self.default = `default`
    }
}

/// Type 21: pick exactly one option (inside a Label, in a modal).
/// https://discord.com/developers/docs/components/reference#radio-group
public struct RadioGroup: Sendable, Hashable, Codable {
    public var id: Int?
    public var custom_id: String
    public var options: [ChoiceOption]
    public var required: Bool?

    public init(id: Int? = nil, custom_id: String, options: [ChoiceOption], required: Bool? = nil) {
        self.id = id
        self.custom_id = custom_id
        self.options = options
        self.required = required
    }
}

/// Type 22: pick any number of options (inside a Label, in a modal).
/// https://discord.com/developers/docs/components/reference#checkbox-group
public struct CheckboxGroup: Sendable, Hashable, Codable {
    public var id: Int?
    public var custom_id: String
    public var options: [ChoiceOption]
    public var min_values: Int?
    public var max_values: Int?
    public var required: Bool?

    public init(
        id: Int? = nil, custom_id: String, options: [ChoiceOption], min_values: Int? = nil, max_values: Int? = nil,
        required: Bool? = nil
    ) {
        self.id = id
        self.custom_id = custom_id
        self.options = options
        self.min_values = min_values
        self.max_values = max_values
        self.required = required
    }

    public static let maxOptions = 10
}

/// Type 23: a single yes/no checkbox (inside a Label, in a modal).
/// https://discord.com/developers/docs/components/reference#checkbox
public struct Checkbox: Sendable, Hashable, Codable {
    public var id: Int?
    public var custom_id: String
    public var `default`: Bool?

    public init(id: Int? = nil, custom_id: String, default: Bool? = nil) {
        self.id = id
        self.custom_id = custom_id
        self.default = `default`
    }
}
