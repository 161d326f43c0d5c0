import Foundation
import Testing

@testable import DiscordModels

/// `Interaction.decodeFast` against `JSONDecoder`: whenever the fast path returns a value, it is
/// the value `JSONDecoder` returns; the common shapes are read natively, not declined.
@Suite struct InteractionFastDecoderTests {
    static let fixtures = [
        "interaction_slash_subcommand", "interaction_autocomplete", "interaction_button", "interaction_string_select",
        "interaction_modal_submit",
    ]

    static func fast(_ bytes: [UInt8]) -> Interaction? {
        bytes.withUnsafeBytes { Interaction.decodeFast($0) }
    }

    static func slow(_ bytes: [UInt8]) -> Interaction? {
        try? JSONDecoder().decode(Interaction.self, from: Data(bytes))
    }

    /// The fast path's answer for `bytes`, checked against `JSONDecoder`'s when it gives one.
    @discardableResult
    static func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Interaction? {
        guard let fast = fast(bytes) else { return nil }
        let slow = slow(bytes)
        #expect(
            slow != nil, "fast path accepted what JSONDecoder refuses: \(String(decoding: bytes, as: UTF8.self))",
            sourceLocation: sourceLocation)
        if let slow {
            #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        return fast
    }

    /// The `d` of a fixture (some are whole gateway payloads).
    static func fixture(_ name: String) throws -> [UInt8] {
        let bytes = try Fixture.bytes(name)
        guard let header = GatewayFrameHeader.scan(bytes), header.op == .dispatch, let d = header.data(in: bytes) else { return bytes }
        return Array(d)
    }

    // MARK: Payloads shaped as the loopback Discord builds them (DiscordSandbox `buildInteraction`)

    enum Shape: String, CaseIterable {
        case slashCommand, autocomplete, button, stringSelect, modalSubmit
    }

    static func user() -> [String: Any] {
        [
            "id": "53908232506183680", "username": "mason", "discriminator": "0", "global_name": "Mason", "avatar": NSNull(),
            "public_flags": 0,
        ]
    }

