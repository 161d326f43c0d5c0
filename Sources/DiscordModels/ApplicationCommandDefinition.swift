/// A command as registered with Discord (the body of bulk overwrite, and what GET returns).
/// Equality compares only what the developer defines: a remote command's `id`,
/// `application_id`, `guild_id` and `version` are decoded but ignored, so sync can diff local
/// against remote. Absent and empty lists, and absent and default booleans, compare equal.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object
public struct ApplicationCommandDefinition: Sendable, Codable, Equatable {
    public var id: CommandID?
    public var application_id: ApplicationID?
    public var guild_id: GuildID?
    public var version: GenericID?
    public var name: String
    public var name_localizations: [String: String]?
    public var description: String
    public var description_localizations: [String: String]?
    public var type: ApplicationCommandType?
    public var options: [ApplicationCommandOptionDefinition]?
    /// Permission bits as a string; "0" hides the command from everyone but admins.
    public var default_member_permissions: Permissions?
    public var contexts: [InteractionContextType]?
    public var integration_types: [ApplicationIntegrationType]?
    public var nsfw: Bool?

    public init(
        name: String, description: String, type: ApplicationCommandType? = .chatInput,
        options: [ApplicationCommandOptionDefinition]? = nil, default_member_permissions: Permissions? = nil,
        contexts: [InteractionContextType]? = nil, integration_types: [ApplicationIntegrationType]? = nil,
        nsfw: Bool? = nil, name_localizations: [String: String]? = nil,
        description_localizations: [String: String]? = nil
    ) {
        self.name = name
        self.description = description
        self.type = type
        self.options = options
        self.default_member_permissions = default_member_permissions
        self.contexts = contexts
        self.integration_types = integration_types
        self.nsfw = nsfw
        self.name_localizations = name_localizations
        self.description_localizations = description_localizations
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description
            && (lhs.name_localizations ?? [:]) == (rhs.name_localizations ?? [:])
            && (lhs.description_localizations ?? [:]) == (rhs.description_localizations ?? [:])
            && (lhs.type ?? .chatInput) == (rhs.type ?? .chatInput)
            && (lhs.options ?? []) == (rhs.options ?? [])
            && lhs.default_member_permissions == rhs.default_member_permissions
            && Set(lhs.contexts ?? []) == Set(rhs.contexts ?? [])
            && Set(lhs.integration_types ?? []) == Set(rhs.integration_types ?? [])
            && (lhs.nsfw ?? false) == (rhs.nsfw ?? false)
    }

    public static let maxNameLength = 32
    public static let maxDescriptionLength = 100
    public static let maxOptions = 25

    enum CodingKeys: String, CodingKey {
        case id, application_id, guild_id, version, name, name_localizations, description, description_localizations, type, options,
            default_member_permissions, contexts, integration_types, nsfw
    }

    /// As decoded, except `default_member_permissions`: Discord documents it as a decimal string
    /// and returns it so, but its request schema (the OpenAPI description) takes an integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(application_id, forKey: .application_id)
        try container.encodeIfPresent(guild_id, forKey: .guild_id)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(name_localizations, forKey: .name_localizations)
        try container.encode(description, forKey: .description)
        try container.encodeIfPresent(description_localizations, forKey: .description_localizations)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(options, forKey: .options)
        try container.encodeIfPresent(default_member_permissions?.rawValue, forKey: .default_member_permissions)
        try container.encodeIfPresent(contexts, forKey: .contexts)
        try container.encodeIfPresent(integration_types, forKey: .integration_types)
        try container.encodeIfPresent(nsfw, forKey: .nsfw)
    }
}

/// An option of a command definition; subcommands and groups nest options.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure
public struct ApplicationCommandOptionDefinition: Sendable, Codable, Equatable {
    public var type: ApplicationCommandOptionType
    public var name: String
    public var name_localizations: [String: String]?
    public var description: String
    public var description_localizations: [String: String]?
    public var required: Bool?
    public var choices: [ApplicationCommandOptionChoice]?
    public var options: [ApplicationCommandOptionDefinition]?
    public var channel_types: [ChannelType]?
    public var min_value: Double?
    public var max_value: Double?
    public var min_length: Int?
    public var max_length: Int?
    public var autocomplete: Bool?

    public init(
        type: ApplicationCommandOptionType, name: String, description: String, required: Bool? = nil,
        choices: [ApplicationCommandOptionChoice]? = nil, options: [ApplicationCommandOptionDefinition]? = nil,
        channel_types: [ChannelType]? = nil, min_value: Double? = nil, max_value: Double? = nil,
        min_length: Int? = nil, max_length: Int? = nil, autocomplete: Bool? = nil,
        name_localizations: [String: String]? = nil, description_localizations: [String: String]? = nil
    ) {
        self.type = type
        self.name = name
        self.description = description
        self.required = required
        self.choices = choices
        self.options = options
        self.channel_types = channel_types
        self.min_value = min_value
        self.max_value = max_value
        self.min_length = min_length
        self.max_length = max_length
        self.autocomplete = autocomplete
        self.name_localizations = name_localizations
        self.description_localizations = description_localizations
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.type == rhs.type && lhs.name == rhs.name && lhs.description == rhs.description
            && (lhs.name_localizations ?? [:]) == (rhs.name_localizations ?? [:])
            && (lhs.description_localizations ?? [:]) == (rhs.description_localizations ?? [:])
            && (lhs.required ?? false) == (rhs.required ?? false)
            && (lhs.choices ?? []) == (rhs.choices ?? [])
            && (lhs.options ?? []) == (rhs.options ?? [])
            && Set(lhs.channel_types ?? []) == Set(rhs.channel_types ?? [])
            && lhs.min_value == rhs.min_value && lhs.max_value == rhs.max_value
            && lhs.min_length == rhs.min_length && lhs.max_length == rhs.max_length
            && (lhs.autocomplete ?? false) == (rhs.autocomplete ?? false)
    }
}
