// The Components V2 display and layout components (message flag IS_COMPONENTS_V2).

/// Type 9: text components with an accessory (a thumbnail or a button) beside them.
/// https://discord.com/developers/docs/components/reference#section
public struct Section: Sendable, Hashable, Codable {
    public var id: Int?
    /// One to three Text Displays.
    public var components: [Component]
    public var accessory: Component

    public init(id: Int? = nil, components: [Component], accessory: Component) {
        self.id = id
        self.components = components
        self.accessory = accessory
    }
}

/// Type 10: Markdown text.
/// https://discord.com/developers/docs/components/reference#text-display
public struct TextDisplay: Sendable, Hashable, Codable {
    public var id: Int?
    public var content: String

    public init(id: Int? = nil, content: String) {
        self.id = id
        self.content = content
    }
}

/// Type 11: a small image, a Section's accessory.
/// https://discord.com/developers/docs/components/reference#thumbnail
public struct Thumbnail: Sendable, Hashable, Codable {
    public var id: Int?
    public var media: UnfurledMediaItem
    public var description: String?
    public var spoiler: Bool?

    public init(id: Int? = nil, media: UnfurledMediaItem, description: String? = nil, spoiler: Bool? = nil) {
        self.id = id
        self.media = media
        self.description = description
        self.spoiler = spoiler
    }
}

/// Type 12: one to ten images or videos.
/// https://discord.com/developers/docs/components/reference#media-gallery
public struct MediaGallery: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/components/reference#media-gallery-media-gallery-item-structure
    public struct Item: Sendable, Hashable, Codable {
        public var media: UnfurledMediaItem
        public var description: String?
        public var spoiler: Bool?

        public init(media: UnfurledMediaItem, description: String? = nil, spoiler: Bool? = nil) {
            self.media = media
            self.description = description
            self.spoiler = spoiler
        }
    }

    public var id: Int?
    public var items: [Item]

    public init(id: Int? = nil, items: [Item]) {
        self.id = id
        self.items = items
    }
}

/// Type 13: an attached file (`attachment://name` only).
/// https://discord.com/developers/docs/components/reference#file
public struct FileComponent: Sendable, Hashable, Codable {
    public var id: Int?
    public var file: UnfurledMediaItem
    public var spoiler: Bool?
    public var name: String?
    public var size: Int?

    public init(id: Int? = nil, file: UnfurledMediaItem, spoiler: Bool? = nil) {
        self.id = id
        self.file = file
        self.spoiler = spoiler
    }
}

/// Type 14: vertical padding, optionally with a divider line.
/// https://discord.com/developers/docs/components/reference#separator
public struct Separator: Sendable, Hashable, Codable {
    public var id: Int?
    public var divider: Bool?
    public var spacing: SeparatorSpacing?

    public init(id: Int? = nil, divider: Bool? = nil, spacing: SeparatorSpacing? = nil) {
        self.id = id
        self.divider = divider
        self.spacing = spacing
    }
}

/// Type 17: a box around components, with an optional accent colour bar.
/// https://discord.com/developers/docs/components/reference#container
public struct Container: Sendable, Hashable, Codable {
    public var id: Int?
    public var components: [Component]
    /// RGB, 0x000000–0xFFFFFF.
    public var accent_color: Int?
    public var spoiler: Bool?

    public init(id: Int? = nil, components: [Component], accent_color: Int? = nil, spoiler: Bool? = nil) {
        self.id = id
        self.components = components
        self.accent_color = accent_color
        self.spoiler = spoiler
    }
}
