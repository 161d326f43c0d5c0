/// A lone character card that passed every check: from a CCv2 JSON file (no image) or a PNG card
/// (the PNG itself is the image).
public struct ImportedCharacter: Sendable, Hashable {
    public let card: CharacterCard
    public let image: PackImage?

    public init(card: CharacterCard, image: PackImage?) {
        self.card = card
        self.image = image
    }
}
