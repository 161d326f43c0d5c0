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

/// An interaction built by `prepareInteraction`, not sent yet: `injectInteractions` sends it.
public struct PreparedInteraction: Sendable {
    /// What `injectInteractions` returns for it, but for the sequence number.
    public var interaction: InjectedInteraction
    /// The interaction whose message carries the pressed component, for a button or select.
    var clickedInteractionID: UInt64?
}

extension InteractionKind {
    /// The application command a slash command or autocomplete interaction names.
    var commandName: String? {
        switch self {
        case .slashCommand(let name, _), .autocomplete(let name, _): name
        default: nil
        }
    }

    /// The ids of the files its attachment options name.
    var attachmentIDs: [UInt64] {
        switch self {
        case .slashCommand(_, let options), .autocomplete(_, let options): options.flatMap(\.attachmentIDs)
        default: []
        }
    }
}

extension SandboxCore.State {
    /// The id of command `name` (chat input) as the guild's or the global bulk overwrite stored it;
    /// a fresh one, kept as global, for a command the bot never registered.
    mutating func commandID(name: String, guildID: UInt64?) -> UInt64 {
        let globalKey = "global/1/\(name)"
        if let guildID, let id = rest.commandIDs["\(guildID)/1/\(name)"] { return id }
        if let id = rest.commandIDs[globalKey] { return id }
        let fresh = nextSnowflake()
        rest.commandIDs[globalKey] = fresh
        return fresh
    }
}

extension SandboxCore {
    /// The `d` of an INTERACTION_CREATE, as Discord sends it. Written directly with keys in sorted
    /// order, the same text a `JSON` tree serializes to, without building the tree: the interaction
    /// benchmark injects thousands a second and this ran on the harness's share of the cores.
    func buildInteraction(
        _ kind: InteractionKind, id: UInt64, token: String, guild: SandboxGuild?, channelID: UInt64, userID: UInt64,
        username: String, locale: String, messageID: UInt64, commandID: UInt64?, entitlements: [JSON], message clicked: JSON? = nil,
        attachments: [SandboxAttachment] = [], memberPermissions: UInt64? = nil
    ) -> String {
        let appID = configuration.applicationID
        var w = JSONWriter()
        w.beginObject()
        w.key("app_permissions")
        w.literal("\"2248473465835073\"")
        w.key("application_id")
        w.quoted(appID)
        w.key("attachment_size_limit")
        w.int(26_214_400)
        w.key("authorizing_integration_owners")
        w.beginObject()
        if let guild {
            w.key("0")
            w.quoted(guild.id)
        } else {
            w.key("1")
            w.quoted(userID)
        }
        w.endObject()
        w.key("channel")
        w.beginObject()
        w.key("id")
        w.quoted(channelID)
        w.key("name")
        w.literal("\"general\"")
        w.key("type")
        w.int(guild == nil ? 1 : 0)
        w.endObject()
        w.key("channel_id")
        w.quoted(channelID)
        w.key("context")
        w.int(guild == nil ? 1 : 0)
        w.key("data")
        writeData(of: kind, commandID: commandID, guildID: guild?.id, attachments: attachments, to: &w)
        w.key("entitlements")
        w.value(.array(entitlements))
        if let guild {
            w.key("guild")
            w.beginObject()
            w.key("features")
            w.literal("[]")
            w.key("id")
            w.quoted(guild.id)
            w.key("locale")
            w.literal("\"en-US\"")
            w.endObject()
            w.key("guild_id")
            w.quoted(guild.id)
            w.key("guild_locale")
            w.literal("\"en-US\"")
        }
        w.key("id")
        w.quoted(id)
        w.key("locale")
        w.string(locale)
        if guild != nil {
            w.key("member")
            w.beginObject()
            w.key("avatar")
            w.null()
            w.key("deaf")
            w.bool(false)
            w.key("flags")
            w.int(0)
            w.key("joined_at")
            w.literal("\"2025-01-01T00:00:00.000000+00:00\"")
            w.key("mute")
            w.bool(false)
            w.key("nick")
            w.null()
            w.key("pending")
            w.bool(false)
            w.key("permissions")
            if let memberPermissions {
                w.quoted(memberPermissions)
            } else {
                w.literal("\"2248473465835073\"")
            }
            w.key("premium_since")
            w.null()
            w.key("roles")
            w.literal("[]")
            w.key("user")
            writeUser(id: userID, username: username, to: &w)
            w.endObject()
        }
        if kind.componentCustomID != nil {
            // A button or select press carries the message it sits on.
            w.key("message")
            w.value(
                clicked ?? [
                    "id": .string(String(messageID)), "channel_id": .string(String(channelID)), "author": botUserJSON,
                    "content": "", "timestamp": "2025-01-01T00:00:00.000000+00:00", "type": 0, "flags": 0, "components": [],
                    "embeds": [], "attachments": [], "mentions": [], "mention_roles": [], "pinned": false, "tts": false,
                    "mention_everyone": false, "edited_timestamp": nil,
                ])
        }
        w.key("token")
        w.string(token)
        w.key("type")
        switch kind {
        case .slashCommand: w.int(2)
        case .autocomplete: w.int(4)
        case .button, .stringSelect: w.int(3)
        case .modalSubmit: w.int(5)
        }
        if guild == nil {
            w.key("user")
            writeUser(id: userID, username: username, to: &w)
        }
        w.key("version")
        w.int(1)
        w.endObject()
        return w.text
    }

    private func writeUser(id: UInt64, username: String, to w: inout JSONWriter) {
        w.beginObject()
        w.key("avatar")
        w.null()
        w.key("discriminator")
        w.literal("\"0\"")
        w.key("global_name")
        w.string(username)
        w.key("id")
        w.quoted(id)
        w.key("public_flags")
        w.int(0)
        w.key("username")
        w.string(username)
        w.endObject()
    }

    /// The interaction's `data`: the command with its options, or the component or modal submitted.
    private func writeData(
        of kind: InteractionKind, commandID: UInt64?, guildID: UInt64?, attachments: [SandboxAttachment], to w: inout JSONWriter
    ) {
        switch kind {
        case .slashCommand(let name, let options), .autocomplete(let name, let options):
            w.beginObject()
            if let guildID {
                w.key("guild_id")
                w.quoted(guildID)
            }
            w.key("id")
            w.quoted(commandID ?? 0)
            w.key("name")
            w.string(name)
            if !options.isEmpty {
                w.key("options")
                w.value(.array(options.map(\.json)))
            }
            if !attachments.isEmpty {
                // The files attachment options name, keyed by id, as Discord resolves them.
                w.key("resolved")
                w.value(["attachments": .object(Dictionary(uniqueKeysWithValues: attachments.map { (String($0.id), $0.json) }))])
            }
            w.key("type")
            w.int(1)
            w.endObject()
        case .button(let customID):
            w.value(["custom_id": .string(customID), "component_type": 2])
        case .stringSelect(let customID, let values):
            w.value(["custom_id": .string(customID), "component_type": 3, "values": .array(values.map(JSON.string))])
        case .modalSubmit(let customID, let fields):
            let rows: [JSON] = fields.map { field in
                ["type": 1, "components": [["type": 4, "custom_id": .string(field.customID), "value": .string(field.value)]]]
            }
            w.value(["custom_id": .string(customID), "components": .array(rows)])
        }
    }
}
