import Foundation

// `Interaction.decodeFast`'s reading of `message`: the message a component sits on, read from its
// bytes as `Message`'s synthesized `Decodable` conformance reads it (null or absent optional
// fields are nil; required ones missing or null are errors, so declined).
//
// Read natively: every field of `Message`, `interaction_metadata`, embeds, attachments, and the
// components a bot's messages are made of (action rows, buttons, string selects, and the
// Components V2 sections, text displays, thumbnails, media galleries, files, separators and
// containers). Any other component (text inputs, auto-populated selects, labels, modal-only
// components, a type this version does not know) is handed to `JSONDecoder` as its own
// sub-slice, decoded as `Component` exactly as it would have been in place.

/// The coding keys of the types' synthesized conformances (private to them), spelled again. A
/// component's `type` is read by `Component.init(from:)` from the same object, so it is listed
/// with each component's fields (the `fieldKeysListEveryStoredProperty` test accounts for it).
extension Message {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, channel_id, guild_id, author, content, timestamp, edited_timestamp, type, embeds, components, attachments,
            flags, webhook_id, application_id, interaction_metadata
    }
}

extension Message.InteractionMetadata {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, type, user, original_response_message_id, interacted_message_id, name
    }
}

extension Embed {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case title, type, description, url, timestamp, color, footer, image, thumbnail, author, fields
    }
}

extension Embed.Footer {
    enum FieldKeys: String, CodingKey, CaseIterable { case text, icon_url }
}

extension Embed.Media {
    enum FieldKeys: String, CodingKey, CaseIterable { case url, proxy_url, height, width }
}

extension Embed.Author {
    enum FieldKeys: String, CodingKey, CaseIterable { case name, url, icon_url }
}

extension Embed.Field {
    enum FieldKeys: String, CodingKey, CaseIterable { case name, value, inline }
}

extension Attachment {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, filename, title, description, content_type, size, url, proxy_url, height, width, ephemeral, flags
    }
}

extension Emoji {
    enum FieldKeys: String, CodingKey, CaseIterable { case id, name, animated }
}

extension UnfurledMediaItem {
    enum FieldKeys: String, CodingKey, CaseIterable { case url, proxy_url, height, width, content_type, attachment_id }
}

extension ActionRow {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, components }
}

extension Button {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, style, label, emoji, custom_id, sku_id, url, disabled }
}

extension StringSelect {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case type, id, custom_id, options, placeholder, min_values, max_values, required, disabled
    }
}

extension StringSelect.Option {
    enum FieldKeys: String, CodingKey, CaseIterable { case label, value, description, emoji, `default` }
}

extension Section {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, components, accessory }
}

extension TextDisplay {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, content }
}

extension Thumbnail {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, media, description, spoiler }
}

extension MediaGallery {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, items }
}

extension MediaGallery.Item {
    enum FieldKeys: String, CodingKey, CaseIterable { case media, description, spoiler }
}

extension FileComponent {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, file, spoiler, name, size }
}

extension Separator {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, divider, spacing }
}

extension Container {
    enum FieldKeys: String, CodingKey, CaseIterable { case type, id, components, accent_color, spoiler }
}

/// The field tables, built once.
private enum MessageFields {
    static let message = FieldNameTable<Message.FieldKeys>()
    static let metadata = FieldNameTable<Message.InteractionMetadata.FieldKeys>()
    static let embed = FieldNameTable<Embed.FieldKeys>()
    static let footer = FieldNameTable<Embed.Footer.FieldKeys>()
    static let media = FieldNameTable<Embed.Media.FieldKeys>()
    static let author = FieldNameTable<Embed.Author.FieldKeys>()
    static let field = FieldNameTable<Embed.Field.FieldKeys>()
    static let attachment = FieldNameTable<Attachment.FieldKeys>()
    static let emoji = FieldNameTable<Emoji.FieldKeys>()
    static let unfurled = FieldNameTable<UnfurledMediaItem.FieldKeys>()
    static let actionRow = FieldNameTable<ActionRow.FieldKeys>()
    static let button = FieldNameTable<Button.FieldKeys>()
    static let stringSelect = FieldNameTable<StringSelect.FieldKeys>()
    static let selectOption = FieldNameTable<StringSelect.Option.FieldKeys>()
    static let section = FieldNameTable<Section.FieldKeys>()
    static let textDisplay = FieldNameTable<TextDisplay.FieldKeys>()
    static let thumbnail = FieldNameTable<Thumbnail.FieldKeys>()
    static let mediaGallery = FieldNameTable<MediaGallery.FieldKeys>()
    static let galleryItem = FieldNameTable<MediaGallery.Item.FieldKeys>()
    static let file = FieldNameTable<FileComponent.FieldKeys>()
    static let separator = FieldNameTable<Separator.FieldKeys>()
    static let container = FieldNameTable<Container.FieldKeys>()
}

