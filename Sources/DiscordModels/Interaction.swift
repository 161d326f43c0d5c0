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

    enum CodingKeys: String, CodingKey {
        case id, application_id, type, data, guild_id, channel_id, channel, member, user, token, version, message,
            app_permissions, locale, guild_locale, entitlements, authorizing_integration_owners, context,
            attachment_size_limit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(InteractionID.self, forKey: .id)
        application_id = try c.decode(ApplicationID.self, forKey: .application_id)
        type = try c.decode(InteractionType.self, forKey: .type)
        if c.contains(.data), try !c.decodeNil(forKey: .data) {
            let nested = try c.superDecoder(forKey: .data)
            switch type {
            case .applicationCommand, .autocomplete:
                data = .applicationCommand(try ApplicationCommandData(from: nested))
            case .messageComponent:
                data = .messageComponent(try MessageComponentData(from: nested))
            case .modalSubmit:
                data = .modalSubmit(try ModalSubmitData(from: nested))
            case .ping, .unknown:
                data = .unknown(try JSONValue(from: nested))
            }
        } else {
            data = nil
        }
        guild_id = try c.decodeIfPresent(GuildID.self, forKey: .guild_id)
        channel_id = try c.decodeIfPresent(ChannelID.self, forKey: .channel_id)
        channel = try c.decodeIfPresent(Channel.self, forKey: .channel)
        member = try c.decodeIfPresent(GuildMember.self, forKey: .member)
        user = try c.decodeIfPresent(User.self, forKey: .user)
        token = try c.decode(String.self, forKey: .token)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        message = try c.decodeIfPresent(Message.self, forKey: .message)
        app_permissions = try c.decodeIfPresent(Permissions.self, forKey: .app_permissions)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        guild_locale = try c.decodeIfPresent(String.self, forKey: .guild_locale)
        entitlements = try c.decodeIfPresent([Entitlement].self, forKey: .entitlements)
        authorizing_integration_owners = try c.decodeIfPresent(
            [String: GenericID].self, forKey: .authorizing_integration_owners)
        context = try c.decodeIfPresent(InteractionContextType.self, forKey: .context)
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
