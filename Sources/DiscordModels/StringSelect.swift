/// Type 3: a select menu of developer-defined options.
/// https://discord.com/developers/docs/components/reference#string-select
public struct StringSelect: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/components/reference#string-select-select-option-structure
    public struct Option: Sendable, Hashable, Codable {
        public var label: String
        public var value: String
        public var description: String?
        public var emoji: Emoji?
        public var `default`: Bool?

        public init(label: String, value: String, description: String? = nil, emoji: Emoji? = nil, default: Bool? = nil) {
            self.label = label
            self.value = value
            self.description = description
            self.emoji = emoji
            self.default = `default`
        }
    }

    public var id: Int?
    public var custom_id: String
    public var options: [Option]
    public var placeholder: String?
    public var min_values: Int?
    public var max_values: Int?
    /// In modals only.
    public var required: Bool?
    public var disabled: Bool?

    public init(
        id: Int? = nil, custom_id: String, options: [Option], placeholder: String? = nil, min_values: Int? = nil,
        max_values: Int? = nil, required: Bool? = nil, disabled: Bool? = nil
    ) {
        self.id = id
        self.custom_id = custom_id
        self.options = options
        self.placeholder = placeholder
        self.min_values = min_values
        self.max_values = max_values
        self.required = required
        self.disabled = disabled
    }

    public static let maxOptions = 25
    public static let maxValues = 25
    public static let maxPlaceholderLength = 150
    public static let maxOptionLabelLength = 100
    public static let maxOptionValueLength = 100
    public static let maxOptionDescriptionLength = 100
}
