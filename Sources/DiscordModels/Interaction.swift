/// INTERACTION_CREATE: a slash command, a component press, an autocomplete request or a modal
/// submission. `data` is chosen by `type`.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
public struct Interaction: Sendable, Hashable, Codable {
    public var id: InteractionID
    public var application_id: ApplicationID
    public var type: InteractionType
    public var data: InteractionData?
    public var guild_id: GuildID?
    public var channel_id: ChannelID?
    public var channel: Channel?
    /// Present in guilds (with `user` and `permissions`).
    public var member: GuildMember?
    /// Present in DMs.
    public var user: User?
    /// Valid for 15 minutes; answer within 3 seconds.
    public var token: String
    public var version: Int
    /// The message a component was attached to.
    public var message: Message?
    public var app_permissions: Permissions?
    public var locale: String?
    public var guild_locale: String?
    public var entitlements: [Entitlement]?
    /// Installation context keys ("0" guild, "1" user) to the owner id.
    public var authorizing_integration_owners: [String: GenericID]?
    public var context: InteractionContextType?
    public var attachment_size_limit: Int?

    public init(
        id: InteractionID, application_id: ApplicationID, type: InteractionType, data: InteractionData? = nil,
        guild_id: GuildID? = nil, channel_id: ChannelID? = nil, member: GuildMember? = nil, user: User? = nil,
        token: String, version: Int = 1, message: Message? = nil, app_permissions: Permissions? = nil,
        locale: String? = nil, entitlements: [Entitlement]? = nil, context: InteractionContextType? = nil
    ) {
        self.id = id
        self.application_id = application_id
        self.type = type
        self.data = data
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.member = member
        self.user = user
        self.token = token
        self.version = version
        self.message = message
        self.app_permissions = app_permissions
        self.locale = locale
        self.entitlements = entitlements
        self.context = context
    }

    /// The user who invoked the interaction, in a guild or a DM.
    public var invoker: User? { member?.user ?? user }

    public var commandData: ApplicationCommandData? {
        switch data {
        case .applicationCommand(let value)?: value
        default: nil
        }
    }

    public var componentData: MessageComponentData? {
        if case .messageComponent(let value)? = data { return value }
        return nil
    }

    public var modalData: ModalSubmitData? {
        if case .modalSubmit(let value)? = data { return value }
        return nil
    }

    /// The custom_id of a component or modal interaction.
    public var customID: String? { componentData?.custom_id ?? modalData?.custom_id }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, application_id, type, data, guild_id, channel_id, channel, member, user, token, version, message,
            app_permissions, locale, guild_locale, entitlements, authorizing_integration_owners, context,
            attachment_size_limit
    }

    /// Reads the same fields as the types' own conformances would, through the concrete entry
    /// points of the container (see `Interaction+Decoding.swift`): this runs for every interaction.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.snowflake(.id)
        application_id = try c.snowflake(.application_id)
        type = try c.discordEnum(.type)
        if c.contains(.data), try !c.decodeNil(forKey: .data) {
            switch type {
            case .applicationCommand, .autocomplete:
                data = .applicationCommand(
                    try ApplicationCommandData(fields: c.nestedContainer(keyedBy: ApplicationCommandData.FieldKeys.self, forKey: .data)))
            case .messageComponent:
                data = .messageComponent(try MessageComponentData(from: c.superDecoder(forKey: .data)))
            case .modalSubmit:
                data = .modalSubmit(try ModalSubmitData(from: c.superDecoder(forKey: .data)))
            case .ping, .unknown:
                data = .unknown(try JSONValue(from: c.superDecoder(forKey: .data)))
            }
        } else {
            data = nil
        }
        guild_id = try c.snowflakeIfPresent(.guild_id)
        channel_id = try c.snowflakeIfPresent(.channel_id)
        if c.contains(.channel), try !c.decodeNil(forKey: .channel) {
            channel = try Channel(fields: c.nestedContainer(keyedBy: Channel.FieldKeys.self, forKey: .channel))
        } else {
            channel = nil
        }
        if c.contains(.member), try !c.decodeNil(forKey: .member) {
            member = try GuildMember(fields: c.nestedContainer(keyedBy: GuildMember.FieldKeys.self, forKey: .member))
        } else {
            member = nil
        }
        if c.contains(.user), try !c.decodeNil(forKey: .user) {
            user = try User(fields: c.nestedContainer(keyedBy: User.FieldKeys.self, forKey: .user))
        } else {
            user = nil
        }
        token = try c.decode(String.self, forKey: .token)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        message = try c.decodeIfPresent(Message.self, forKey: .message)
        app_permissions = try c.permissionsIfPresent(.app_permissions)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        guild_locale = try c.decodeIfPresent(String.self, forKey: .guild_locale)
        if c.contains(.entitlements), try !c.decodeNil(forKey: .entitlements) {
            // Usually empty: no generic array decode for nothing.
            let list = try c.nestedUnkeyedContainer(forKey: .entitlements)
            entitlements = list.isAtEnd ? [] : try c.decode([Entitlement].self, forKey: .entitlements)
        } else {
            entitlements = nil
        }
        if c.contains(.authorizing_integration_owners), try !c.decodeNil(forKey: .authorizing_integration_owners) {
            let owners = try c.nestedContainer(keyedBy: AnyJSONKey.self, forKey: .authorizing_integration_owners)
            var table: [String: GenericID] = [:]
            for key in owners.allKeys { table[key.stringValue] = try owners.snowflake(key) }
            authorizing_integration_owners = table
        } else {
            authorizing_integration_owners = nil
        }
        context = try c.discordEnumIfPresent(.context)
        attachment_size_limit = try c.decodeIfPresent(Int.self, forKey: .attachment_size_limit)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(application_id, forKey: .application_id)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(guild_id, forKey: .guild_id)
        try c.encodeIfPresent(channel_id, forKey: .channel_id)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(member, forKey: .member)
        try c.encodeIfPresent(user, forKey: .user)
        try c.encode(token, forKey: .token)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(app_permissions, forKey: .app_permissions)
        try c.encodeIfPresent(locale, forKey: .locale)
        try c.encodeIfPresent(guild_locale, forKey: .guild_locale)
        try c.encodeIfPresent(entitlements, forKey: .entitlements)
        try c.encodeIfPresent(authorizing_integration_owners, forKey: .authorizing_integration_owners)
        try c.encodeIfPresent(context, forKey: .context)
        try c.encodeIfPresent(attachment_size_limit, forKey: .attachment_size_limit)
    }
}

/// The `data` of an interaction, by interaction type.
public enum InteractionData: Sendable, Hashable, Encodable {
    /// Application command and autocomplete interactions.
    case applicationCommand(ApplicationCommandData)
    case messageComponent(MessageComponentData)
    case modalSubmit(ModalSubmitData)
    /// The data of an interaction type this version does not know, kept raw.
    case unknown(JSONValue)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .applicationCommand(let value): try value.encode(to: encoder)
        case .messageComponent(let value): try value.encode(to: encoder)
        case .modalSubmit(let value): try value.encode(to: encoder)
        case .unknown(let value): try value.encode(to: encoder)
        }
    }
}
