/// A rich embed, with Discord's limits as constants.
/// https://discord.com/developers/docs/resources/message#embed-object
public struct Embed: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/resources/message#embed-object-embed-footer-structure
    public struct Footer: Sendable, Hashable, Codable {
        public var text: String
        public var icon_url: String?
        public init(text: String, icon_url: String? = nil) {
            self.text = text
            self.icon_url = icon_url
        }
    }

    /// Image, thumbnail or video.
    /// https://discord.com/developers/docs/resources/message#embed-object-embed-image-structure
    public struct Media: Sendable, Hashable, Codable {
        public var url: String
        public var proxy_url: String?
        public var height: Int?
        public var width: Int?
        public init(url: String) { self.url = url }
    }

    /// https://discord.com/developers/docs/resources/message#embed-object-embed-author-structure
    public struct Author: Sendable, Hashable, Codable {
        public var name: String
        public var url: String?
        public var icon_url: String?
        public init(name: String, url: String? = nil, icon_url: String? = nil) {
            self.name = name
            self.url = url
            self.icon_url = icon_url
        }
    }

    /// https://discord.com/developers/docs/resources/message#embed-object-embed-field-structure
    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        public var inline: Bool?
        public init(name: String, value: String, inline: Bool? = nil) {
            self.name = name
            self.value = value
            self.inline = inline
        }
    }

    public var title: String?
    public var type: String?
    public var description: String?
    public var url: String?
    public var timestamp: DiscordTimestamp?
    public var color: Int?
    public var footer: Footer?
    public var image: Media?
    public var thumbnail: Media?
    public var author: Author?
    public var fields: [Field]?

    public init(
        title: String? = nil, description: String? = nil, url: String? = nil, timestamp: DiscordTimestamp? = nil,
        color: Int? = nil, footer: Footer? = nil, image: Media? = nil, thumbnail: Media? = nil,
        author: Author? = nil, fields: [Field]? = nil
    ) {
        self.title = title
        self.description = description
        self.url = url
        self.timestamp = timestamp
        self.color = color
        self.footer = footer
        self.image = image
        self.thumbnail = thumbnail
        self.author = author
        self.fields = fields
    }

    /// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
    public enum Limits {
        public static let title = 256
        public static let description = 4096
        public static let fields = 25
        public static let fieldName = 256
        public static let fieldValue = 1024
        public static let footerText = 2048
        public static let authorName = 256
        /// Sum over title, description, field names and values, footer text and author name,
        /// across all embeds of a message.
        public static let totalCharacters = 6000
        public static let embedsPerMessage = 10
    }

    /// Characters counted against `Limits.totalCharacters`.
    public var characterCount: Int {
        (title?.count ?? 0) + (description?.count ?? 0) + (footer?.text.count ?? 0) + (author?.name.count ?? 0)
            + (fields ?? []).reduce(0) { $0 + $1.name.count + $1.value.count }
    }
}
