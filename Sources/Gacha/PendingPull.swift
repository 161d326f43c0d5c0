import Storage

/// A paid multi-pull as the reveal shows it.
public struct PendingPull: Hashable, Sendable, Codable {
    public struct Item: Hashable, Sendable, Codable {
        public var character: GameCharacter
        /// Whether the member already owns it (keeping it would turn it into points).
        public var alreadyOwned: Bool
    }

    public var id: PullID
    public var player: PlayerID
    public var itemID: String
    public var price: Int64
    public var items: [Item]
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
    public var status: PullStatus
    /// Characters owned now, and the cap: the UI can tell in advance whether keeping all overflows.
    public var ownedCount: Int
    public var inventoryCap: Int
    public var balance: Int64
    /// What the buyer has ticked so far (stored, so any process shows the same checklists).
    public var choices: PullChoices = PullChoices()
}

/// How a pull ended: what joined the inventory and what became points.
public struct PullResolution: Hashable, Sendable, Codable {
    /// A character that became points.
    public struct Conversion: Hashable, Sendable, Codable {
        public var character: GameCharacter
        public var points: Int64
    }

    public var pullID: PullID
    public var player: PlayerID
    public var status: PullStatus
    /// Kept and added to the inventory.
    public var kept: [GameCharacter]
    /// Kept but already owned: converted to points as duplicates.
    public var duplicates: [Conversion]
    /// Not kept (or the pull was denied or expired): converted to points.
    public var converted: [Conversion]
    /// Owned characters released to make room.
    public var replaced: [Conversion]
    public var pointsEarned: Int64
    public var balance: Int64
}