    static func loopbackObject(_ shape: Shape, inGuild: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "id": "1417266497826132000", "application_id": "845027738276462632", "token": "aW50ZXJhY3Rpb246MTQxNzI2NjQ5Nzg",
            "version": 1, "channel_id": "772908445358620702",
            "channel": ["id": "772908445358620702", "type": inGuild ? 0 : 1, "name": "general"], "locale": "en-US",
            "app_permissions": "2248473465835073", "entitlements": [Any](),
            "authorizing_integration_owners": inGuild ? ["0": "772904309264089089"] : ["1": "53908232506183680"],
            "context": inGuild ? 0 : 1, "attachment_size_limit": 26_214_400,
        ]
        if inGuild {
            object["guild_id"] = "772904309264089089"
            object["guild_locale"] = "en-US"
            object["guild"] = ["id": "772904309264089089", "locale": "en-US", "features": [Any]()]
            object["member"] = [
                "user": user(), "roles": [Any](), "joined_at": "2025-01-01T00:00:00.000000+00:00", "nick": NSNull(), "deaf": false,
                "mute": false, "flags": 0, "pending": false, "permissions": "2248473465835073", "premium_since": NSNull(),
                "avatar": NSNull(),
            ]
        } else {
            object["user"] = user()
        }
        let message: [String: Any] = [
            "id": "1417266497826132001", "channel_id": "772908445358620702",
            "author": ["id": "845027738276462632", "username": "Gachabot", "bot": true, "discriminator": "0", "avatar": NSNull()],
            "content": "", "timestamp": "2025-01-01T00:00:00.000000+00:00", "type": 0, "flags": 0, "components": [Any](),
            "embeds": [Any](), "attachments": [Any](), "mentions": [Any](), "mention_roles": [Any](), "pinned": false, "tts": false,
            "mention_everyone": false, "edited_timestamp": NSNull(),
        ]
        switch shape {
        case .slashCommand, .autocomplete:
            object["type"] = shape == .autocomplete ? 4 : 2
            let leaf: [[String: Any]] =
                shape == .autocomplete
                ? [["name": "card", "type": 3, "value": "drag", "focused": true], ["name": "count", "type": 4, "value": 3]]
                : [["name": "pack", "type": 3, "value": "starter"], ["name": "count", "type": 4, "value": 10]]
            var data: [String: Any] = [
                "id": "1417266497826132002", "name": "gacha", "type": 1,
                "options": [["name": "pack", "type": 2, "options": [["name": "open", "type": 1, "options": leaf]]]],
            ]
            if inGuild { data["guild_id"] = "772904309264089089" }
            object["data"] = data
        case .button:
            object["type"] = 3
            object["data"] = ["custom_id": "pull:1417266497826132000", "component_type": 2]
            object["message"] = message
        case .stringSelect:
            object["type"] = 3
            object["data"] = ["custom_id": "class_select", "component_type": 3, "values": ["mage", "rogue"]]
            object["message"] = message
        case .modalSubmit:
            object["type"] = 5
            object["data"] = [
                "custom_id": "feedback_modal",
                "components": [["type": 1, "components": [["type": 4, "custom_id": "bug", "value": "The pull button does nothing"]]]],
            ]
        }
        return object
    }

    static func json(_ object: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
    }

    // MARK: Equivalence on the real shapes

    @Test(arguments: fixtures)
    func fixturesAreReadNativelyAndEqualJSONDecoder(name: String) throws {
        let bytes = try Self.fixture(name)
        let fast = try #require(Self.fast(bytes), "declined \(name)")
        #expect(fast == (try JSONDecoder().decode(Interaction.self, from: Data(bytes))))
    }

    @Test(arguments: Shape.allCases, [true, false])
    func loopbackShapesAreReadNativelyAndEqualJSONDecoder(shape: Shape, inGuild: Bool) throws {
        let bytes = try Self.json(Self.loopbackObject(shape, inGuild: inGuild))
        let fast = try #require(Self.fast(bytes), "declined \(shape) inGuild: \(inGuild)")
        #expect(fast == (try JSONDecoder().decode(Interaction.self, from: Data(bytes))))
        // Spot checks that the native fields were read at all (equality alone would pass if both paths dropped them).
        #expect(fast.invoker?.global_name == "Mason")
        #expect(fast.context == (inGuild ? .guild : .botDM))
        #expect(fast.channel?.name == "general" && fast.entitlements == [])
        if inGuild {
            #expect(fast.member?.joined_at != nil && fast.member?.permissions?.rawValue == 2_248_473_465_835_073)
        }
        switch shape {
        case .slashCommand:
            #expect(fast.commandData?.fullName == "gacha pack open" && fast.commandData?.option(named: "count")?.value == .integer(10))
        case .autocomplete: #expect(fast.commandData?.focusedOption?.value == .string("drag"))
        case .button: #expect(fast.customID == "pull:1417266497826132000" && fast.message?.author?.username == "Gachabot")
        case .stringSelect: #expect(fast.componentData?.values == ["mage", "rogue"])
        case .modalSubmit: #expect(fast.modalData?.value(for: "bug") == "The pull button does nothing")
        }
    }

    /// The dispatch entry points take the fast path (array and `Data`) and fall back on a decline.
    @Test func gatewayDispatchDecodesInteractionsBothWays() throws {
        let bytes = try Self.json(Self.loopbackObject(.slashCommand, inGuild: true))
        let expected = try JSONDecoder().decode(Interaction.self, from: Data(bytes))
        #expect(try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: bytes) == .interactionCreate(expected))
        #expect(try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: Data(bytes)) == .interactionCreate(expected))
        #expect(
            try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: Data(bytes), decoder: JSONDecoder())
                == .interactionCreate(expected))
        // Declined (a version with a fraction), still decoded by JSONDecoder.
        let declined = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: #""version":1"#, with: #""version":1.0"#).utf8)
        #expect(Self.fast(declined) == nil)
        #expect(try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: declined) == .interactionCreate(expected))
        // Errors stay JSONDecoder's.
        #expect(throws: DecodingError.self) {
            try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: Array(#"{"id":"1"}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try GatewayDispatch.decode(eventName: "INTERACTION_CREATE", data: Data(#"{"id":"1"}"#.utf8)) }
    }

    // MARK: Targeted cases

    /// A minimal slash command with `extra` spliced in as top-level members, and `option` as the
    /// one option's members.
    static func command(extra: String = "", option: String = #""name":"n","type":3,"value":"v""#) -> [UInt8] {
        let text =
            #"{"id":"1","application_id":"2","type":2,"token":"t","# + extra
            + #""data":{"id":"3","name":"cmd","type":1,"options":[{"# + option + #"}]}}"#
        return Array(text.utf8)
    }

    @Test func escapesInStringsAreResolved() throws {
        let samples = [#"a\nb"#, #"q\"q"#, #"back\\slash"#, #"\u00e9t\u00E9"#, #"\ud83d\ude00"#, #"\/\b\f\r\t"#, #"\u0000"#, "plain ü日本😀"]
        for sample in samples {
            let bytes = Self.command(extra: #""locale":"\#(sample)","#, option: #""name":"\#(sample)","type":3,"value":"\#(sample)""#)
            let fast = try #require(Self.expectAgreement(bytes), "declined \(sample)")
            let button = Array(
                #"{"id":"1","application_id":"2","type":3,"token":"\#(sample)","data":{"custom_id":"\#(sample)","component_type":2}}"#.utf8)
            let pressed = try #require(Self.expectAgreement(button), "declined \(sample)")
            #expect(pressed.customID == pressed.token && fast.locale == fast.commandData?.options?.first?.name)
        }
        #expect(Self.expectAgreement(Self.command(extra: #""locale":"\ud83d\ude00","#))?.locale == "😀")
    }

    @Test func nullAndAbsentOptionalsMatch() throws {
        let fields = [
            "guild_id", "channel_id", "channel", "member", "user", "message", "app_permissions", "locale", "guild_locale", "entitlements",
            "authorizing_integration_owners", "context", "attachment_size_limit", "version",
        ]
        for field in fields {
            let fast = try #require(Self.expectAgreement(Self.command(extra: #""\#(field)":null,"#)), "declined null \(field)")
            #expect(fast.version == 1)
        }
        // Inside a member, a user, a channel, an option, the command data.
        let member =
            #""member":{"roles":[],"user":{"id":"5","username":"u","global_name":null,"avatar":null,"bot":null},"nick":null,"#
            + #""joined_at":null,"premium_since":null,"communication_disabled_until":null,"permissions":null,"flags":null},"#
        #expect(Self.expectAgreement(Self.command(extra: member))?.member?.user?.global_name == nil)
        #expect(Self.expectAgreement(Self.command(extra: #""channel":{"id":"9","type":0,"name":null,"parent_id":null},"#)) != nil)
        let option = Self.expectAgreement(Self.command(option: #""name":"n","type":3,"value":null,"options":null,"focused":null"#))
        #expect(option?.commandData?.options?.first == InteractionOption(name: "n", type: .string))
        // A required field null or absent: declined, and JSONDecoder fails too.
        for broken in [Self.command(extra: #""member":{"roles":null},"#), Array(#"{"id":"1","application_id":"2","type":2}"#.utf8)] {
            #expect(Self.fast(broken) == nil && Self.slow(broken) == nil)
        }
    }

    @Test func snowflakesAndPermissionsAsNumbers() throws {
        let bytes =
            Array(
                #"{"id":786008729715212338,"application_id":2,"type":2,"token":"t","guild_id":0,"app_permissions":442368,"#
                    .utf8) + Array(#""member":{"roles":[1,"2"],"permissions":8},"authorizing_integration_owners":{"0":5,"1":"6"},"#.utf8)
            + Array(#""data":{"id":3,"name":"c","type":1,"target_id":4}}"#.utf8)
        let fast = try #require(Self.expectAgreement(bytes))
        #expect(fast.id == 786_008_729_715_212_338 && fast.member?.roles == [1, 2] && fast.authorizing_integration_owners?["0"] == 5)
        #expect(fast.guild_id == 0 && fast.app_permissions?.rawValue == 442_368 && fast.commandData?.target_id == 4)
        // A snowflake beyond Int as a number: declined, JSONDecoder reads it.
        let huge = Self.command(extra: #""guild_id":18446744073709551615,"#)
        #expect(Self.fast(huge) == nil && Self.slow(huge)?.guild_id == GuildID(UInt64.max))
        for value in [#""-1""#, "-1", "1.0", "1e2", #""1 ""#, #""+1""#, #""\u0031""#, "true", "{}"] {
            let odd = Self.command(extra: #""guild_id":\#(value),"#)
            #expect(Self.fast(odd) == nil, "\(value)")
            Self.expectAgreement(odd)
        }
    }

    @Test func unknownEnumValuesAreKept() throws {
        let future = Array(#"{"id":"1","application_id":"2","type":99,"token":"t","context":7,"data":{"future":[1,"x",{"y":null}]}}"#.utf8)
        let fast = try #require(Self.expectAgreement(future))
        #expect(fast.type == .unknown(99) && fast.context == .unknown(7))
        #expect(fast.data == .unknown(.object(["future": .array([.integer(1), .string("x"), .object(["y": .null])])])))
        let command = try #require(
            Self.expectAgreement(Self.command(extra: #""channel":{"id":"9","type":42},"#, option: #""name":"n","type":77"#)))
        #expect(command.channel?.type.rawValue == 42 && command.commandData?.options?.first?.type.rawValue == 77)
        let component = try #require(
            Self.expectAgreement(
                Array(#"{"id":"1","application_id":"2","type":3,"token":"t","data":{"custom_id":"c","component_type":31}}"#.utf8)))
        #expect(component.componentData?.component_type.rawValue == 31)
    }

    @Test func unknownKeysAreSkipped() throws {
        let extra =
            #""guild":{"id":"1","features":["A",{"deep":[[],[{}],"]}"]}]},"entitlement_sku_ids":[],"x":-0.5e+3,"y":true,"#
            + #""z":"\"{[","member":{"roles":[],"unusual_dm_activity_until":null,"user":{"id":"5","username":"u","clan":{"tag":"x"}}},"#
        let fast = try #require(Self.expectAgreement(Self.command(extra: extra)))
        #expect(fast.member?.user?.username == "u")
        #expect(Self.expectAgreement(Self.command(option: #""name":"n","type":3,"value":"v","extra":{"a":[1,2]}"#)) != nil)
        // Invalid JSON in a skipped value is declined (JSONDecoder reads some of it, not always the same way).
        for bad in [#""x":01,"#, #""x":[1,],"#, #""x":tru,"#, #""x":"\q","#, #""x":"\ud83d","#, #""x":{"a" 1},"#, #""x":-,"#] {
            #expect(Self.fast(Self.command(extra: bad)) == nil, "\(bad)")
        }
    }

    @Test func emptyAndNestedOptions() throws {
        let empty = Array(
            #"{"id":"1","application_id":"2","type":2,"token":"t","data":{"id":"3","name":"cmd","type":1,"options":[]}}"#.utf8)
        #expect(try #require(Self.expectAgreement(empty)).commandData?.options == [])
        let noOptions = Array(#"{"id":"1","application_id":"2","type":2,"token":"t","data":{"id":"3","name":"cmd","type":1}}"#.utf8)
        #expect(try #require(Self.expectAgreement(noOptions)).commandData?.options == nil)
        let nested = Self.command(option: #""name":"g","type":2,"options":[{"name":"s","type":1,"options":[]}]"#)
        #expect(try #require(Self.expectAgreement(nested)).commandData?.fullName == "cmd g s")
    }

    @Test func integerOptionValuesNearInt64Limits() throws {
        for (text, value) in [("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min), ("0", 0), ("-0", 0), ("-42", -42)] {
            let fast = Self.expectAgreement(Self.command(option: #""name":"n","type":4,"value":\#(text)"#))
            #expect(fast?.commandData?.options?.first?.value == .integer(value), "\(text)")
        }
        // Beyond Int64: declined, JSONDecoder reads a double.
        for text in ["9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"] {
            let bytes = Self.command(option: #""name":"n","type":4,"value":\#(text)"#)
            #expect(Self.fast(bytes) == nil)
            #expect(Self.slow(bytes)?.commandData?.options?.first?.value?.doubleValue != nil)
        }
    }

    @Test func numberOptionValues() throws {
        for (text, native) in [
            ("1.5", true), ("-0.25", true), ("0.1", true), ("1.7976931348623157e308", true), ("2.5E-3", true), ("1e3", false),
            ("2.0", false), ("1E+2", false), ("-0.0", false), ("5e-324", false), ("1e400", false), ("1.", false), (".5", false),
        ] {
            let bytes = Self.command(option: #""name":"n","type":10,"value":\#(text)"#)
            let fast = Self.expectAgreement(bytes)
            #expect((fast != nil) == native, "\(text)")
        }
        #expect(
            Self.expectAgreement(Self.command(option: #""name":"n","type":10,"value":1.5"#))?.commandData?.options?.first?.value
                == .double(1.5))
        #expect(
            Self.expectAgreement(Self.command(option: #""name":"n","type":5,"value":false"#))?.commandData?.options?.first?.value
                == .boolean(false))
    }

    @Test func whitespaceBetweenTokens() throws {
        let spaced =
            " \n{ \"id\" :\t\"1\" ,\r\n\"application_id\":\"2\" , \"type\" : 2 , \"token\" : \"t\" , \"data\" : { \"id\" : \"3\" ,"
            + " \"name\" : \"c\" , \"type\" : 1 , \"options\" : [ { \"name\" : \"n\" , \"type\" : 4 , \"value\" : 5 } ] } , "
            + "\"entitlements\" : [ ] , \"member\" : { \"roles\" : [ \"1\" , 2 ] } } \n "
        let fast = try #require(Self.expectAgreement(Array(spaced.utf8)))
        #expect(fast.commandData?.options?.first?.value == .integer(5) && fast.entitlements == [] && fast.member?.roles == [1, 2])
        // Not JSON whitespace: declined.
        #expect(Self.fast(Array("\u{0B}{\"id\":\"1\"}".utf8)) == nil)
    }

    /// `JSONDecoder` keeps the first of two equal keys; the fast path declines them.
    @Test func duplicateKeysAreDeclined() throws {
        let bytes = Self.command(extra: #""locale":"first","locale":"second","#)
        #expect(Self.fast(bytes) == nil)
        #expect(Self.slow(bytes)?.locale == "first")
        #expect(Self.fast(Self.command(extra: #""authorizing_integration_owners":{"0":"1","0":"2"},"#)) == nil)
        #expect(Self.fast(Self.command(option: #""name":"n","type":3,"name":"m""#)) == nil)
        // Repeated unknown keys change nothing.
        #expect(Self.expectAgreement(Self.command(extra: #""x":1,"x":2,"#)) != nil)
    }

    @Test func declinesWhatItDoesNotReadTheSameWay() {
        let inputs = [
            Self.command(extra: #""version":1.0,"#), Self.command(extra: #""attachment_size_limit":1e3,"#),
            Self.command(extra: #""to\u006ben":"x","#), Self.command(extra: "\"loc\u{E9}le\":\"x\","),
            Self.command(extra: #""locale":"\ude00","#), Self.command(extra: #""locale":5,"#), Self.command(extra: #""context":"0","#),
            Self.command(extra: #""entitlements":{},"#), Self.command(extra: #""member":{"roles":[null]},"#),
            Self.command(extra: #""member":{"roles":[],"joined_at":"yesterday"},"#), Self.command(extra: #""channel":[],"#),
            Self.command(option: #""name":"n","type":3,"value":[1]"#), Self.command(option: #""name":"n","type":3,"focused":1"#),
            [0xEF, 0xBB, 0xBF] + Self.command(), Self.command() + Array(" x".utf8), Self.command() + [0],
            Array(#"{"id":"1","application_id":"2","type":2,"token":"t","data":[]}"#.utf8),
            Array(
                #"{"id":"1","application_id":"2","type":3,"token":"t","data":{"custom_id":"c","component_type":2,"values":[null]}}"#.utf8),
            Array(#"{"id":"1","application_id":"2","type":2,"token":"t",}"#.utf8),
        ]
        for bytes in inputs {
            #expect(Self.fast(bytes) == nil, "\(String(decoding: bytes, as: UTF8.self))")
        }
        // Invalid UTF-8 in a read string and in a skipped one.
        let head = Array(#"{"id":"1","application_id":"2","type":2,"token":"t","#.utf8)
        #expect(Self.fast(head + Array(#""locale":""#.utf8) + [0xC3, 0x22, 0x7D]) == nil)
        #expect(Self.fast(head + Array(#""x":""#.utf8) + [0xED, 0xA0, 0x80, 0x22, 0x7D]) == nil)
        #expect(Self.expectAgreement(head + Array(#""locale":""#.utf8) + [0xC3, 0xA9, 0x22, 0x7D])?.locale == "é")
        #expect(Self.expectAgreement(head + Array(#""x":""#.utf8) + [0xC3, 0xA9, 0x22, 0x7D]) != nil)
    }

    /// The fast path's own key lists name every stored property, so a new field cannot be missed.
    @Test func fieldKeysListEveryStoredProperty() {
        func properties(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        let option = InteractionOption(name: "n", type: .string)
        #expect(properties(option) == Set(InteractionOption.FieldKeys.allCases.map(\.stringValue)))
        let component = MessageComponentData(custom_id: "c", component_type: .button)
        #expect(properties(component) == Set(MessageComponentData.FieldKeys.allCases.map(\.stringValue)))
        // An interaction keeps its stored properties in one shared box.
        #expect(properties(Interaction.Properties()) == Set(Interaction.CodingKeys.allCases.map(\.stringValue)))
    }

    // MARK: Differential fuzzing

    /// Byte-level mutations of the fixtures and loopback payloads: whenever the fast path returns a
    /// value, `JSONDecoder` succeeds and returns the same.
    @Test func mutatedBytesNeverDisagree() throws {
        var random = SplitMix64(seed: 0x696E_7465_7261_6374)
        var seeds = try Self.fixtures.map(Self.fixture)
        for shape in Shape.allCases {
            for inGuild in [true, false] { seeds.append(try Self.json(Self.loopbackObject(shape, inGuild: inGuild))) }
        }
        // Presses whose messages carry embeds, attachments and components, keys in both orders.
        for object in MessageFastDecoderTests.fuzzSeeds() {
            for sorted in [true, false] { seeds.append(try MessageFastDecoderTests.bytes(object, sorted: sorted)) }
        }
        let alphabet = Array(#"{}[]":,\ 0123456789.eE-+nultrfasu/"#.utf8) + [0x0A, 0x80, 0xC3, 0xFF]
        var accepted = 0
        for _ in 0..<10_000 {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                mutate(&bytes, alphabet: alphabet, random: &random)
            }
            if Self.expectAgreement(bytes) != nil { accepted += 1 }
        }
        #expect(accepted > 500)
    }

    /// Value-level mutations: a random member anywhere in a payload is removed, nulled, or given a
    /// value of another type (ids as numbers, integers near the limits, doubles, escaped strings,
    /// nested unknown values). Same property as above, on inputs that stay valid JSON.
    @Test func mutatedValuesNeverDisagree() throws {
        var random = SplitMix64(seed: 0x7661_6C75_6573)
        var seeds: [Any] = try Self.fixtures.map { try JSONSerialization.jsonObject(with: Data(Self.fixture($0))) }
        for shape in Shape.allCases {
            for inGuild in [true, false] { seeds.append(Self.loopbackObject(shape, inGuild: inGuild)) }
        }
        seeds += MessageFastDecoderTests.fuzzSeeds() as [Any]
        let replacements: [Any] = [
            NSNull(), true, false, 0, -1, 7, 99, Int64.max, Int64.min, UInt64.max, 1.5, 1e3, -0.25, "", "123", "-1", "2017-03-13T19:19:14Z",
            "a\"b\\c\nd/é😀", [Any](), ["1", 2], ["k": [1, ["x": NSNull()]]], [[String: Any]](),
        ]
        var accepted = 0
        for _ in 0..<6_000 {
            var object = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 3)) {
                object = Self.mutateValue(object, replacements: replacements, random: &random)
            }
            guard JSONSerialization.isValidJSONObject(object) else { continue }
            if Self.expectAgreement(try Self.json(object)) != nil { accepted += 1 }
        }
        #expect(accepted > 500)
    }

    /// Descends to a random member or element and changes it.
    static func mutateValue(_ value: Any, replacements: [Any], random: inout SplitMix64) -> Any {
        func pick() -> Any { replacements[Int(random.next() % UInt64(replacements.count))] }
        if var object = value as? [String: Any], !object.isEmpty {
            let keys = object.keys.sorted()
            let key = keys[Int(random.next() % UInt64(keys.count))]
            switch random.next() % 6 {
            case 0: object[key] = nil
            case 1: object[key] = pick()
            case 2: object["unknown_\(random.next() % 4)"] = pick()
            default: object[key] = mutateValue(object[key]!, replacements: replacements, random: &random)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty {
            let at = Int(random.next() % UInt64(array.count))
            switch random.next() % 4 {
            case 0: array.remove(at: at)
            case 1: array[at] = pick()
            default: array[at] = mutateValue(array[at], replacements: replacements, random: &random)
            }
            return array
        }
        return pick()
    }
}
