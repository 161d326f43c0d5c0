import Testing

@testable import DiscordSandbox

/// INTERACTION_CREATE's `d`, written directly by `buildInteraction`, is the text the `JSON` tree
/// it replaced serialized to (keys sorted, same numbers and escapes), for every kind of interaction.
@Suite("Sandbox interaction payloads")
struct InteractionPayloadTests {
    static let guild = SandboxGuild(id: 1_400_000_000_000_000_001, name: "g")
    static let kinds: [InteractionKind] = [
        .slashCommand(name: "status"),
        .slashCommand(name: "pull", options: [.integer("count", 10), .string("banner", "say \"hi\"\n"), .boolean("x", true)]),
        .slashCommand(name: "admin", options: [.group("g", [.subcommand("s", [.number("n", 1.5), .user("u", 42)])])]),
        .autocomplete(name: "pull", options: [.string("banner", "sta", focused: true)]),
        .button(customID: "pull:1"),
        .stringSelect(customID: "pick", values: ["a", "b"]),
        .modalSubmit(customID: "form", fields: [.init(customID: "name", value: "Ann\u{e9}")]),
    ]

    @Test(arguments: [true, false])
    func writtenTextEqualsTheTreeSerialized(inGuild: Bool) throws {
        let core = SandboxCore(configuration: SandboxConfiguration(guilds: [Self.guild]))
        let clicked: JSON = ["id": "5", "components": [["type": 1, "components": [["type": 2, "custom_id": "pull:1"]]]]]
        let entitlements: [JSON] = [["id": "9", "sku_id": "8", "deleted": false]]
        for kind in Self.kinds {
            for message in [nil, clicked] {
                let guild = inGuild ? Self.guild : nil
                let written = core.buildInteraction(
                    kind, id: 1_350_000_000_000_000_123, token: "tok\"en", guild: guild, channelID: 77, userID: 1_300_000_000_000_000_001,
                    username: "mem\\ber", locale: "fr", messageID: 1_350_000_000_000_000_124, commandID: 1_350_000_000_000_000_200,
                    entitlements: entitlements, message: message)
                let tree = core.treeInteraction(
                    kind, id: 1_350_000_000_000_000_123, token: "tok\"en", guild: guild, channelID: 77, userID: 1_300_000_000_000_000_001,
                    username: "mem\\ber", locale: "fr", messageID: 1_350_000_000_000_000_124, commandID: 1_350_000_000_000_000_200,
                    entitlements: entitlements, message: message)
                #expect(written == tree.serialized, "\(kind)")
                #expect(try JSON(parsing: written) == tree, "\(kind)")
            }
        }
    }
}

extension SandboxCore {
    /// The tree `buildInteraction` built before it wrote the text directly: the reference.
    func treeInteraction(
        _ kind: InteractionKind, id: UInt64, token: String, guild: SandboxGuild?, channelID: UInt64, userID: UInt64,
        username: String, locale: String, messageID: UInt64, commandID fixedCommandID: UInt64, entitlements: [JSON],
        message clicked: JSON? = nil
    ) -> JSON {
        let appID = String(configuration.applicationID)
        let user: JSON = [
            "id": .string(String(userID)), "username": .string(username), "discriminator": "0", "global_name": .string(username),
            "avatar": nil, "public_flags": 0,
        ]
        let commandID: (String) -> JSON = { _ in .string(String(fixedCommandID)) }
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
        let message: JSON =
            clicked ?? [
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
