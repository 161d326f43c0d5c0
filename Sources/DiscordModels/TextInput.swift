/// Type 4: a text field in a modal (inside a Label, or an action row in legacy modals).
/// https://discord.com/developers/docs/components/reference#text-input
public struct TextInput: Sendable, Hashable, Codable {
    public var id: Int?
    public var custom_id: String
    public var style: TextInputStyle
    /// Deprecated: use a Label around the text input.
    public var label: String?
    public var min_length: Int?
    public var max_length: Int?
    public var required: Bool?
    /// Prefilled value (sent) or the user's input (received).
    public var value: String?
    public var placeholder: String?

    public init(
        id: Int? = nil, custom_id: String, style: TextInputStyle, label: String? = nil, min_length: Int? = nil,
        max_length: Int? = nil, required: Bool? = nil, value: String? = nil, placeholder: String? = nil
    ) {
        self.id = id
        self.custom_id = custom_id
        self.style = style
        self.label = label
        self.min_length = min_length
        self.max_length = max_length
        self.required = required
        self.value = value
        self.placeholder = placeholder
    }

    public static let maxLength = 4000
}
