/// INTERACTION_CREATE: a slash command, a component press, an autocomplete request or a modal
/// submission. `data` is chosen by `type`.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
public struct Interaction: Sendable, Hashable, Codable {
    /// The stored properties, as Discord sends them.
    struct Properties: Sendable, Hashable {
        var id: InteractionID = 0
        var application_id: ApplicationID = 0
        var type: InteractionType = .ping
        var data: InteractionData? = nil
        var guild_id: GuildID? = nil
        var channel_id: ChannelID? = nil
        var channel: Channel? = nil
        var member: GuildMember? = nil
        var user: User? = nil
        var token: String = ""
        var version: Int = 1
        var message: Message? = nil
        var app_permissions: Permissions? = nil
        var locale: String? = nil
        var guild_locale: String? = nil
        var entitlements: [Entitlement]? = nil
        var authorizing_integration_owners: [String: GenericID]? = nil
        var context: InteractionContextType? = nil
        var attachment_size_limit: Int? = nil
    }

    /// Every copy shares one immutable box: the properties take about 1.3 KB inline (a component
    /// press carries its whole message), and an interaction is copied several times on its way
    /// from the shard to a handler (the event, the dispatcher's task, the responder, the
    /// context); as a plain struct each copy moved those bytes and retained every field.
    private final class Box: Sendable {
        let properties: Properties
        init(_ properties: Properties) { self.properties = properties }
    }

    private var box: Box

    init(properties: Properties) { box = Box(properties) }

    /// Replaces the box (a setter is rare: decoders build `Properties` and box them once).
    private mutating func update(_ change: (inout Properties) -> Void) {
        var properties = box.properties
        change(&properties)
        box = Box(properties)
    }

    public static func == (lhs: Interaction, rhs: Interaction) -> Bool {
        lhs.box === rhs.box || lhs.box.properties == rhs.box.properties
    }

    public func hash(into hasher: inout Hasher) { box.properties.hash(into: &hasher) }

    public var id: InteractionID {
        get { box.properties.id }
        set { update { $0.id = newValue } }
    }
    public var application_id: ApplicationID {
        get { box.properties.application_id }
        set { update { $0.application_id = newValue } }
    }
    public var type: InteractionType {
        get { box.properties.type }
        set { update { $0.type = newValue } }
    }
    public var data: InteractionData? {
        get { box.properties.data }
        set { update { $0.data = newValue } }
    }
    public var guild_id: GuildID? {
        get { box.properties.guild_id }
        set { update { $0.guild_id = newValue } }
    }
    public var channel_id: ChannelID? {
        get { box.properties.channel_id }
        set { update { $0.channel_id = newValue } }
    }
    public var channel: Channel? {
        get { box.properties.channel }
        set { update { $0.channel = newValue } }
    }
    /// Present in guilds (with `user` and `permissions`).
    public var member: GuildMember? {
        get { box.properties.member }
        set { update { $0.member = newValue } }
    }
    /// Present in DMs.
    public var user: User? {
        get { box.properties.user }
        set { update { $0.user = newValue } }
    }
    /// Valid for 15 minutes; answer within 3 seconds.
    public var token: String {
        get { box.properties.token }
        set { update { $0.token = newValue } }
    }
    public var version: Int {
        get { box.properties.version }
        set { update { $0.version = newValue } }
    }
    /// The message a component was attached to.
    public var message: Message? {
        get { box.properties.message }
        set { update { $0.message = newValue } }
    }
    public var app_permissions: Permissions? {
        get { box.properties.app_permissions }
        set { update { $0.app_permissions = newValue } }
    }
    public var locale: String? {
        get { box.properties.locale }
        set { update { $0.locale = newValue } }
    }
    public var guild_locale: String? {
        get { box.properties.guild_locale }
        set { update { $0.guild_locale = newValue } }
    }
    public var entitlements: [Entitlement]? {
        get { box.properties.entitlements }
        set { update { $0.entitlements = newValue } }
    }
    /// Installation context keys ("0" guild, "1" user) to the owner id.
    public var authorizing_integration_owners: [String: GenericID]? {
        get { box.properties.authorizing_integration_owners }
        set { update { $0.authorizing_integration_owners = newValue } }
    }
    public var context: InteractionContextType? {
        get { box.properties.context }
        set { update { $0.context = newValue } }
    }
    public var attachment_size_limit: Int? {
        get { box.properties.attachment_size_limit }
        set { update { $0.attachment_size_limit = newValue } }
    }

