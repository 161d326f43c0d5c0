import Storage

/// A paid multi-pull waiting for the buyer to choose what to keep. Stored in the same transaction
/// as the charge, so a restart between reveal and choice loses nothing.
public struct PendingPullRecord: Hashable, Sendable, Codable {
    public var id: PullID
    public var player: PlayerID
    /// The shop item that bought it (`pull_5`, `pull_10`).
    public var itemID: String
    public var price: Int64
    /// The rolled characters, in reveal order, all distinct.
    public var items: [PulledCharacter]
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
    public var status: PullStatus
    public var resolvedAt: Timestamp?
    /// The member's unsaved checklists while the pull is open; cleared when it is resolved.
    public var choices: PullChoices

    public init(
        id: PullID, player: PlayerID, itemID: String, price: Int64, items: [PulledCharacter], createdAt: Timestamp,
        expiresAt: Timestamp, status: PullStatus = .pending, resolvedAt: Timestamp? = nil,
        choices: PullChoices = PullChoices()
    ) {
        self.id = id
        self.player = player
        self.itemID = itemID
        self.price = price
        self.items = items
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.resolvedAt = resolvedAt
        self.choices = choices
    }
}

/// One character revealed by a pull, with the rarity it had when rolled (so its point value does
/// not change if the catalogue does).
public struct PulledCharacter: Hashable, Sendable, Codable {
    public var characterID: String
    public var rarity: Rarity
    public init(characterID: String, rarity: Rarity) {
        self.characterID = characterID
        self.rarity = rarity
    }
}

public enum PullStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for Apply or Deny.
    case pending
    /// The buyer chose what to keep.
    case applied
    /// The buyer declined everything; all became points.
    case denied
    /// Nobody answered before the expiry; all became points.
    case expired
}