extension StrictJSONReader {
    /// Components nest a few deep (container, section, accessory); deeper input is declined.
    static let componentDepthLimit = 8

    mutating func optionalMessage() throws(FastPathDecline) -> Message? {
        if readNull() { return nil }
        var id: MessageID?
        var channelID: ChannelID?
        var message = Message(id: 0, channel_id: 0)
        try readObject(MessageFields.message) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .channel_id: channelID = try reader.snowflake()
            case .guild_id: message.guild_id = try reader.optionalSnowflake()
            case .author: message.author = try reader.optionalUser()
            case .content: message.content = try reader.optionalString()
            case .timestamp: message.timestamp = try reader.optionalTimestamp()
            case .edited_timestamp: message.edited_timestamp = try reader.optionalTimestamp()
            case .type: message.type = try reader.optionalDiscordEnum()
            case .embeds: message.embeds = try reader.optionalArray { reader throws(FastPathDecline) in try reader.embed() }
            case .components: message.components = try reader.optionalComponents(depth: 0)
            case .attachments: message.attachments = try reader.optionalArray { reader throws(FastPathDecline) in try reader.attachment() }
            case .flags: message.flags = try reader.optionalUnsignedInteger().map(MessageFlags.init(rawValue:))
            case .webhook_id: message.webhook_id = try reader.optionalSnowflake()
            case .application_id: message.application_id = try reader.optionalSnowflake()
            case .interaction_metadata: message.interaction_metadata = try reader.optionalInteractionMetadata()
            }
        }
        guard let id, let channelID else { throw FastPathDecline() }
        message.id = id
        message.channel_id = channelID
        return message
    }

    mutating func optionalInteractionMetadata() throws(FastPathDecline) -> Message.InteractionMetadata? {
        if readNull() { return nil }
        var id: InteractionID?
        var type: InteractionType?
        var user: User?
        var original: MessageID?
        var interacted: MessageID?
        var name: String?
        try readObject(MessageFields.metadata) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .type: type = try reader.discordEnum()
            case .user: user = try reader.optionalUser()
            case .original_response_message_id: original = try reader.optionalSnowflake()
            case .interacted_message_id: interacted = try reader.optionalSnowflake()
            case .name: name = try reader.optionalString()
            }
        }
        guard let id, let type else { throw FastPathDecline() }
        return Message.InteractionMetadata(
            id: id, type: type, user: user, original_response_message_id: original, interacted_message_id: interacted, name: name)
    }

    // MARK: Generic pieces

    /// A JSON integer from 0 to `Int.max`, as `decode(UInt64.self)` reads a number (a sign, even
    /// `-0`, is declined; so is a value past `Int.max`, rare enough not to matter).
    mutating func optionalUnsignedInteger() throws(FastPathDecline) -> UInt64? {
        if readNull() { return nil }
        guard let byte = nextByte, byte >= 0x30, byte <= 0x39, let value = scanner.scanIntegerStrictly(), value >= 0 else {
            throw FastPathDecline()
        }
        return UInt64(value)
    }

    // MARK: Embeds and attachments

    mutating func embed() throws(FastPathDecline) -> Embed {
        var embed = Embed()
        try readObject(MessageFields.embed) { reader, key throws(FastPathDecline) in
            switch key {
            case .title: embed.title = try reader.optionalString()
            case .type: embed.type = try reader.optionalString()
            case .description: embed.description = try reader.optionalString()
            case .url: embed.url = try reader.optionalString()
            case .timestamp: embed.timestamp = try reader.optionalTimestamp()
            case .color: embed.color = try reader.optionalInt()
            case .footer: embed.footer = try reader.optionalEmbedFooter()
            case .image: embed.image = try reader.optionalEmbedMedia()
            case .thumbnail: embed.thumbnail = try reader.optionalEmbedMedia()
            case .author: embed.author = try reader.optionalEmbedAuthor()
            case .fields: embed.fields = try reader.optionalArray { reader throws(FastPathDecline) in try reader.embedField() }
            }
        }
        return embed
    }

    mutating func optionalEmbedFooter() throws(FastPathDecline) -> Embed.Footer? {
        if readNull() { return nil }
        var text: String?
        var iconURL: String?
        try readObject(MessageFields.footer) { reader, key throws(FastPathDecline) in
            switch key {
            case .text: text = try reader.string()
            case .icon_url: iconURL = try reader.optionalString()
            }
        }
        guard let text else { throw FastPathDecline() }
        return Embed.Footer(text: text, icon_url: iconURL)
    }

    mutating func optionalEmbedMedia() throws(FastPathDecline) -> Embed.Media? {
        if readNull() { return nil }
        var url: String?
        var media = Embed.Media(url: "")
        try readObject(MessageFields.media) { reader, key throws(FastPathDecline) in
            switch key {
            case .url: url = try reader.string()
            case .proxy_url: media.proxy_url = try reader.optionalString()
            case .height: media.height = try reader.optionalInt()
            case .width: media.width = try reader.optionalInt()
            }
        }
        guard let url else { throw FastPathDecline() }
        media.url = url
        return media
    }

    mutating func optionalEmbedAuthor() throws(FastPathDecline) -> Embed.Author? {
        if readNull() { return nil }
        var name: String?
        var author = Embed.Author(name: "")
        try readObject(MessageFields.author) { reader, key throws(FastPathDecline) in
            switch key {
            case .name: name = try reader.string()
            case .url: author.url = try reader.optionalString()
            case .icon_url: author.icon_url = try reader.optionalString()
            }
        }
        guard let name else { throw FastPathDecline() }
        author.name = name
        return author
    }

    mutating func embedField() throws(FastPathDecline) -> Embed.Field {
        var name: String?
        var value: String?
        var inline: Bool?
        try readObject(MessageFields.field) { reader, key throws(FastPathDecline) in
            switch key {
            case .name: name = try reader.string()
            case .value: value = try reader.string()
            case .inline: inline = try reader.optionalBool()
            }
        }
        guard let name, let value else { throw FastPathDecline() }
        return Embed.Field(name: name, value: value, inline: inline)
    }

    mutating func attachment() throws(FastPathDecline) -> Attachment {
        var id: AttachmentID?
        var filename: String?
        var attachment = Attachment(id: 0, filename: "")
        try readObject(MessageFields.attachment) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: id = try reader.snowflake()
            case .filename: filename = try reader.string()
            case .title: attachment.title = try reader.optionalString()
            case .description: attachment.description = try reader.optionalString()
            case .content_type: attachment.content_type = try reader.optionalString()
            case .size: attachment.size = try reader.optionalInt()
            case .url: attachment.url = try reader.optionalString()
            case .proxy_url: attachment.proxy_url = try reader.optionalString()
            case .height: attachment.height = try reader.optionalInt()
            case .width: attachment.width = try reader.optionalInt()
            case .ephemeral: attachment.ephemeral = try reader.optionalBool()
            case .flags: attachment.flags = try reader.optionalInt()
            }
        }
        guard let id, let filename else { throw FastPathDecline() }
        attachment.id = id
        attachment.filename = filename
        return attachment
    }

    // MARK: Components

    mutating func optionalComponents(depth: Int) throws(FastPathDecline) -> [Component]? {
        if readNull() { return nil }
        return try components(depth: depth)
    }

    mutating func components(depth: Int) throws(FastPathDecline) -> [Component] {
        try array { reader throws(FastPathDecline) in try reader.component(depth: depth) }
    }

    /// One component, by its `type` (found first: it may be the object's last key). Types not
    /// read here go through `JSONDecoder` as this element's sub-slice.
    mutating func component(depth: Int) throws(FastPathDecline) -> Component {
        guard depth < Self.componentDepthLimit else { throw FastPathDecline() }
        let start = scanner.index
        let rawType = try componentType()
        scanner.index = start
        switch ComponentType(rawValue: rawType) {
        case .actionRow: return .actionRow(try actionRow(rawType, depth: depth))
        case .button: return .button(try button(rawType))
        case .stringSelect: return .stringSelect(try stringSelect(rawType))
        case .section: return .section(try section(rawType, depth: depth))
        case .textDisplay: return .textDisplay(try textDisplay(rawType))
        case .thumbnail: return .thumbnail(try thumbnail(rawType))
        case .mediaGallery: return .mediaGallery(try mediaGallery(rawType))
        case .file: return .file(try fileComponent(rawType))
        case .separator: return .separator(try separator(rawType))
        case .container: return .container(try container(rawType, depth: depth))
        case .textInput, .userSelect, .roleSelect, .mentionableSelect, .channelSelect, .label, .fileUpload, .radioGroup,
            .checkboxGroup, .checkbox, .unknown:
            return try decodedWithJSONDecoder(Component.self)
        }
    }

    /// The `type` of the object at the reader's position (an integer, as `Component.init(from:)`
    /// decodes it); the members before it are skipped strictly. Leaves the position anywhere: the
    /// caller rewinds and reads the object again, `type` included.
    mutating func componentType() throws(FastPathDecline) -> Int {
        guard scanner.consume(UInt8(ascii: "{")) else { throw FastPathDecline() }
        scanner.skipWhitespace()
        guard !scanner.consume(UInt8(ascii: "}")) else { throw FastPathDecline() }
        while true {
            guard let key = scanner.scanStringBody() else { throw FastPathDecline() }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { throw FastPathDecline() }
            scanner.skipWhitespace()
            if key.count == 4, key.elementsEqual("type".utf8) { return try int() }
            try skipValue()
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ",")) else { throw FastPathDecline() }
            scanner.skipWhitespace()
        }
    }

    /// A component's `type` read again with its fields: the same value `componentType()` found.
    mutating func expectComponentType(_ rawType: Int) throws(FastPathDecline) {
        guard try int() == rawType else { throw FastPathDecline() }
    }

    mutating func actionRow(_ rawType: Int, depth: Int) throws(FastPathDecline) -> ActionRow {
        var id: Int?
        var components: [Component]?
        try readObject(MessageFields.actionRow) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: id = try reader.optionalInt()
            case .components: components = try reader.components(depth: depth + 1)
            }
        }
        guard let components else { throw FastPathDecline() }
        return ActionRow(id: id, components: components)
    }

    mutating func button(_ rawType: Int) throws(FastPathDecline) -> Button {
        var style: ButtonStyle?
        var button = Button(style: .primary)
        try readObject(MessageFields.button) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: button.id = try reader.optionalInt()
            case .style: style = try reader.discordEnum()
            case .label: button.label = try reader.optionalString()
            case .emoji: button.emoji = try reader.optionalEmoji()
            case .custom_id: button.custom_id = try reader.optionalString()
            case .sku_id: button.sku_id = try reader.optionalSnowflake()
            case .url: button.url = try reader.optionalString()
            case .disabled: button.disabled = try reader.optionalBool()
            }
        }
        guard let style else { throw FastPathDecline() }
        button.style = style
        return button
    }

    mutating func optionalEmoji() throws(FastPathDecline) -> Emoji? {
        if readNull() { return nil }
        var emoji = Emoji()
        try readObject(MessageFields.emoji) { reader, key throws(FastPathDecline) in
            switch key {
            case .id: emoji.id = try reader.optionalSnowflake()
            case .name: emoji.name = try reader.optionalString()
            case .animated: emoji.animated = try reader.optionalBool()
            }
        }
        return emoji
    }

    mutating func stringSelect(_ rawType: Int) throws(FastPathDecline) -> StringSelect {
        var customID: String?
        var options: [StringSelect.Option]?
        var select = StringSelect(custom_id: "", options: [])
        try readObject(MessageFields.stringSelect) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: select.id = try reader.optionalInt()
            case .custom_id: customID = try reader.string()
            case .options: options = try reader.array { reader throws(FastPathDecline) in try reader.selectOption() }
            case .placeholder: select.placeholder = try reader.optionalString()
            case .min_values: select.min_values = try reader.optionalInt()
            case .max_values: select.max_values = try reader.optionalInt()
            case .required: select.required = try reader.optionalBool()
            case .disabled: select.disabled = try reader.optionalBool()
            }
        }
        guard let customID, let options else { throw FastPathDecline() }
        select.custom_id = customID
        select.options = options
        return select
    }

    mutating func selectOption() throws(FastPathDecline) -> StringSelect.Option {
        var label: String?
        var value: String?
        var option = StringSelect.Option(label: "", value: "")
        try readObject(MessageFields.selectOption) { reader, key throws(FastPathDecline) in
            switch key {
            case .label: label = try reader.string()
            case .value: value = try reader.string()
            case .description: option.description = try reader.optionalString()
            case .emoji: option.emoji = try reader.optionalEmoji()
            case .default: option.default = try reader.optionalBool()
            }
        }
        guard let label, let value else { throw FastPathDecline() }
        option.label = label
        option.value = value
        return option
    }

    mutating func section(_ rawType: Int, depth: Int) throws(FastPathDecline) -> Section {
        var id: Int?
        var components: [Component]?
        var accessory: Component?
        try readObject(MessageFields.section) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: id = try reader.optionalInt()
            case .components: components = try reader.components(depth: depth + 1)
            case .accessory: accessory = try reader.component(depth: depth + 1)
            }
        }
        guard let components, let accessory else { throw FastPathDecline() }
        return Section(id: id, components: components, accessory: accessory)
    }

    mutating func textDisplay(_ rawType: Int) throws(FastPathDecline) -> TextDisplay {
        var id: Int?
        var content: String?
        try readObject(MessageFields.textDisplay) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: id = try reader.optionalInt()
            case .content: content = try reader.string()
            }
        }
        guard let content else { throw FastPathDecline() }
        return TextDisplay(id: id, content: content)
    }

    mutating func unfurledMediaItem() throws(FastPathDecline) -> UnfurledMediaItem {
        var url: String?
        var item = UnfurledMediaItem(url: "")
        try readObject(MessageFields.unfurled) { reader, key throws(FastPathDecline) in
            switch key {
            case .url: url = try reader.string()
            case .proxy_url: item.proxy_url = try reader.optionalString()
            case .height: item.height = try reader.optionalInt()
            case .width: item.width = try reader.optionalInt()
            case .content_type: item.content_type = try reader.optionalString()
            case .attachment_id: item.attachment_id = try reader.optionalSnowflake()
            }
        }
        guard let url else { throw FastPathDecline() }
        item.url = url
        return item
    }

    mutating func thumbnail(_ rawType: Int) throws(FastPathDecline) -> Thumbnail {
        var id: Int?
        var media: UnfurledMediaItem?
        var description: String?
        var spoiler: Bool?
        try readObject(MessageFields.thumbnail) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: id = try reader.optionalInt()
            case .media: media = try reader.unfurledMediaItem()
            case .description: description = try reader.optionalString()
            case .spoiler: spoiler = try reader.optionalBool()
            }
        }
        guard let media else { throw FastPathDecline() }
        return Thumbnail(id: id, media: media, description: description, spoiler: spoiler)
    }

    mutating func mediaGallery(_ rawType: Int) throws(FastPathDecline) -> MediaGallery {
        var id: Int?
        var items: [MediaGallery.Item]?
        try readObject(MessageFields.mediaGallery) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: id = try reader.optionalInt()
            case .items: items = try reader.array { reader throws(FastPathDecline) in try reader.galleryItem() }
            }
        }
        guard let items else { throw FastPathDecline() }
        return MediaGallery(id: id, items: items)
    }

    mutating func galleryItem() throws(FastPathDecline) -> MediaGallery.Item {
        var media: UnfurledMediaItem?
        var description: String?
        var spoiler: Bool?
        try readObject(MessageFields.galleryItem) { reader, key throws(FastPathDecline) in
            switch key {
            case .media: media = try reader.unfurledMediaItem()
            case .description: description = try reader.optionalString()
            case .spoiler: spoiler = try reader.optionalBool()
            }
        }
        guard let media else { throw FastPathDecline() }
        return MediaGallery.Item(media: media, description: description, spoiler: spoiler)
    }

    mutating func fileComponent(_ rawType: Int) throws(FastPathDecline) -> FileComponent {
        var file: UnfurledMediaItem?
        var component = FileComponent(file: UnfurledMediaItem(url: ""))
        try readObject(MessageFields.file) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: component.id = try reader.optionalInt()
            case .file: file = try reader.unfurledMediaItem()
            case .spoiler: component.spoiler = try reader.optionalBool()
            case .name: component.name = try reader.optionalString()
            case .size: component.size = try reader.optionalInt()
            }
        }
        guard let file else { throw FastPathDecline() }
        component.file = file
        return component
    }

    mutating func separator(_ rawType: Int) throws(FastPathDecline) -> Separator {
        var separator = Separator()
        try readObject(MessageFields.separator) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: separator.id = try reader.optionalInt()
            case .divider: separator.divider = try reader.optionalBool()
            case .spacing: separator.spacing = try reader.optionalDiscordEnum()
            }
        }
        return separator
    }

    mutating func container(_ rawType: Int, depth: Int) throws(FastPathDecline) -> Container {
        var components: [Component]?
        var container = Container(components: [])
        try readObject(MessageFields.container) { reader, key throws(FastPathDecline) in
            switch key {
            case .type: try reader.expectComponentType(rawType)
            case .id: container.id = try reader.optionalInt()
            case .components: components = try reader.components(depth: depth + 1)
            case .accent_color: container.accent_color = try reader.optionalInt()
            case .spoiler: container.spoiler = try reader.optionalBool()
            }
        }
        guard let components else { throw FastPathDecline() }
        container.components = components
        return container
    }
}
