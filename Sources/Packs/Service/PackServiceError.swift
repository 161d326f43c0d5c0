/// Why a pack operation was refused, with a message fit to show the member who asked
/// (`description`). User text in it is neutralised and short.
public enum PackServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No pack with this id is visible to the caller (hidden and removed packs are not, to others).
    case packNotFound(String)
    /// Only the pack's creator may do this.
    case notYourPack
    /// The pack's status does not allow the action (`action`: "publish", "edit", …).
    case wrongStatus(PackStatus, action: String)
    /// A banned creator cannot publish.
    case bannedCreator
    /// Publishing needs at least one character that rolls.
    case noCharacters
    case tooManyCharacters(count: Int, limit: Int)
    /// A card, image, pack file or text field failed its checks.
    case invalidContent(PackImportError)
    /// A lone card without `extensions.gachabot.rarity`, and none given.
    case missingRarity
    /// A character with this id is already in the pack.
    case duplicateCharacter(String)
    /// A pack file uploaded as a new version must have a higher `version`.
    case versionNotNewer(current: Int, uploaded: Int)
    case starsOutOfRange(Int)
    case reviewTooLong(characters: Int, limit: Int)
    /// Rating needs at least one roll of the pack's characters in this server.
    case notRolledYet
    case cannotRateOwnPack
    case alreadyReported
    case emptySearch
    case alreadyBanned
    /// A free creator at the published-pack cap (Pro creators have none).
    case publishCapReached(cap: Int)

    public var description: String {
        switch self {
        case .packNotFound(let id):
            "There is no pack \"\(SafeText.preview(id, limit: 16))\" (or it is not available)."
        case .notYourPack:
            "Only the pack's creator can do that."
        case .wrongStatus(let status, let action):
            "This pack is \(status.rawValue), so you cannot \(action) it."
        case .bannedCreator:
            "You can no longer publish packs: an operator banned this account from publishing."
        case .noCharacters:
            "Add at least one character before publishing."
        case .tooManyCharacters(let count, let limit):
            "The pack would have \(count) characters; at most \(limit)."
        case .invalidContent(let error):
            error.description
        case .missingRarity:
            "This card has no rarity: choose one (common, rare, epic or legendary)."
        case .duplicateCharacter(let id):
            "The pack already has a character with the id \"\(SafeText.preview(id))\"."
        case .versionNotNewer(let current, let uploaded):
            "The pack file's version is \(uploaded); the published pack is at version \(current): raise it."
        case .starsOutOfRange(let stars):
            "Ratings are 1 to 5 stars, not \(stars)."
        case .reviewTooLong(let characters, let limit):
            "Your review is \(characters) characters; at most \(limit)."
        case .notRolledYet:
            "Roll at least one of this pack's characters in this server before rating it."
        case .cannotRateOwnPack:
            "You cannot rate your own pack."
        case .alreadyReported:
            "You already reported this pack; an operator will review it."
        case .emptySearch:
            "Type a word to search for."
        case .alreadyBanned:
            "This creator is already banned."
        case .publishCapReached(let cap):
            "Free creators can have \(cap) published \(cap == 1 ? "pack" : "packs") at once, and you have \(cap). "
                + "Unpublish one, or upgrade to Pro to publish as many as you like."
        }
    }
}
