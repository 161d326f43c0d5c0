/// Every limit a card, an image or a pack file is checked against; `docs/pack-format.md` lists the
/// defaults. Lengths count Unicode scalar values (a flag emoji counts 2), never bytes.
public struct PackLimits: Sendable, Hashable {
    /// A pack's name and each character's `data.name`.
    public var maxNameCharacters: Int
    /// A pack's `description`.
    public var maxPackDescriptionCharacters: Int
    /// `data.description`, `data.personality`, `data.scenario`, `data.mes_example`, `data.system_prompt`,
    /// `data.post_history_instructions`.
    public var maxCardTextCharacters: Int
    /// `data.first_mes`.
    public var maxFirstMessageCharacters: Int
    /// `data.creator_notes`.
    public var maxCreatorNotesCharacters: Int
    /// Tags of a pack, and tags of a card.
    public var maxTags: Int
    /// Each tag.
    public var maxTagCharacters: Int
    /// Characters in one pack.
    public var maxCharactersPerPack: Int
    /// `extensions.gachabot.id`: lowercase ASCII letters, digits, `-` and `_`.
    public var maxCharacterIDCharacters: Int
    /// A file named by a pack (`cover`, `extensions.gachabot.image`).
    public var maxFileNameCharacters: Int
    /// An image: a cover, a character's image, or a whole PNG card.
    public var maxImageBytes: Int
    public var maxImageWidth: Int
    public var maxImageHeight: Int
    /// The distinct images of one pack file (cover and characters' images) together.
    public var maxPackImageBytes: Int
    /// A character card JSON file, and the JSON decoded from a PNG card's `chara` chunk.
    public var maxCardJSONBytes: Int
    /// A pack file's JSON manifest.
    public var maxPackFileBytes: Int

    public init(
        maxNameCharacters: Int = 64,
        maxPackDescriptionCharacters: Int = 1_000,
        maxCardTextCharacters: Int = 4_000,
        maxFirstMessageCharacters: Int = 2_000,
        maxCreatorNotesCharacters: Int = 2_000,
        maxTags: Int = 10,
        maxTagCharacters: Int = 32,
        maxCharactersPerPack: Int = 200,
        maxCharacterIDCharacters: Int = 64,
        maxFileNameCharacters: Int = 128,
        maxImageBytes: Int = 2 * 1024 * 1024,
        maxImageWidth: Int = 2_048,
        maxImageHeight: Int = 2_048,
        maxPackImageBytes: Int = 64 * 1024 * 1024,
        maxCardJSONBytes: Int = 256 * 1024,
        maxPackFileBytes: Int = 8 * 1024 * 1024
    ) {
        self.maxNameCharacters = maxNameCharacters
        self.maxPackDescriptionCharacters = maxPackDescriptionCharacters
        self.maxCardTextCharacters = maxCardTextCharacters
        self.maxFirstMessageCharacters = maxFirstMessageCharacters
        self.maxCreatorNotesCharacters = maxCreatorNotesCharacters
        self.maxTags = maxTags
        self.maxTagCharacters = maxTagCharacters
        self.maxCharactersPerPack = maxCharactersPerPack
        self.maxCharacterIDCharacters = maxCharacterIDCharacters
        self.maxFileNameCharacters = maxFileNameCharacters
        self.maxImageBytes = maxImageBytes
        self.maxImageWidth = maxImageWidth
        self.maxImageHeight = maxImageHeight
        self.maxPackImageBytes = maxPackImageBytes
        self.maxCardJSONBytes = maxCardJSONBytes
        self.maxPackFileBytes = maxPackFileBytes
    }
}
