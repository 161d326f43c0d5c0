/// Types 5–8: user, role, mentionable and channel selects, whose options Discord fills in.
/// https://discord.com/developers/docs/components/reference#user-select
public struct AutoPopulatedSelect: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/components/reference#user-select-select-default-value-structure
    public struct DefaultValue: Sendable, Hashable, Codable {
        public var id: GenericID
        /// "user", "role" or "channel".
        public var type: String

        public init(id: GenericID, type: String) {
            self.id = id
            self.type = type
        }
    }

    /// One of `.userSelect`, `.roleSelect`, `.mentionableSelect`, `.channelSelect`.
    public var type: ComponentType
    public var id: Int?
    public var custom_id: String
    public var channel_types: [ChannelType]?
    public var placeholder: String?
    public var default_values: [DefaultValue]?
    public var min_values: Int?
    public var max_values: Int?
    public var required: Bool?
    public var disabled: Bool?

    public init(
        type: ComponentType, id: Int? = nil, custom_id: String, channel_types: [ChannelType]? = nil,
        placeholder: String? = nil, default_values: [DefaultValue]? = nil, min_values: Int? = nil,
        max_values: Int? = nil, required: Bool? = nil, disabled: Bool? = nil
    ) {
        self.type = type
        self.id = id
        self.custom_id = custom_id
        self.channel_types = channel_types
        self.placeholder = placeholder
        self.default_values = default_values
        self.min_values = min_values
        self.max_values = max_values
        self.required = required
        self.disabled = disabled
    }
}
