/// An option of a slash command or autocomplete interaction, as a member filled it in.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-interaction-data-option-structure
public struct CommandOptionValue: Sendable, Hashable {
    public var name: String
    /// Application command option type: 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean,
    /// 6 user, 7 channel, 8 role, 9 mentionable, 10 number, 11 attachment.
    public var type: Int
    public var value: Value?
    public var focused: Bool
    public var options: [CommandOptionValue]

    public enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int64)
        case number(Double)
        case boolean(Bool)
    }

    public init(name: String, type: Int, value: Value? = nil, focused: Bool = false, options: [CommandOptionValue] = []) {
        self.name = name
        self.type = type
        self.value = value
        self.focused = focused
        self.options = options
    }

    public static func string(_ name: String, _ value: String, focused: Bool = false) -> Self {
        Self(name: name, type: 3, value: .string(value), focused: focused)
    }
    public static func integer(_ name: String, _ value: Int64, focused: Bool = false) -> Self {
        Self(name: name, type: 4, value: .integer(value), focused: focused)
    }
    public static func boolean(_ name: String, _ value: Bool) -> Self { Self(name: name, type: 5, value: .boolean(value)) }
    public static func number(_ name: String, _ value: Double) -> Self { Self(name: name, type: 10, value: .number(value)) }
    /// User, channel and role options carry the snowflake as a string.
    public static func user(_ name: String, _ id: UInt64) -> Self { Self(name: name, type: 6, value: .string(String(id))) }
    public static func subcommand(_ name: String, _ options: [CommandOptionValue] = []) -> Self {
        Self(name: name, type: 1, options: options)
    }
    public static func group(_ name: String, _ subcommands: [CommandOptionValue]) -> Self {
        Self(name: name, type: 2, options: subcommands)
    }

    var json: JSON {
        var object: [String: JSON] = ["name": .string(name), "type": .int(Int64(type))]
        switch value {
        case .string(let s): object["value"] = .string(s)
        case .integer(let i): object["value"] = .int(i)
        case .number(let d): object["value"] = .double(d)
        case .boolean(let b): object["value"] = .bool(b)
        case nil: break
        }
        if focused { object["focused"] = true }
        if !options.isEmpty { object["options"] = .array(options.map(\.json)) }
        return .object(object)
    }
}

/// What the member did.
public enum InteractionKind: Sendable, Hashable {
    /// A chat-input (slash) command.
    case slashCommand(name: String, options: [CommandOptionValue] = [])
    /// A button click on a message the bot sent.
    case button(customID: String)
    /// A string select on a message the bot sent.
    case stringSelect(customID: String, values: [String])
    /// A modal submission: text inputs `(custom_id, value)` in order.
    case modalSubmit(customID: String, fields: [ModalField])
    /// Autocomplete while typing: mark the option being typed with `focused: true`.
    case autocomplete(name: String, options: [CommandOptionValue])

    /// One text input of a submitted modal.
    public struct ModalField: Sendable, Hashable {
        public var customID: String
        public var value: String
        public init(customID: String, value: String) {
            self.customID = customID
            self.value = value
        }
    }
}

extension InteractionKind {
    /// The custom id of the component a button or select interaction presses.
    var componentCustomID: String? {
        switch self {
        case .button(let customID), .stringSelect(let customID, _): customID
        default: nil
        }
    }
}

/// An interaction the sandbox sent; await its callback with `interactionCallback(for:)`.
public struct InjectedInteraction: Sendable, Hashable {
    public var id: UInt64
    public var token: String
    public var applicationID: UInt64
    public var shard: Int
    public var guildID: UInt64?
    public var channelID: UInt64
    public var userID: UInt64
    /// Sequence number of the INTERACTION_CREATE dispatch.
    public var sequence: Int
    /// The `d` of the dispatch, as sent.
    public var json: String
}

extension SandboxCore {
    func buildInteraction(
        _ kind: InteractionKind, id: UInt64, token: String, guild: SandboxGuild?, channelID: UInt64, userID: UInt64,
        username: String, locale: String, messageID: UInt64, entitlements: [JSON], message clicked: JSON? = nil
    ) -> JSON {
        let appID = String(configuration.applicationID)
        let user: JSON = [
            "id": .string(String(userID)), "username": .string(username), "discriminator": "0", "global_name": .string(username),
            "avatar": nil, "public_flags": 0,
        ]
        let commandID: (String) -> JSON = { name in
            let key = "\(guild.map { String($0.id) } ?? "global")/1/\(name)"
            let globalKey = "global/1/\(name)"
            let id = self.state.withLock { state in
                state.rest.commandIDs[key] ?? state.rest.commandIDs[globalKey] ?? {
                    let fresh = state.nextSnowflake()
                    state.rest.commandIDs[globalKey] = fresh
                    return fresh
                }()
            }
            return .string(String(id))
        }
        var object: [String: JSON] = [
            "id": .string(String(id)),
            "application_id": .string(appID),
            "token": .string(token),
            "version": 1,
            "channel_id": .string(String(channelID)),
            "channel": ["id": .string(String(channelID)), "type": .int(guild == nil ? 1 : 0), "name": "general"],
            "locale": .string(locale),
            "app_permissions": "2248473465835073",
            "entitlements": .array(entitlements),
            "authorizing_integration_owners": guild.map { ["0": .string(String($0.id))] } ?? ["1": .string(String(userID))],
            "context": .int(guild == nil ? 1 : 0),
            "attachment_size_limit": 26_214_400,
        ]
        if let guild {
            object["guild_id"] = .string(String(guild.id))
            object["guild_locale"] = "en-US"
            object["guild"] = ["id": .string(String(guild.id)), "locale": "en-US", "features": []]
            object["member"] = [
                "user": user, "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00", "nick": nil, "deaf": false,
                "mute": false, "flags": 0, "pending": false, "permissions": "2248473465835073", "premium_since": nil, "avatar": nil,
            ]
        } else {
            object["user"] = user
        }
        let message: JSON = clicked ?? [
            "id": .string(String(messageID)), "channel_id": .string(String(channelID)), "author": Self.botUser(configuration),
            "content": "", "timestamp": "2025-01-01T00:00:00.000000+00:00", "type": 0, "flags": 0, "components": [],
            "embeds": [], "attachments": [], "mentions": [], "mention_roles": [], "pinned": false, "tts": false,
            "mention_everyone": false, "edited_timestamp": nil,
        ]
        switch kind {
        case .slashCommand(let name, let options), .autocomplete(let name, let options):
            var isAutocomplete = false
            if case .autocomplete = kind { isAutocomplete = true }
            object["type"] = .int(isAutocomplete ? 4 : 2)
            var data: [String: JSON] = ["id": commandID(name), "name": .string(name), "type": 1]
            if !options.isEmpty { data["options"] = .array(options.map(\.json)) }
            if let guild { data["guild_id"] = .string(String(guild.id)) }
            object["data"] = .object(data)
        case .button(let customID):
            object["type"] = 3
            object["data"] = ["custom_id": .string(customID), "component_type": 2]
            object["message"] = message
        case .stringSelect(let customID, let values):
            object["type"] = 3
            object["data"] = ["custom_id": .string(customID), "component_type": 3, "values": .array(values.map(JSON.string))]
            object["message"] = message
        case .modalSubmit(let customID, let fields):
            object["type"] = 5
            let rows: [JSON] = fields.map { field in
                ["type": 1, "components": [["type": 4, "custom_id": .string(field.customID), "value": .string(field.value)]]]
            }
            object["data"] = ["custom_id": .string(customID), "components": .array(rows)]
        }
        return .object(object)
    }
}
