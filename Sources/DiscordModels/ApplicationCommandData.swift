/// `data` of an application command or autocomplete interaction.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-data-structure
public struct ApplicationCommandData: Sendable, Hashable, Codable {
    public var id: CommandID
    public var name: String
    public var type: ApplicationCommandType
    public var resolved: ResolvedData?
    public var options: [InteractionOption]?
    public var guild_id: GuildID?
    /// User or message the context menu command targets.
    public var target_id: GenericID?

    public init(
        id: CommandID, name: String, type: ApplicationCommandType = .chatInput, resolved: ResolvedData? = nil,
        options: [InteractionOption]? = nil, guild_id: GuildID? = nil, target_id: GenericID? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.resolved = resolved
        self.options = options
        self.guild_id = guild_id
        self.target_id = target_id
    }

    /// The subcommand group and subcommand names, e.g. `["pack", "open"]` for `/gacha pack open`.
    public var subcommandPath: [String] {
        var path: [String] = []
        var current = options ?? []
        while let first = current.first, first.type == .subCommand || first.type == .subCommandGroup {
            path.append(first.name)
            current = first.options ?? []
        }
        return path
    }

    /// `name` followed by the subcommand path: `"gacha pack open"`.
    public var fullName: String { ([name] + subcommandPath).joined(separator: " ") }

    /// The options given to the innermost subcommand (or to the command itself).
    public var leafOptions: [InteractionOption] {
        var current = options ?? []
        while let first = current.first, first.type == .subCommand || first.type == .subCommandGroup {
            current = first.options ?? []
        }
        return current
    }

    public func option(named name: String) -> InteractionOption? {
        leafOptions.first { $0.name == name }
    }

    /// The option the user is typing into (autocomplete).
    public var focusedOption: InteractionOption? {
        leafOptions.first { $0.focused == true }
    }
}

/// An option the user filled in (or a subcommand, whose `options` are nested).
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-interaction-data-option-structure
public struct InteractionOption: Sendable, Hashable, Codable {
    public var name: String
    public var type: ApplicationCommandOptionType
    public var value: OptionValue?
    public var options: [InteractionOption]?
    /// True for the option being typed into, in an autocomplete interaction.
    public var focused: Bool?

    public init(
        name: String, type: ApplicationCommandOptionType, value: OptionValue? = nil,
        options: [InteractionOption]? = nil, focused: Bool? = nil
    ) {
        self.name = name
        self.type = type
        self.value = value
        self.options = options
        self.focused = focused
    }
}

/// The value of an option: string (also user/channel/role/mentionable/attachment ids), integer,
/// number or boolean. In autocomplete, the focused option's value is whatever was typed so far
/// (a string even for numeric options).
public enum OptionValue: Sendable, Hashable, Codable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// An integer, also from a whole double or a numeric string (autocomplete input).
    public var intValue: Int64? {
        switch self {
        case .integer(let value): value
        case .double(let value): Int64(exactly: value)
        case .string(let value): Int64(value)
        case .boolean: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        case .string(let value): Double(value)
        case .boolean: nil
        }
    }

    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The id of a user, channel, role, mentionable or attachment option.
    public func snowflake<Kind>(_ kind: Kind.Type = Kind.self) -> Snowflake<Kind>? {
        stringValue.flatMap { Snowflake<Kind>($0) }
    }
}
