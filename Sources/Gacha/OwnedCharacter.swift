import Storage

/// A character in a member's inventory.
public struct OwnedCharacter: Hashable, Sendable, Codable {
    public var character: GameCharacter
    public var acquiredAt: Timestamp
    public init(character: GameCharacter, acquiredAt: Timestamp) {
        self.character = character
        self.acquiredAt = acquiredAt
    }
}
