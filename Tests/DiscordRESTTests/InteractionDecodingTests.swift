import Foundation
import Testing

@testable import DiscordModels

/// `Interaction.init(from:)` reads members, users, command data, snowflakes, permissions and
/// timestamps through the containers' concrete entry points (for speed). Every part it builds
/// must equal what the part's own `Codable` conformance decodes from the same JSON.
struct InteractionDecodingTests {
    /// DiscordModelsTests' interaction fixtures, read from the source tree.
    static let fixtures = [
        "interaction_slash_subcommand", "interaction_autocomplete", "interaction_button", "interaction_string_select",
        "interaction_modal_submit",
    ]

    static func fixture(_ name: String) throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../DiscordModelsTests/Fixtures/\(name).json")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return payload["d"] as? [String: Any] ?? payload  // a whole gateway payload, or its `d`
    }

    static func json(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
    }

    /// Decodes `T` from one member of `object` with `T`'s own conformance.
    static func reference<T: Decodable>(_ type: T.Type, _ object: [String: Any], _ key: String) throws -> T? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return try JSONDecoder().decode(T.self, from: json(value))
    }

    static func snowflake(_ value: Any?) -> UInt64? {
        if let string = value as? String { return UInt64(string) }
        return (value as? NSNumber)?.uint64Value
    }

    static func expectMatchesReference(_ object: [String: Any]) throws {
        let interaction = try JSONDecoder().decode(Interaction.self, from: json(object))
        #expect(interaction.id.rawValue == snowflake(object["id"]))
        #expect(interaction.application_id.rawValue == snowflake(object["application_id"]))
        #expect(interaction.type.rawValue == object["type"] as? Int)
        #expect(interaction.guild_id?.rawValue == snowflake(object["guild_id"]))
        #expect(interaction.channel_id?.rawValue == snowflake(object["channel_id"]))
        #expect(interaction.token == object["token"] as? String)
        #expect(interaction.version == (object["version"] as? Int ?? 1))
        #expect(interaction.locale == object["locale"] as? String)
        #expect(interaction.guild_locale == object["guild_locale"] as? String)
        #expect(interaction.context?.rawValue == object["context"] as? Int)
        #expect(interaction.attachment_size_limit == object["attachment_size_limit"] as? Int)
        #expect(interaction.app_permissions == (try reference(Permissions.self, object, "app_permissions")))
        #expect(interaction.member == (try reference(GuildMember.self, object, "member")))
        #expect(interaction.user == (try reference(User.self, object, "user")))
        #expect(interaction.channel == (try reference(Channel.self, object, "channel")))
        #expect(interaction.message == (try reference(Message.self, object, "message")))
        #expect(interaction.entitlements == (try reference([Entitlement].self, object, "entitlements")))
        #expect(
            interaction.authorizing_integration_owners
                == (try reference([String: GenericID].self, object, "authorizing_integration_owners")))
        if interaction.type == .applicationCommand || interaction.type == .autocomplete {
            #expect(interaction.commandData == (try reference(ApplicationCommandData.self, object, "data")))
        }
        // The parts read by hand survive their own encoding.
        let again = try JSONDecoder().decode(Interaction.self, from: JSONEncoder().encode(interaction))
        #expect(again.member == interaction.member && again.user == interaction.user && again.data == interaction.data)
        #expect(again.id == interaction.id && again.authorizing_integration_owners == interaction.authorizing_integration_owners)
    }

    @Test(arguments: fixtures)
    func fixturesDecodeAsTheirPartsDo(name: String) throws {
        try Self.expectMatchesReference(try Self.fixture(name))
    }

    @Test func numbersForIdsAndPermissionsAndNullsAreReadAsTheTypesReadThem() throws {
        var object = try Self.fixture("interaction_slash_subcommand")
        object["id"] = NSNumber(value: UInt64(786_008_729_715_212_338))
        object["guild_id"] = NSNull()
        object["channel_id"] = NSNumber(value: 41)
        object["app_permissions"] = NSNumber(value: 442_368)
        object["authorizing_integration_owners"] = ["0": NSNumber(value: 5), "1": "6"]
        object["entitlements"] = NSNull()
        var member = try #require(object["member"] as? [String: Any])
        member["roles"] = ["1", NSNumber(value: 2)]
        member["permissions"] = NSNumber(value: 8)
        member["communication_disabled_until"] = "2025-01-01T00:00:00Z"
        member["user"] = NSNull()
        object["member"] = member
        object["user"] = ["id": NSNumber(value: 9), "username": "u", "bot": true, "accent_color": 3]
        try Self.expectMatchesReference(object)
        let interaction = try JSONDecoder().decode(Interaction.self, from: Self.json(object))
        #expect(interaction.member?.roles == [1, 2])
        #expect(interaction.member?.user == nil && interaction.user?.id == 9)
        #expect(interaction.authorizing_integration_owners == ["0": 5, "1": 6])
        #expect(interaction.entitlements == nil && interaction.guild_id == nil)
    }

    /// A member and the JSON (text) it is replaced with.
    @Test(arguments: [
        ("id", #""12a""#), ("id", "null"), ("token", "1"), ("type", #""2""#), ("app_permissions", #""lots""#),
        ("member", #"{"roles": ["x"]}"#), ("member", #"{"user": {"id": "1"}, "roles": []}"#),
        ("member", #"{"roles": [], "joined_at": "yesterday"}"#), ("authorizing_integration_owners", #"{"0": "?"}"#),
    ])
    func malformedPartsFailAsTheTypesFail(key: String, json: String) throws {
        var object = try Self.fixture("interaction_slash_subcommand")
        object[key] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        let data = try Self.json(object)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Interaction.self, from: data) }
    }

    @Test func missingRequiredFieldsFail() throws {
        for key in ["id", "application_id", "type", "token"] {
            var object = try Self.fixture("interaction_button")
            object[key] = nil
            let data = try Self.json(object)
            #expect(throws: DecodingError.self, "without \(key)") { try JSONDecoder().decode(Interaction.self, from: data) }
        }
    }

    /// The hand-written readers list every stored property of their types: a field added to
    /// `User`, `GuildMember`, `Channel`, `ApplicationCommandData` or `Interaction` must be added
    /// to its reader too, or this fails.
    @Test func everyStoredPropertyHasAKey() throws {
        func labels(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        let user = User(id: 1, username: "u")
        #expect(labels(user) == Set(User.FieldKeys.allCases.map(\.stringValue)))
        #expect(labels(GuildMember()) == Set(GuildMember.FieldKeys.allCases.map(\.stringValue)))
        #expect(labels(Channel(id: 1, type: .guildText)) == Set(Channel.FieldKeys.allCases.map(\.stringValue)))
        #expect(
            labels(ApplicationCommandData(id: 1, name: "n")) == Set(ApplicationCommandData.FieldKeys.allCases.map(\.stringValue)))
        // An interaction keeps its stored properties in one shared box.
        #expect(labels(Interaction.Properties()) == Set(Interaction.CodingKeys.allCases.map(\.stringValue)))
    }
}
