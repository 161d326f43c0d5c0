import Testing

@testable import DiscordModels

/// One of Discord's limits, and a body whose measured field is `n` long (or many, or large).
struct LimitCase: Sendable, CustomTestStringConvertible {
    let name: String
    let limit: Int
    /// The path a violation must name.
    let path: String
    let rule: DiscordLimitViolation.Rule
    let body: @Sendable (Int) -> InteractionResponse

    var testDescription: String { "\(name) ≤ \(limit)" }
}

private func text(_ count: Int) -> String { String(repeating: "a", count: count) }
private func button(_ id: String = "b", label: String? = nil) -> Component {
    .button(Button(style: .primary, label: label, custom_id: id))
}
private func row(_ components: [Component]) -> Component { .actionRow(ActionRow(components: components)) }
private func message(_ data: InteractionMessageData) -> InteractionResponse { .message(data) }
private func embed(_ embed: Embed) -> InteractionResponse { .message(InteractionMessageData(embeds: [embed])) }
private func components(_ components: [Component]) -> InteractionResponse {
    .message(InteractionMessageData(components: components))
}
private func v2(_ components: [Component]) -> InteractionResponse {
    .message(InteractionMessageData(flags: .isComponentsV2, components: components))
}
private func select(options: Int = 1, placeholder: String? = nil, min: Int? = nil, max: Int? = nil) -> StringSelect {
    StringSelect(
        custom_id: "s", options: (0..<options).map { .init(label: "L\($0)", value: "v\($0)") }, placeholder: placeholder,
        min_values: min, max_values: max)
}
private func selectOption(_ option: StringSelect.Option) -> InteractionResponse {
    components([row([.stringSelect(StringSelect(custom_id: "s", options: [option]))])])
}
private func modal(title: String = "T", id: String = "m", _ components: [Component]) -> InteractionResponse {
    .modal(ModalData(custom_id: id, title: title, components: components))
}
private func labelled(_ component: Component, label: String = "L", description: String? = nil) -> Component {
    .label(Label(label: label, description: description, component: component))
}
private func input(value: String? = nil, placeholder: String? = nil, maxLength: Int? = nil) -> Component {
    .textInput(TextInput(custom_id: "t", style: .short, max_length: maxLength, value: value, placeholder: placeholder))
}
private func options(_ count: Int) -> [ChoiceOption] { (0..<count).map { ChoiceOption(value: "v\($0)", label: "L\($0)") } }
private func choices(_ count: Int) -> InteractionResponse {
    .autocomplete((0..<count).map { ApplicationCommandOptionChoice(name: "c\($0)", value: .string("v")) })
}

