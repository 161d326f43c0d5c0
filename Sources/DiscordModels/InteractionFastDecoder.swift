import Foundation

extension Interaction {
    /// INTERACTION_CREATE's `d` read straight from its bytes, the way `GuildCreateSummary` reads
    /// GUILD_CREATE: the value `JSONDecoder().decode(Interaction.self, from:)` returns, or nil
    /// ("decline") for any input it does not read exactly as `JSONDecoder` does. The caller then
    /// decodes with `JSONDecoder`, so errors and odd inputs behave as they always did.
    ///
    /// Read natively: the top-level fields, `channel`, `member` (and its `user`), `user`,
    /// `authorizing_integration_owners`, an empty `entitlements`, `data` of application command,
    /// autocomplete and message component interactions (options to any depth), and `message`
    /// with its embeds, attachments and the components bots send (see `MessageFastDecoder.swift`).
    /// Handed to `JSONDecoder` as sub-slices: `resolved`, non-empty `entitlements`, `data` of
    /// modal submits and unknown interaction types, and a message's other components (text
    /// inputs, auto-populated selects, modal-only and unknown types), each on its own. Declined: JSON that is invalid anywhere (even
    /// in a skipped value), a field given twice, a key with an escape or non-ASCII byte, an id
    /// string with an escape, a number with a fraction or exponent where an integer is wanted, a
    /// number option value that `JSONDecoder` would read as an integer (`1e3`), and every type
    /// mismatch or missing required field (errors for `JSONDecoder`).
    public static func decodeFast(_ bytes: UnsafeRawBufferPointer) -> Interaction? {
        var reader = StrictJSONReader(bytes)
        do {
            let interaction = try reader.interaction()
            try reader.finish()
            return interaction
        } catch {
            return nil
        }
    }
}

/// The coding keys of the types' synthesized conformances (private to them), spelled again.
extension InteractionOption {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case name, type, value, options, focused
    }
}

extension MessageComponentData {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case custom_id, component_type, values, resolved
    }
}

/// The field tables, built once.
private enum Fields {
    static let interaction = FieldNameTable<Interaction.CodingKeys>()
    static let user = FieldNameTable<User.FieldKeys>()
    static let member = FieldNameTable<GuildMember.FieldKeys>()
    static let channel = FieldNameTable<Channel.FieldKeys>()
    static let command = FieldNameTable<ApplicationCommandData.FieldKeys>()
    static let option = FieldNameTable<InteractionOption.FieldKeys>()
    static let component = FieldNameTable<MessageComponentData.FieldKeys>()
}

