import Storage

/// One owned character. A player owns a character at most once (duplicates become points).
public struct InventoryRecord: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var characterID: String
    public var acquiredAt: Timestamp
    public init(player: PlayerID, characterID: String, acquiredAt: Timestamp) {
        self.player = player
        self.characterID = characterID
        self.acquiredAt = acquiredAt
    }
}
