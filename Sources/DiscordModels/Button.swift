/// Type 2. Non-link, non-premium buttons have a `custom_id`; link buttons a `url`; premium
/// buttons (style 6) only a `sku_id`.
/// https://discord.com/developers/docs/components/reference#button
public struct Button: Sendable, Hashable, Codable {
    public var id: Int?
    public var style: ButtonStyle
    public var label: String?
    public var emoji: Emoji?
    public var custom_id: String?
    public var sku_id: SKUID?
    public var url: String?
    public var disabled: Bool?

    public init(
        id: Int? = nil, style: ButtonStyle, label: String? = nil, emoji: Emoji? = nil, custom_id: String? = nil,
        sku_id: SKUID? = nil, url: String? = nil, disabled: Bool? = nil
    ) {
        self.id = id
        self.style = style
        self.label = label
        self.emoji = emoji
        self.custom_id = custom_id
        self.sku_id = sku_id
        self.url = url
        self.disabled = disabled
    }

    public static func premium(sku: SKUID) -> Button { Button(style: .premium, sku_id: sku) }
    public static func link(_ label: String, url: String) -> Button { Button(style: .link, label: label, url: url) }

    public static let maxLabelLength = 80
    public static let maxCustomIDLength = 100
}