/// Each reader builds the value `Interaction.init(from:)` builds (see `Interaction+Decoding.swift`).
extension StrictJSONReader {
    mutating func interaction() throws(FastPathDecline) -> Interaction {
        var id: InteractionID?
        var applicationID: ApplicationID?
        var type: InteractionType?
        var token: String?
        var interaction = Interaction.Properties()
        // `data` is read by `type`, which may come after it: then it is read once `type` is known.
        var deferredDataStart: Int?
        try readObject(Fields.interaction) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .application_id: applicationID = try reader.snowflake()
            case .type: type = try reader.discordEnum()
            case .data:
                if let type {
                    interaction.data = try reader.interactionData(for: type)
                } else {
                    deferredDataStart = reader.scanner.index
                    try reader.skipValue()
                }
            case .guild_id: interaction.guild_id = try reader.optionalSnowflake()
            case .channel_id: interaction.channel_id = try reader.optionalSnowflake()
            case .channel: interaction.channel = try reader.optionalChannel()
            case .member: interaction.member = try reader.optionalMember()
            case .user: interaction.user = try reader.optionalUser()
            case .token: token = try reader.string()
            case .version: interaction.version = try reader.optionalInt() ?? 1
            case .message: interaction.message = try reader.optionalMessage()
            case .app_permissions: interaction.app_permissions = try reader.optionalPermissions()
            case .locale: interaction.locale = try reader.optionalString()
            case .guild_locale: interaction.guild_locale = try reader.optionalString()
            case .entitlements: interaction.entitlements = try reader.optionalEntitlements()
            case .authorizing_integration_owners: interaction.authorizing_integration_owners = try reader.optionalOwners()
            case .context: interaction.context = try reader.optionalDiscordEnum()
            case .attachment_size_limit: interaction.attachment_size_limit = try reader.optionalInt()
            }
        }
        guard let id, let applicationID, let type, let token else { throw FastPathDecline() }
        interaction.id = id
        interaction.application_id = applicationID
        interaction.type = type
        interaction.token = token
        if let deferredDataStart {
            var dataReader = StrictJSONReader(scanner.bytes, at: deferredDataStart)
            interaction.data = try dataReader.interactionData(for: type)
            jsonDecoderUses += dataReader.jsonDecoderUses
        }
        return Interaction(properties: interaction)
    }

    /// `data` by interaction type; null is nil.
    mutating func interactionData(for type: InteractionType) throws(FastPathDecline) -> InteractionData? {
        if readNull() { return nil }
        switch type {
        case .applicationCommand, .autocomplete: return .applicationCommand(try commandData())
        case .messageComponent: return .messageComponent(try componentData())
        case .modalSubmit: return .modalSubmit(try decodedWithJSONDecoder(ModalSubmitData.self))
        case .ping, .unknown: return .unknown(try decodedWithJSONDecoder(JSONValue.self))
        }
    }

    mutating func optionalUser() throws(FastPathDecline) -> User? {
        if readNull() { return nil }
        var id: UserID?
        var username: String?
        var user = User(id: 0, username: "")
        try readObject(Fields.user) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .username: username = try reader.string()
            case .discriminator: user.discriminator = try reader.optionalString()
            case .global_name: user.global_name = try reader.optionalString()
            case .avatar: user.avatar = try reader.optionalString()
            case .bot: user.bot = try reader.optionalBool()
            case .system: user.system = try reader.optionalBool()
            case .banner: user.banner = try reader.optionalString()
            case .accent_color: user.accent_color = try reader.optionalInt()
            case .public_flags: user.public_flags = try reader.optionalInt()
            }
        }
        guard let id, let username else { throw FastPathDecline() }
        user.id = id
        user.username = username
        return user
    }

    mutating func optionalMember() throws(FastPathDecline) -> GuildMember? {
        if readNull() { return nil }
        var roles: [RoleID]?
        var member = GuildMember()
        try readObject(Fields.member) { reader, key throws(FastPathDecline) in
            switch key {
            case .user: member.user = try reader.optionalUser()
            case .nick: member.nick = try reader.optionalString()
            case .avatar: member.avatar = try reader.optionalString()
            case .roles: roles = try reader.snowflakes()
            case .joined_at: member.joined_at = try reader.optionalTimestamp()
            case .premium_since: member.premium_since = try reader.optionalTimestamp()
            case .deaf: member.deaf = try reader.optionalBool()
            case .mute: member.mute = try reader.optionalBool()
            case .flags: member.flags = try reader.optionalInt()
            case .pending: member.pending = try reader.optionalBool()
            case .permissions: member.permissions = try reader.optionalPermissions()
            case .communication_disabled_until: member.communication_disabled_until = try reader.optionalTimestamp()
            }
        }
        guard let roles else { throw FastPathDecline() }
        member.roles = roles
        return member
    }

    mutating func optionalChannel() throws(FastPathDecline) -> Channel? {
        if readNull() { return nil }
        var id: ChannelID?
        var type: ChannelType?
        var channel = Channel(id: 0, type: .guildText)
        try readObject(Fields.channel) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .type: type = try reader.discordEnum()
            case .guild_id: channel.guild_id = try reader.optionalSnowflake()
            case .name: channel.name = try reader.optionalString()
            case .position: channel.position = try reader.optionalInt()
            case .parent_id: channel.parent_id = try reader.optionalSnowflake()
            case .topic: channel.topic = try reader.optionalString()
            case .nsfw: channel.nsfw = try reader.optionalBool()
            case .permissions: channel.permissions = try reader.optionalPermissions()
            }
        }
        guard let id, let type else { throw FastPathDecline() }
        channel.id = id
        channel.type = type
        return channel
    }

    /// Usually `[]`; entitlements themselves go through `JSONDecoder`.
    mutating func optionalEntitlements() throws(FastPathDecline) -> [Entitlement]? {
        if readNull() { return nil }
        let start = scanner.index
        guard scanner.consume(UInt8(ascii: "[")) else { throw FastPathDecline() }
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return [] }
        scanner.index = start
        return try decodedWithJSONDecoder([Entitlement].self)
    }

    /// Installation context keys to owner ids; a null id is an error for `JSONDecoder`.
    mutating func optionalOwners() throws(FastPathDecline) -> [String: GenericID]? {
        if readNull() { return nil }
        var owners: [String: GenericID] = [:]
        try readObject { reader, key throws(FastPathDecline) in
            let name = String(decoding: key, as: UTF8.self)
            guard owners[name] == nil else { throw FastPathDecline() }
            owners[name] = try reader.snowflake()
        }
        return owners
    }

    mutating func commandData() throws(FastPathDecline) -> ApplicationCommandData {
        var id: CommandID?
        var name: String?
        var type: ApplicationCommandType?
        var data = ApplicationCommandData(id: 0, name: "")
        try readObject(Fields.command) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .name: name = try reader.string()
            case .type: type = try reader.discordEnum()
            case .resolved: data.resolved = try reader.optionalDecodedWithJSONDecoder(ResolvedData.self)
            case .options: data.options = try reader.optionalOptions(depth: 0)
            case .guild_id: data.guild_id = try reader.optionalSnowflake()
            case .target_id: data.target_id = try reader.optionalSnowflake()
            }
        }
        guard let id, let name, let type else { throw FastPathDecline() }
        data.id = id
        data.name = name
        data.type = type
        return data
    }

    /// Options nest three deep at most (group, subcommand, option); deeper input is declined.
    mutating func optionalOptions(depth: Int) throws(FastPathDecline) -> [InteractionOption]? {
        if readNull() { return nil }
        guard depth < 8 else { throw FastPathDecline() }
        return try array { reader throws(FastPathDecline) in try reader.option(depth: depth) }
    }

    mutating func option(depth: Int) throws(FastPathDecline) -> InteractionOption {
        var name: String?
        var type: ApplicationCommandOptionType?
        var option = InteractionOption(name: "", type: .string)
        try readObject(Fields.option) { reader, key throws(FastPathDecline) in
            switch key {
            case .name: name = try reader.string()
            case .type: type = try reader.discordEnum()
            case .value: option.value = try reader.optionalOptionValue()
            case .options: option.options = try reader.optionalOptions(depth: depth + 1)
            case .focused: option.focused = try reader.optionalBool()
            }
        }
        guard let name, let type else { throw FastPathDecline() }
        option.name = name
        option.type = type
        return option
    }

    /// As `OptionValue.init(from:)`, which tries Bool, Int64, Double, then String. A number with a
    /// fraction or exponent is a double unless `JSONDecoder` would take it as an integer (`1e3`,
    /// `2.0`: declined); one it would refuse (out of range, subnormal) is declined too.
    mutating func optionalOptionValue() throws(FastPathDecline) -> OptionValue? {
        switch nextByte {
        case UInt8(ascii: "n"):
            guard readNull() else { throw FastPathDecline() }
            return nil
        case JSONScanner.quote: return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean(try bool())
        default:
            guard let token = scanner.scanNumberStrictly() else { throw FastPathDecline() }
            if token.isInteger {
                guard let value = scanner.integerValue(of: token) else { throw FastPathDecline() }
                return .integer(value)
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[token.range]), as: UTF8.self)
            guard let value = Double(text), value.isNormal, Int64(exactly: value) == nil else { throw FastPathDecline() }
            return .double(value)
        }
    }

    mutating func componentData() throws(FastPathDecline) -> MessageComponentData {
        var customID: String?
        var componentType: ComponentType?
        var data = MessageComponentData(custom_id: "", component_type: .button)
        try readObject(Fields.component) { reader, key throws(FastPathDecline) in
            switch key {
            case .custom_id: customID = try reader.string()
            case .component_type: componentType = try reader.discordEnum()
            case .values: data.values = try reader.optionalStrings()
            case .resolved: data.resolved = try reader.optionalDecodedWithJSONDecoder(ResolvedData.self)
            }
        }
        guard let customID, let componentType else { throw FastPathDecline() }
        data.custom_id = customID
        data.component_type = componentType
        return data
    }
}
