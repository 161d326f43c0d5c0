import Gacha

/// One character of a pack: its stable id, rarity, card and image.
public struct PackCharacter: Sendable, Hashable {
    /// `extensions.gachabot.id`, unique within the pack.
    public let id: String
    public let rarity: Rarity
    public let card: CharacterCard
    /// The image named by `extensions.gachabot.image`, if any.
    public let image: PackImage?

    public init(id: String, rarity: Rarity, card: CharacterCard, image: PackImage?) {
        self.id = id
        self.rarity = rarity
        self.card = card
        self.image = image
    }
}
