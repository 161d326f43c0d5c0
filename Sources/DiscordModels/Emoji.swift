/// A partial emoji, as used by buttons and select options: a custom emoji has an `id`,
/// a Unicode emoji only a `name`.
/// https://discord.com/developers/docs/resources/emoji#emoji-object
public struct Emoji: Sendable, Hashable, Codable {
    public var id: EmojiID?
    public var name: String?
    public var animated: Bool?

    public init(id: EmojiID? = nil, name: String? = nil, animated: Bool? = nil) {
        self.id = id
        self.name = name
        self.animated = animated
    }

    /// A Unicode emoji such as "🎲".
    public static func unicode(_ character: String) -> Emoji { Emoji(name: character) }
}