/// Expects `body` to break a limit and returns the violation.
private func violation(
    _ body: InteractionResponse, sourceLocation: SourceLocation = #_sourceLocation
) -> DiscordLimitViolation? {
    do throws(DiscordLimitViolation) {
        try DiscordLimits.validate(body)
        Issue.record("passed, but it breaks a limit", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite struct DiscordLimitsTests {
    static let cases: [LimitCase] = [
        // Messages
        LimitCase(name: "content", limit: 2000, path: "data.content", rule: .maxCharacters) {
            message(InteractionMessageData(content: text($0)))
        },
        LimitCase(name: "embeds per message", limit: 10, path: "data.embeds", rule: .maxItems) {
            message(InteractionMessageData(embeds: Array(repeating: Embed(title: "t"), count: $0)))
        },
        LimitCase(name: "attachments", limit: 10, path: "data.attachments", rule: .maxItems) { n in
            message(InteractionMessageData(attachments: (0..<n).map { .upload(index: $0, filename: "f\($0).png") }))
        },
        LimitCase(name: "attachment description", limit: 1024, path: "data.attachments[0].description", rule: .maxCharacters) {
            message(InteractionMessageData(attachments: [.upload(index: 0, filename: "f.png", description: text($0))]))
        },
        LimitCase(name: "allowed_mentions users", limit: 100, path: "data.allowed_mentions.users", rule: .maxItems) { n in
            message(InteractionMessageData(allowed_mentions: .usersOnly((0..<n).map { UserID(UInt64($0 + 1)) })))
        },
        // Embeds
        LimitCase(name: "embed title", limit: 256, path: "data.embeds[0].title", rule: .maxCharacters) {
            embed(Embed(title: text($0)))
        },
        LimitCase(name: "embed description", limit: 4096, path: "data.embeds[0].description", rule: .maxCharacters) {
            embed(Embed(description: text($0)))
        },
        LimitCase(name: "embed fields", limit: 25, path: "data.embeds[0].fields", rule: .maxItems) {
            embed(Embed(fields: Array(repeating: .init(name: "n", value: "v"), count: $0)))
        },
        LimitCase(name: "embed field name", limit: 256, path: "data.embeds[0].fields[1].name", rule: .maxCharacters) {
            embed(Embed(fields: [.init(name: "n", value: "v"), .init(name: text($0), value: "v")]))
        },
        LimitCase(name: "embed field value", limit: 1024, path: "data.embeds[0].fields[0].value", rule: .maxCharacters) {
            embed(Embed(fields: [.init(name: "n", value: text($0))]))
        },
        LimitCase(name: "embed footer text", limit: 2048, path: "data.embeds[0].footer.text", rule: .maxCharacters) {
            embed(Embed(footer: .init(text: text($0))))
        },
        LimitCase(name: "embed author name", limit: 256, path: "data.embeds[0].author.name", rule: .maxCharacters) {
            embed(Embed(author: .init(name: text($0))))
        },
        LimitCase(name: "embed url", limit: 2048, path: "data.embeds[0].url", rule: .maxCharacters) {
            embed(Embed(url: "https://" + text($0 - 8)))
        },
        LimitCase(name: "embed image url", limit: 2048, path: "data.embeds[0].image.url", rule: .maxCharacters) {
            embed(Embed(image: .init(url: "https://" + text($0 - 8))))
        },
        LimitCase(name: "embed color", limit: 0xFF_FFFF, path: "data.embeds[0].color", rule: .maxValue) {
            embed(Embed(color: $0))
        },
        LimitCase(name: "characters of all embeds", limit: 6000, path: "data.embeds", rule: .maxCharacters) { n in
            // Every part within its own limit; only the sum over the two embeds is too long.
            let first = Embed(
                title: text(200), description: text(4000), footer: .init(text: text(100)), author: .init(name: text(100)),
                fields: [.init(name: text(100), value: text(500))])
            return message(InteractionMessageData(embeds: [first, Embed(description: text(n - 5000))]))
        },
        // Legacy components
        LimitCase(name: "action rows", limit: 5, path: "data.components", rule: .maxItems) {
            components(Array(repeating: row([button()]), count: $0))
        },
        LimitCase(name: "buttons in a row", limit: 5, path: "data.components[1].components", rule: .maxItems) { n in
            components([row([button()]), row((0..<n).map { button("b\($0)") })])
        },
        LimitCase(name: "button custom_id", limit: 100, path: "data.components[0].components[1].custom_id", rule: .maxCharacters) {
            components([row([button("a"), button(text($0))])])
        },
        LimitCase(name: "button label", limit: 80, path: "data.components[0].components[0].label", rule: .maxCharacters) {
            components([row([button(label: text($0))])])
        },
        LimitCase(name: "link button url", limit: 512, path: "data.components[0].components[0].url", rule: .maxCharacters) {
            components([row([.button(.link("Docs", url: "https://" + text($0 - 8)))])])
        },
        LimitCase(name: "select custom_id", limit: 100, path: "data.components[0].components[0].custom_id", rule: .maxCharacters) {
            components([row([.stringSelect(StringSelect(custom_id: text($0), options: [.init(label: "l", value: "v")]))])])
        },
        LimitCase(name: "select options", limit: 25, path: "data.components[0].components[0].options", rule: .maxItems) {
            components([row([.stringSelect(select(options: $0))])])
        },
        LimitCase(name: "select placeholder", limit: 150, path: "data.components[0].components[0].placeholder", rule: .maxCharacters) {
            components([row([.stringSelect(select(placeholder: text($0)))])])
        },
        LimitCase(name: "select min_values", limit: 25, path: "data.components[0].components[0].min_values", rule: .maxValue) {
            components([row([.stringSelect(select(min: $0))])])
        },
        LimitCase(name: "select max_values", limit: 25, path: "data.components[0].components[0].max_values", rule: .maxValue) {
            components([row([.stringSelect(select(max: $0))])])
        },
        LimitCase(name: "select option label", limit: 100, path: "data.components[0].components[0].options[0].label", rule: .maxCharacters) {
            selectOption(.init(label: text($0), value: "v"))
        },
        LimitCase(name: "select option value", limit: 100, path: "data.components[0].components[0].options[0].value", rule: .maxCharacters) {
            selectOption(.init(label: "l", value: text($0)))
        },
        LimitCase(
            name: "select option description", limit: 100, path: "data.components[0].components[0].options[0].description",
            rule: .maxCharacters
        ) { selectOption(.init(label: "l", value: "v", description: text($0))) },
        LimitCase(
            name: "user select default_values", limit: 25, path: "data.components[0].components[0].default_values", rule: .maxItems
        ) { n in
            let defaults = (0..<n).map { AutoPopulatedSelect.DefaultValue(id: GenericID(UInt64($0 + 1)), type: "user") }
            return components([row([.autoPopulatedSelect(AutoPopulatedSelect(type: .userSelect, custom_id: "u", default_values: defaults, max_values: 25))])])
        },
        // Components V2
        LimitCase(name: "components in a V2 message, nested ones included", limit: 40, path: "data.components", rule: .maxTotalComponents) {
            v2([.container(Container(components: Array(repeating: .textDisplay(TextDisplay(content: "x")), count: $0 - 1)))])
        },
        LimitCase(name: "text display content", limit: 4000, path: "data.components[0].content", rule: .maxCharacters) {
            v2([.textDisplay(TextDisplay(content: text($0)))])
        },
        LimitCase(name: "section text displays", limit: 3, path: "data.components[0].components", rule: .maxItems) {
            v2([.section(Section(
                components: Array(repeating: .textDisplay(TextDisplay(content: "x")), count: $0), accessory: button()))])
        },
        LimitCase(name: "media gallery items", limit: 10, path: "data.components[0].items", rule: .maxItems) {
            v2([.mediaGallery(MediaGallery(items: Array(repeating: .init(media: .attachment(named: "a.png")), count: $0)))])
        },
        LimitCase(name: "media gallery item description", limit: 1024, path: "data.components[0].items[0].description", rule: .maxCharacters) {
            v2([.mediaGallery(MediaGallery(items: [.init(media: .attachment(named: "a.png"), description: text($0))]))])
        },
        LimitCase(name: "thumbnail description", limit: 1024, path: "data.components[0].accessory.description", rule: .maxCharacters) {
            v2([.section(Section(
                components: [.textDisplay(TextDisplay(content: "x"))],
                accessory: .thumbnail(Thumbnail(media: .attachment(named: "a.png"), description: text($0)))))])
        },
        LimitCase(name: "container accent_color", limit: 0xFF_FFFF, path: "data.components[0].accent_color", rule: .maxValue) {
            v2([.container(Container(components: [.textDisplay(TextDisplay(content: "x"))], accent_color: $0))])
        },
        // Modals
        LimitCase(name: "modal custom_id", limit: 100, path: "data.custom_id", rule: .maxCharacters) {
            modal(id: text($0), [labelled(input())])
        },
        LimitCase(name: "modal title", limit: 45, path: "data.title", rule: .maxCharacters) {
            modal(title: text($0), [labelled(input())])
        },
        LimitCase(name: "modal components", limit: 5, path: "data.components", rule: .maxItems) {
            modal(Array(repeating: labelled(input()), count: $0))
        },
        LimitCase(name: "label", limit: 45, path: "data.components[0].label", rule: .maxCharacters) {
            modal([labelled(input(), label: text($0))])
        },
        LimitCase(name: "label description", limit: 100, path: "data.components[0].description", rule: .maxCharacters) {
            modal([labelled(input(), description: text($0))])
        },
        LimitCase(name: "text input value", limit: 4000, path: "data.components[1].component.value", rule: .maxCharacters) {
            modal([labelled(input()), labelled(input(value: text($0)))])
        },
        LimitCase(name: "text input placeholder", limit: 100, path: "data.components[0].component.placeholder", rule: .maxCharacters) {
            modal([labelled(input(placeholder: text($0)))])
        },
        LimitCase(name: "text input max_length", limit: 4000, path: "data.components[0].component.max_length", rule: .maxValue) {
            modal([labelled(input(maxLength: $0))])
        },
        LimitCase(name: "legacy text input label", limit: 45, path: "data.components[0].components[0].label", rule: .maxCharacters) {
            modal([row([.textInput(TextInput(custom_id: "t", style: .paragraph, label: text($0)))])])
        },
        LimitCase(name: "radio group options", limit: 10, path: "data.components[0].component.options", rule: .maxItems) {
            modal([labelled(.radioGroup(RadioGroup(custom_id: "r", options: options($0))))])
        },
        LimitCase(name: "checkbox group options", limit: 10, path: "data.components[0].component.options", rule: .maxItems) {
            modal([labelled(.checkboxGroup(CheckboxGroup(custom_id: "c", options: options($0))))])
        },
        LimitCase(name: "checkbox group option label", limit: 100, path: "data.components[0].component.options[1].label", rule: .maxCharacters) {
            modal([labelled(.checkboxGroup(CheckboxGroup(
                custom_id: "c", options: [ChoiceOption(value: "a", label: "A"), ChoiceOption(value: "b", label: text($0))])))])
        },
        LimitCase(name: "file upload max_values", limit: 10, path: "data.components[0].component.max_values", rule: .maxValue) {
            modal([labelled(.fileUpload(FileUploadComponent(custom_id: "f", max_values: $0)))])
        },
        // Autocomplete
        LimitCase(name: "autocomplete choices", limit: 25, path: "data.choices", rule: .maxItems) { choices($0) },
        LimitCase(name: "choice name", limit: 100, path: "data.choices[1].name", rule: .maxCharacters) {
            .autocomplete([.init(name: "a", value: .integer(1)), .init(name: text($0), value: .integer(2))])
        },
        LimitCase(name: "choice string value", limit: 100, path: "data.choices[0].value", rule: .maxCharacters) {
            .autocomplete([.init(name: "a", value: .string(text($0)))])
        },
        LimitCase(name: "choice name localization", limit: 100, path: "data.choices[0].name_localizations.de", rule: .maxCharacters) {
            .autocomplete([.init(name: "a", name_localizations: ["de": text($0)], value: .integer(1))])
        },
    ]

    @Test(arguments: cases)
    func atTheLimitPassesAndOneOverNamesTheField(_ limit: LimitCase) throws {
        #expect(throws: Never.self) { try DiscordLimits.validate(limit.body(limit.limit)) }
        let error = try #require(violation(limit.body(limit.limit + 1)))
        #expect(error.path == limit.path)
        #expect(error.rule == limit.rule)
        #expect(error.limit == limit.limit)
        #expect(error.actual == limit.limit + 1)
    }

    @Test func theDescriptionNamesPathLengthAndLimitButNeverTheText() throws {
        let secret = "hunter2-" + text(293)
        let error = try #require(violation(embed(Embed(title: secret))))
        #expect(error.description == "data.embeds[0].title is 301 characters; Discord allows at most 256")
        #expect(!error.description.contains("hunter2"))
        #expect(!"\(error)".contains("hunter2"))
    }

    @Test func lengthsAreUnicodeScalarsNotGraphemesOrUTF16() throws {
        // "🎲" is 1 scalar but 2 UTF-16 units and 4 UTF-8 bytes: 2000 of them is exactly the limit.
        try DiscordLimits.validate(message(InteractionMessageData(content: String(repeating: "🎲", count: 2000))))
        // "👨‍👩‍👧" is 1 grapheme but 5 scalars (three people and two joiners): 400 of them are 2000 characters.
        let family = "👨‍👩‍👧"
        #expect(family.count == 1 && family.unicodeScalars.count == 5)
        try DiscordLimits.validate(message(InteractionMessageData(content: String(repeating: family, count: 400))))
        let error = try #require(violation(message(InteractionMessageData(content: String(repeating: family, count: 400) + "a"))))
        #expect(error.path == "data.content" && error.actual == 2001)
    }

    @Test func embedTextIsCountedWithoutLeadingAndTrailingWhitespace() throws {
        // Discord trims embed texts before counting; a padded title of 256 characters is fine.
        try DiscordLimits.validate(embed(Embed(title: "  \n" + text(256) + " \t")))
        let error = try #require(violation(embed(Embed(title: " " + text(257) + " "))))
        #expect(error.actual == 257)
        // Whitespace inside counts.
        #expect(violation(embed(Embed(title: text(128) + " " + text(128)))) != nil)
    }

    @Test func deeplyNestedFieldsAreNamedByTheirFullPath() throws {
        let row = Component.actionRow(ActionRow(components: [button("ok"), button(text(101))]))
        let accessory = Component.button(Button(style: .danger, label: text(81), custom_id: "x"))
        let container = Component.container(Container(components: [
            .textDisplay(TextDisplay(content: "Your pull")),
            .section(Section(components: [.textDisplay(TextDisplay(content: "Aria"))], accessory: accessory)),
            row,
        ]))
        let inSection = try #require(violation(v2([.separator(Separator()), container])))
        #expect(inSection.path == "data.components[1].components[1].accessory.label")
        #expect(inSection.description == "data.components[1].components[1].accessory.label is 81 characters; Discord allows at most 80")

        let fixedAccessory = Component.container(Container(components: [
            .section(Section(components: [.textDisplay(TextDisplay(content: "Aria"))], accessory: button("x"))), row,
        ]))
        let inRow = try #require(violation(v2([fixedAccessory])))
        #expect(inRow.path == "data.components[0].components[1].components[1].custom_id")
        #expect(inRow.segments == [
            .key("data"), .key("components"), .index(0), .key("components"), .index(1), .key("components"), .index(1),
            .key("custom_id"),
        ])
    }

    @Test func everyBodyTypeIsCheckedFromItsOwnRoot() throws {
        let fields = (0..<4).map { Embed.Field(name: "n\($0)", value: $0 == 3 ? text(1025) : "v") }
        do throws(DiscordLimitViolation) {
            try DiscordLimits.validate(MessageEdit(embeds: [Embed(fields: fields)]))
            Issue.record("the edit passed")
        } catch {
            #expect(error.path == "embeds[0].fields[3].value")
        }
        do throws(DiscordLimitViolation) {
            try DiscordLimits.validate(ExecuteWebhook(content: text(2001)))
            Issue.record("the follow-up passed")
        } catch {
            #expect(error.path == "content")
        }
        do throws(DiscordLimitViolation) {
            try DiscordLimits.validate(InteractionMessageData(components: [row([button(text(101))])]))
            Issue.record("the message passed")
        } catch {
            #expect(error.path == "components[0].components[0].custom_id")
        }
        do throws(DiscordLimitViolation) {
            try DiscordLimits.validate(ModalData(custom_id: "m", title: text(46), components: [labelled(input())]))
            Issue.record("the modal passed")
        } catch {
            #expect(error.path == "title")
        }
        do throws(DiscordLimitViolation) {
            try DiscordLimits.validate(choices: (0..<26).map { .init(name: "c\($0)", value: .integer(Int64($0))) })
            Issue.record("the choices passed")
        } catch {
            #expect(error.path == "choices" && error.actual == 26)
        }
    }

    @Test func requiredMinimumsAreChecked() throws {
        let emptyID = try #require(violation(components([row([button("")])])))
        #expect(emptyID.path == "data.components[0].components[0].custom_id" && emptyID.rule == .minCharacters && emptyID.limit == 1)
        let noOptions = try #require(violation(components([row([.stringSelect(select(options: 0))])])))
        #expect(noOptions.path == "data.components[0].components[0].options" && noOptions.rule == .minItems)
        let emptyRow = try #require(violation(components([row([])])))
        #expect(emptyRow.path == "data.components[0].components" && emptyRow.rule == .minItems)
        let emptyModal = try #require(violation(modal([])))
        #expect(emptyModal.path == "data.components" && emptyModal.rule == .minItems)
        let oneRadio = try #require(violation(modal([labelled(.radioGroup(RadioGroup(custom_id: "r", options: options(1))))])))
        #expect(oneRadio.path == "data.components[0].component.options" && oneRadio.limit == 2)
        let emptyChoice = try #require(violation(.autocomplete([.init(name: "", value: .integer(1))])))
        #expect(emptyChoice.path == "data.choices[0].name" && emptyChoice.rule == .minCharacters)
        let negative = try #require(violation(components([row([.stringSelect(select(min: -1))])])))
        #expect(negative.path == "data.components[0].components[0].min_values" && negative.rule == .minValue && negative.limit == 0)
    }

    @Test func aSelectMenuIsAloneInItsRow() throws {
        let error = try #require(violation(components([row([.stringSelect(select()), button()])])))
        #expect(error.path == "data.components[0].components" && error.limit == 1 && error.actual == 2)
        try DiscordLimits.validate(components([row([.stringSelect(select())]), row([button("a"), button("b")])]))
    }

    @Test func buttonsCarryTheFieldsOfTheirStyle() throws {
        let linkWithID = try #require(violation(components([row([.button(Button(style: .link, label: "L", custom_id: "x", url: "https://a"))])])))
        #expect(linkWithID.path == "data.components[0].components[0].custom_id" && linkWithID.rule == .mustBeAbsent)
        #expect(linkWithID.description.contains("link button"))
        let linkWithoutURL = try #require(violation(components([row([.button(Button(style: .link, label: "L"))])])))
        #expect(linkWithoutURL.path == "data.components[0].components[0].url" && linkWithoutURL.rule == .mustBePresent)
        let primaryWithoutID = try #require(violation(components([row([.button(Button(style: .primary, label: "L"))])])))
        #expect(primaryWithoutID.path == "data.components[0].components[0].custom_id" && primaryWithoutID.rule == .mustBePresent)
        let premiumWithLabel = try #require(violation(components([row([.button(Button(style: .premium, label: "Buy", sku_id: 1))])])))
        #expect(premiumWithLabel.path == "data.components[0].components[0].label" && premiumWithLabel.rule == .mustBeAbsent)
        try DiscordLimits.validate(components([row([.button(.link("Docs", url: "https://discord.com")), .button(.premium(sku: 1))])]))
    }

    @Test func aComponentsV2MessageHasNoContentOrEmbedsAndNoLegacyRowLimit() throws {
        let content = try #require(violation(.message(InteractionMessageData(content: "hi", flags: .isComponentsV2, components: [.textDisplay(TextDisplay(content: "x"))]))))
        #expect(content.path == "data.content" && content.rule == .mustBeAbsent)
        let embeds = try #require(violation(.message(InteractionMessageData(embeds: [Embed(title: "t")], flags: [.isComponentsV2, .ephemeral]))))
        #expect(embeds.path == "data.embeds" && embeds.rule == .mustBeAbsent)
        // Six top-level rows: too many for a legacy message, fine with IS_COMPONENTS_V2.
        let rows = (0..<6).map { row([button("b\($0)")]) }
        #expect(violation(components(rows))?.path == "data.components")
        try DiscordLimits.validate(v2(rows))
    }

    @Test func responsesWithoutDataAlwaysPass() throws {
        try DiscordLimits.validate(InteractionResponse.pong)
        try DiscordLimits.validate(InteractionResponse.deferredUpdate)
        try DiscordLimits.validate(InteractionResponse.deferredMessage(ephemeral: true))
    }

    @Test func realisticMessagesPass() throws {
        // A gacha reveal as the bot builds it: an embed with every part, two rows of buttons and a select.
        let reveal = InteractionMessageData(
            content: "<@80351110224678912> pulled **Aria, Blade of Dawn** ★★★★★!",
            embeds: [Embed(
                title: "✨ Aria, Blade of Dawn", description: String(repeating: "A knight of the first light. ", count: 60),
                url: "https://example.com/characters/aria", color: 0xF1C40F, footer: .init(text: "Pity 73/90 · 1,240 points"),
                image: .init(url: "attachment://aria.png"), thumbnail: .init(url: "https://cdn.example.com/star.png"),
                author: .init(name: "Gachabot", icon_url: "https://cdn.example.com/icon.png"),
                fields: (0..<25).map { .init(name: "Stat \($0)", value: String(repeating: "▰", count: 40), inline: true) })],
            allowed_mentions: .usersOnly([80_351_110_224_678_912]),
            components: [
                row([button("pull:keep:7f3a"), button("pull:replace:7f3a", label: "Replace"), .button(.link("Wiki", url: "https://example.com"))]),
                row([.stringSelect(StringSelect(
                    custom_id: "pull:choose:7f3a", options: (0..<25).map { .init(label: "Character \($0)", value: "c\($0)", emoji: .unicode("🎲")) },
                    placeholder: "Pick one to keep", min_values: 1, max_values: 1))]),
            ],
            attachments: [.upload(index: 0, filename: "aria.png", description: "Aria's card")])
        try DiscordLimits.validate(InteractionResponse.message(reveal))
        try DiscordLimits.validate(MessageEdit(reveal))
        try DiscordLimits.validate(ExecuteWebhook(reveal))

        let inventory = InteractionMessageData(
            flags: [.isComponentsV2, .ephemeral],
            components: [.container(Container(
                components: [
                    .textDisplay(TextDisplay(content: "## Your collection")),
                    .section(Section(
                        components: [.textDisplay(TextDisplay(content: "Aria ★★★★★")), .textDisplay(TextDisplay(content: "×2"))],
                        accessory: .thumbnail(Thumbnail(media: .attachment(named: "aria.png"), description: "Aria")))),
                    .separator(Separator(divider: true, spacing: .small)),
                    .mediaGallery(MediaGallery(items: (0..<10).map { .init(media: .attachment(named: "c\($0).png")) })),
                    row([button("inv:prev:1"), button("inv:next:1")]),
                ],
                accent_color: 0x5865F2))])
        try DiscordLimits.validate(InteractionResponse.updateMessage(inventory))

        try DiscordLimits.validate(InteractionResponse.modal(ModalData(
            custom_id: "rename:42", title: "Rename your character",
            components: [
                .textDisplay(TextDisplay(content: "Names are public.")),
                labelled(.textInput(TextInput(custom_id: "name", style: .short, min_length: 1, max_length: 32, placeholder: "Aria")), label: "New name"),
                labelled(.checkbox(Checkbox(custom_id: "confirm")), label: "I agree"),
            ])))
        try DiscordLimits.validate(choices(25))
    }
}
