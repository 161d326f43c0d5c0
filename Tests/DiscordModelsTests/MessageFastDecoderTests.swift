import Foundation
import Testing

@testable import DiscordModels

/// `Interaction.decodeFast` on button and select presses whose `message` has embeds, attachments
/// and components (classic and Components V2): equal to `JSONDecoder`, and read natively (no
/// value handed to `JSONDecoder`) for the shapes bots send.
@Suite struct MessageFastDecoderTests {
    typealias Base = InteractionFastDecoderTests

    /// The fast path's result and how many values it handed to `JSONDecoder`.
    static func read(_ bytes: [UInt8]) -> (interaction: Interaction?, jsonDecoderUses: Int) {
        bytes.withUnsafeBytes { buffer in
            var reader = StrictJSONReader(buffer)
            do {
                let interaction = try reader.interaction()
                try reader.finish()
                return (interaction, reader.jsonDecoderUses)
            } catch {
                return (nil, reader.jsonDecoderUses)
            }
        }
    }

    /// Asserts the fast path reads `bytes`, equal to `JSONDecoder`, handing it `uses` values.
    @discardableResult
    static func expectNative(_ bytes: [UInt8], uses: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) -> Interaction? {
        let (fast, count) = read(bytes)
        #expect(fast != nil, "declined \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(count == uses, "JSONDecoder used \(count) times", sourceLocation: sourceLocation)
        #expect(Base.fast(bytes) == fast, sourceLocation: sourceLocation)
        if let fast { #expect(fast == Base.slow(bytes), sourceLocation: sourceLocation) }
        return fast
    }

    // MARK: Realistic messages

    static var emoji: [String: Any] { ["id": "625891304148303894", "name": "rogue", "animated": false] }

    /// The gacha bot's pull result: an embed, a string select and a row of buttons.
    static func pullMessage() -> [String: Any] {
        [
            "id": "1417266497826132001", "channel_id": "772908445358620702", "guild_id": "772904309264089089",
            "author": ["id": "845027738276462632", "username": "Gachabot", "bot": true, "discriminator": "0", "avatar": NSNull()],
            "content": "", "timestamp": "2025-01-01T00:00:00.000000+00:00", "edited_timestamp": NSNull(), "type": 20, "flags": 0,
            "application_id": "845027738276462632", "webhook_id": "845027738276462632",
            "interaction_metadata": ["id": "1417266497826131999", "type": 2, "user": Base.user(), "name": "pull"],
            "embeds": [
                [
                    "title": "🎉 Your 3 characters", "description": "**Aria** ★★★\n*Bram* ★\n\"Cleo\" ★★", "color": 0xF1C40F,
                    "type": "rich",
                ]
            ],
            "components": [
                [
                    "type": 1, "id": 1,
                    "components": [
                        [
                            "type": 3, "id": 2, "custom_id": "keep:1417266497826131999", "placeholder": "Keep which?", "min_values": 0,
                            "max_values": 3,
                            "options": [
                                ["label": "Aria", "value": "aria", "description": "★★★", "emoji": emoji, "default": true],
                                ["label": "Bram", "value": "bram"],
                            ],
                        ]
                    ],
                ],
                [
                    "type": 1, "id": 3,
                    "components": [
                        ["type": 2, "id": 4, "style": 3, "label": "Buy", "custom_id": "buy:1", "emoji": ["name": "🛒"]],
                        ["type": 2, "id": 5, "style": 4, "label": "Deny", "custom_id": "deny:1", "disabled": true],
                        ["type": 2, "id": 6, "style": 5, "label": "Docs", "url": "https://example.com"],
                        ["type": 2, "id": 7, "style": 6, "sku_id": "1180218955160375406"],
                    ],
                ],
            ],
            "attachments": [Any](), "mentions": [Any](), "mention_roles": [Any](), "pinned": false, "tts": false,
            "mention_everyone": false,
        ]
    }

    /// A Components V2 message: a container of text, sections (thumbnail and button accessories),
    /// a gallery, a separator, a file and an action row.
    static func componentsV2Message() -> [String: Any] {
        let media: [String: Any] = [
            "url": "https://cdn.example.com/a.png", "proxy_url": "https://media.example.com/a.png", "width": 64, "height": 64,
            "content_type": "image/png", "attachment_id": "1417266497826132099",
        ]
        return [
            "id": "1417266497826132001", "channel_id": "772908445358620702", "author": Base.user(), "content": "",
            "timestamp": "2025-01-01T00:00:00Z", "type": 0, "flags": 32768, "embeds": [Any](),
            "attachments": [
                [
                    "id": "1417266497826132099", "filename": "a.png", "size": 1024, "url": "https://cdn.example.com/a.png",
                    "proxy_url": "https://media.example.com/a.png", "width": 64, "height": 64, "content_type": "image/png",
                    "title": NSNull(), "ephemeral": false, "flags": 0, "description": "card art",
                ]
            ],
            "components": [
                [
                    "type": 17, "id": 1, "accent_color": 0xE67E22, "spoiler": false,
                    "components": [
                        ["type": 10, "id": 2, "content": "## 🛒 Points shop\nYou have **120** points"],
                        [
                            "type": 9, "id": 3, "components": [["type": 10, "id": 4, "content": "Aria ★★★"]],
                            "accessory": ["type": 11, "id": 5, "media": media, "description": "Aria", "spoiler": false],
                        ],
                        [
                            "type": 9, "id": 6, "components": [["type": 10, "id": 7, "content": "Bram ★"]],
                            "accessory": ["type": 2, "id": 8, "style": 1, "label": "Apply", "custom_id": "apply:bram"],
                        ],
                        ["type": 14, "id": 9, "divider": true, "spacing": 2],
                        [
                            "type": 12, "id": 10,
                            "items": [
                                ["media": media, "description": "art"], ["media": ["url": "https://x.example/b.png"], "spoiler": true],
                            ],
                        ],
                        ["type": 13, "id": 11, "file": ["url": "attachment://a.png"], "name": "a.png", "size": 1024, "spoiler": false],
                        [
                            "type": 1, "id": 12,
                            "components": [
                                ["type": 3, "id": 13, "custom_id": "pick", "options": [["label": "A", "value": "a", "emoji": emoji]]]
                            ],
                        ],
                    ],
                ],
                ["type": 14],
            ],
        ]
    }

    static func press(_ message: [String: Any], select: Bool = false, inGuild: Bool = true) -> [String: Any] {
        var object = Base.loopbackObject(select ? .stringSelect : .button, inGuild: inGuild)
        object["message"] = message
        return object
    }

    /// As the loopback Discord writes them (keys sorted: a component's `type` comes last) and
    /// as Discord does (here: whatever order `JSONSerialization` gives).
    static func bytes(_ object: Any, sorted: Bool) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: sorted ? [.sortedKeys] : []))
    }

    /// Payloads with messages for the differential fuzz tests.
    static func fuzzSeeds() -> [[String: Any]] {
        [
            press(pullMessage()), press(pullMessage(), select: true, inGuild: false), press(componentsV2Message()),
            press(componentsV2Message(), select: true),
        ]
    }

    @Test(arguments: [true, false])
    func realisticMessagesAreReadNatively(sorted: Bool) throws {
        let pull = try #require(Self.expectNative(try Self.bytes(Self.press(Self.pullMessage()), sorted: sorted)))
        let message = try #require(pull.message)
        #expect(message.embeds?.first?.color == 0xF1C40F && message.interaction_metadata?.name == "pull")
        #expect(message.type == .chatInputCommand && message.webhook_id == 845_027_738_276_462_632)
        let ids = message.components?.flatMap(\.allComponents).compactMap(\.customID)
        #expect(ids == ["keep:1417266497826131999", "buy:1", "deny:1"])

        let v2 = try #require(Self.expectNative(try Self.bytes(Self.press(Self.componentsV2Message(), select: true), sorted: sorted)))
        let v2Message = try #require(v2.message)
        #expect(v2Message.flags == .isComponentsV2 && v2Message.attachments?.first?.size == 1024)
        let all = v2Message.components?.flatMap(\.allComponents) ?? []
        #expect(all.map(\.type.rawValue) == [17, 10, 9, 10, 11, 9, 10, 2, 14, 12, 13, 1, 3, 14])
        #expect(all.compactMap(\.customID) == ["apply:bram", "pick"])
    }

    @Test(arguments: ["interaction_button", "interaction_string_select"])
    func fixtureMessagesAreReadNatively(name: String) throws {
        let bytes = try Base.fixture(name)
        // The button fixture has an entitlement (through JSONDecoder); its message is native.
        let fast = try #require(Self.expectNative(bytes, uses: name == "interaction_button" ? 1 : 0))
        #expect(fast.message?.components?.isEmpty == false)
    }

    @Test(arguments: Base.Shape.allCases, [true, false])
    func loopbackShapesUseNoJSONDecoderButForModals(shape: Base.Shape, inGuild: Bool) throws {
        Self.expectNative(try Base.json(Base.loopbackObject(shape, inGuild: inGuild)), uses: shape == .modalSubmit ? 1 : 0)
    }

    // MARK: Targeted

    /// A button press whose message has `members` spliced in after its id and channel.
    static func pressing(_ members: String) -> [UInt8] {
        Array(
            (#"{"id":"1","application_id":"2","type":3,"token":"t","data":{"custom_id":"c","component_type":2},"#
                + #""message":{"id":"10","channel_id":"11""# + (members.isEmpty ? "" : ",") + members + "}}").utf8)
    }

    @Test func nullAndAbsentMessageFieldsMatch() throws {
        let fields = Message.FieldKeys.allCases.map(\.stringValue).filter { $0 != "id" && $0 != "channel_id" }
        for field in fields {
            let fast = try #require(Self.expectNative(Self.pressing(#""\#(field)":null"#)), "declined null \(field)")
            #expect(fast.message == Message(id: 10, channel_id: 11))
        }
        #expect(Self.expectNative(Self.pressing(""))?.message == Message(id: 10, channel_id: 11))
        #expect(Self.expectNative(Self.pressing(#""components":[],"embeds":[],"attachments":[]"#))?.message?.components == [])
        // Optional fields inside: null is nil.
        let inner =
            #""interaction_metadata":{"id":"5","type":3,"user":null,"name":null,"interacted_message_id":null},"#
            + #""embeds":[{"title":null,"footer":null,"fields":null,"image":{"url":"u","width":null}}],"#
            + #""attachments":[{"id":"1","filename":"f","size":null}],"#
            + #""components":[{"type":1,"id":null,"components":[{"type":2,"style":1,"emoji":null,"label":null},"#
            + #"{"type":3,"custom_id":"s","options":[{"label":"l","value":"v","emoji":{"id":null,"name":null}}]}]},"#
            + #"{"type":14,"spacing":null,"divider":null},{"type":17,"components":[],"accent_color":null}]"#
        Self.expectNative(Self.pressing(inner))
        // A required field null or absent: declined, JSONDecoder fails too.
        let broken = [
            #""id":"10","channel_id":null}}"#, #""components":[{"type":1}]"#, #""components":[{"type":2}]"#,
            #""components":[{"style":1}]"#, #""components":[{"type":9,"components":[]}]"#,
            #""components":[{"type":9,"components":[],"accessory":null}]"#, #""components":[{"type":10,"content":null}]"#,
            #""components":[{"type":3,"custom_id":"s"}]"#, #""components":[{"type":12,"items":[{}]}]"#,
            #""components":[null]"#, #""embeds":[{"footer":{}}]"#, #""embeds":[{"fields":[{"name":"n"}]}]"#,
            #""attachments":[{"id":"1"}]"#, #""interaction_metadata":{"id":"1"}"#,
        ]
        for members in broken {
            let bytes =
                members.hasPrefix(#""id""#)
                ? Array((#"{"id":"1","application_id":"2","type":3,"token":"t","message":{"# + members).utf8) : Self.pressing(members)
            #expect(Self.fast(bytes) == nil, "\(members)")
            #expect(Self.slow(bytes) == nil, "\(members)")
        }
    }

    static func fast(_ bytes: [UInt8]) -> Interaction? { Base.fast(bytes) }
    static func slow(_ bytes: [UInt8]) -> Interaction? { Base.slow(bytes) }

    @Test func unknownMessageTypeFlagsAndEnumsAreKept() throws {
        let bytes = Self.pressing(
            #""type":4242,"flags":1099511660544,"components":[{"type":2,"style":9,"custom_id":"x"},{"type":14,"spacing":7}],"#
                + #""interaction_metadata":{"id":"5","type":77}"#)
        let message = try #require(Self.expectNative(bytes)?.message)
        #expect(message.type == .unknown(4242) && message.flags?.contains(.isComponentsV2) == true)
        #expect(message.flags?.rawValue == (1 << 40) | (1 << 15) && message.interaction_metadata?.type == .unknown(77))
        // Flags JSONDecoder refuses (or reads in a way not mimicked): declined.
        for flags in [#""0""#, "-1", "-0", "1.0", "1e2", "18446744073709551615", "true"] {
            let odd = Self.pressing(#""flags":\#(flags)"#)
            #expect(Self.fast(odd) == nil, "\(flags)")
            Base.expectAgreement(odd)
        }
    }

    /// Types read by `JSONDecoder` (each its own sub-slice), native around them.
    @Test func otherComponentsGoThroughJSONDecoderOneByOne() throws {
        let unknown = #"{"type":99,"custom_id":"future","nested":{"a":[1,2.5,"x",null,true]}}"#
        let textInput = #"{"type":4,"custom_id":"ti","style":1,"label":"L"}"#
        let userSelect = #"{"type":5,"custom_id":"us","default_values":[{"id":"1","type":"user"}]}"#
        let bytes = Self.pressing(
            #""components":[\#(unknown),{"type":1,"components":[\#(textInput),\#(userSelect)]},{"type":9,"components":[],"accessory":\#(unknown)}]"#
        )
        let message = try #require(Self.expectNative(bytes, uses: 4)?.message)
        let all = message.components?.flatMap(\.allComponents) ?? []
        #expect(all.map(\.type.rawValue) == [99, 1, 4, 5, 9, 99])
        #expect(all.first?.customID == "future")
    }

    @Test func escapesInMessageStrings() throws {
        let samples = [#"a\nb"#, #"q\"q"#, #"back\\slash"#, #"\u00e9t\u00E9"#, #"\ud83d\ude00"#, #"\/\b\f\r\t"#, #"\u0000"#, "plain ü日本😀"]
        for sample in samples {
            let bytes = Self.pressing(
                #""content":"\#(sample)","embeds":[{"description":"\#(sample)"}],"#
                    + #""components":[{"type":10,"content":"\#(sample)"},{"type":2,"style":1,"label":"\#(sample)","custom_id":"\#(sample)"}]"#
            )
            let message = try #require(Self.expectNative(bytes)?.message, "declined \(sample)")
            #expect(message.content == message.embeds?.first?.description)
        }
        // An escaped key or a bad escape in a component: declined.
        for members in [#""components":[{"t\u0079pe":10,"content":"x"}]"#, #""components":[{"type":10,"content":"\ud800"}]"#] {
            #expect(Self.fast(Self.pressing(members)) == nil, "\(members)")
        }
    }

    @Test func componentTypeAnywhereAndOnlyOnce() throws {
        for members in [
            #""components":[{"content":"x","type":10}]"#, #""components":[{"content":"x","unknown":[3],"type":10}]"#,
            #""components":[{ "type" : 10 , "content" : "x" }]"#,
        ] {
            #expect(Self.expectNative(Self.pressing(members))?.message?.components == [.textDisplay(TextDisplay(content: "x"))])
        }
        for members in [
            #""components":[{"type":10,"content":"x","type":10}]"#, #""components":[{"type":10.0,"content":"x"}]"#,
            #""components":[{"type":"10","content":"x"}]"#, #""components":[{}]"#, #""components":[{"content":"x"}]"#,
            #""components":{}"#, #""embeds":[[]]"#, #""id":"10""#,
        ] {
            #expect(Self.fast(Self.pressing(members)) == nil, "\(members)")
            Base.expectAgreement(Self.pressing(members))
        }
    }

    @Test func deepComponentNestingIsDeclined() {
        var component = #"{"type":10,"content":"x"}"#
        for _ in 0..<10 { component = #"{"type":17,"components":[\#(component)]}"# }
        let bytes = Self.pressing(#""components":[\#(component)]"#)
        #expect(Self.fast(bytes) == nil)
        #expect(Self.slow(bytes) != nil)
    }

    /// The fast path's key lists name every stored property (a component's also its `type`).
    @Test func fieldKeysListEveryStoredProperty() {
        func check<Key: CodingKey & CaseIterable>(_ value: Any, _ keys: Key.Type, component: Bool = false) {
            var names = Set(Mirror(reflecting: value).children.compactMap(\.label))
            if component { names.insert("type") }
            #expect(names == Set(Key.allCases.map(\.stringValue)), "\(Key.self)")
        }
        let media = UnfurledMediaItem(url: "u")
        check(Message(id: 1, channel_id: 2), Message.FieldKeys.self)
        check(Message.InteractionMetadata(id: 1, type: .ping), Message.InteractionMetadata.FieldKeys.self)
        check(Embed(), Embed.FieldKeys.self)
        check(Embed.Footer(text: ""), Embed.Footer.FieldKeys.self)
        check(Embed.Media(url: ""), Embed.Media.FieldKeys.self)
        check(Embed.Author(name: ""), Embed.Author.FieldKeys.self)
        check(Embed.Field(name: "", value: ""), Embed.Field.FieldKeys.self)
        check(Attachment(id: 1, filename: ""), Attachment.FieldKeys.self)
        check(Emoji(), Emoji.FieldKeys.self)
        check(media, UnfurledMediaItem.FieldKeys.self)
        check(ActionRow(components: []), ActionRow.FieldKeys.self, component: true)
        check(Button(style: .primary), Button.FieldKeys.self, component: true)
        check(StringSelect(custom_id: "", options: []), StringSelect.FieldKeys.self, component: true)
        check(StringSelect.Option(label: "", value: ""), StringSelect.Option.FieldKeys.self)
        check(Section(components: [], accessory: .separator(Separator())), Section.FieldKeys.self, component: true)
        check(TextDisplay(content: ""), TextDisplay.FieldKeys.self, component: true)
        check(Thumbnail(media: media), Thumbnail.FieldKeys.self, component: true)
        check(MediaGallery(items: []), MediaGallery.FieldKeys.self, component: true)
        check(MediaGallery.Item(media: media), MediaGallery.Item.FieldKeys.self)
        check(FileComponent(file: media), FileComponent.FieldKeys.self, component: true)
        check(Separator(), Separator.FieldKeys.self, component: true)
        check(Container(components: []), Container.FieldKeys.self, component: true)
    }
}