    public init(
        id: InteractionID, application_id: ApplicationID, type: InteractionType, data: InteractionData? = nil,
        guild_id: GuildID? = nil, channel_id: ChannelID? = nil, member: GuildMember? = nil, user: User? = nil,
        token: String, version: Int = 1, message: Message? = nil, app_permissions: Permissions? = nil,
        locale: String? = nil, entitlements: [Entitlement]? = nil, context: InteractionContextType? = nil
    ) {
        var properties = Properties()
        properties.id = id
        properties.application_id = application_id
        properties.type = type
        properties.data = data
        properties.guild_id = guild_id
        properties.channel_id = channel_id
        properties.member = member
        properties.user = user
        properties.token = token
        properties.version = version
        properties.message = message
        properties.app_permissions = app_permissions
        properties.locale = locale
        properties.entitlements = entitlements
        properties.context = context
        box = Box(properties)
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
        var p = Properties()
        p.id = try c.snowflake(.id)
        p.application_id = try c.snowflake(.application_id)
        p.type = try c.discordEnum(.type)
        if c.contains(.data), try !c.decodeNil(forKey: .data) {
            switch p.type {
            case .applicationCommand, .autocomplete:
                p.data = .applicationCommand(
                    try ApplicationCommandData(fields: c.nestedContainer(keyedBy: ApplicationCommandData.FieldKeys.self, forKey: .data)))
            case .messageComponent:
                p.data = .messageComponent(try MessageComponentData(from: c.superDecoder(forKey: .data)))
            case .modalSubmit:
                p.data = .modalSubmit(try ModalSubmitData(from: c.superDecoder(forKey: .data)))
            case .ping, .unknown:
                p.data = .unknown(try JSONValue(from: c.superDecoder(forKey: .data)))
            }
        } else {
            p.data = nil
        }
        p.guild_id = try c.snowflakeIfPresent(.guild_id)
        p.channel_id = try c.snowflakeIfPresent(.channel_id)
        if c.contains(.channel), try !c.decodeNil(forKey: .channel) {
            p.channel = try Channel(fields: c.nestedContainer(keyedBy: Channel.FieldKeys.self, forKey: .channel))
        } else {
            p.channel = nil
        }
        if c.contains(.member), try !c.decodeNil(forKey: .member) {
            p.member = try GuildMember(fields: c.nestedContainer(keyedBy: GuildMember.FieldKeys.self, forKey: .member))
        } else {
            p.member = nil
        }
        if c.contains(.user), try !c.decodeNil(forKey: .user) {
            p.user = try User(fields: c.nestedContainer(keyedBy: User.FieldKeys.self, forKey: .user))
        } else {
            p.user = nil
        }
        p.token = try c.decode(String.self, forKey: .token)
        p.version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        p.message = try c.decodeIfPresent(Message.self, forKey: .message)
        p.app_permissions = try c.permissionsIfPresent(.app_permissions)
        p.locale = try c.decodeIfPresent(String.self, forKey: .locale)
        p.guild_locale = try c.decodeIfPresent(String.self, forKey: .guild_locale)
        if c.contains(.entitlements), try !c.decodeNil(forKey: .entitlements) {
            // Usually empty: no generic array decode for nothing.
            let list = try c.nestedUnkeyedContainer(forKey: .entitlements)
            p.entitlements = list.isAtEnd ? [] : try c.decode([Entitlement].self, forKey: .entitlements)
        } else {
            p.entitlements = nil
        }
        if c.contains(.authorizing_integration_owners), try !c.decodeNil(forKey: .authorizing_integration_owners) {
            let owners = try c.nestedContainer(keyedBy: AnyJSONKey.self, forKey: .authorizing_integration_owners)
            var table: [String: GenericID] = [:]
            for key in owners.allKeys { table[key.stringValue] = try owners.snowflake(key) }
            p.authorizing_integration_owners = table
        } else {
            p.authorizing_integration_owners = nil
        }
        p.context = try c.discordEnumIfPresent(.context)
        p.attachment_size_limit = try c.decodeIfPresent(Int.self, forKey: .attachment_size_limit)
        box = Box(p)
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
