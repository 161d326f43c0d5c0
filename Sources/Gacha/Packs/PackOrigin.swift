/// The pack a character comes from, as the game shows it.
public struct PackOrigin: Hashable, Sendable, Codable {
    public var packID: String
    /// Already neutralised by whoever supplied it (the packs area); "" when the pack is unknown.
    public var packName: String
    /// False once the pack left every pool for good (hidden, removed, or unknown to the directory):
    /// its characters stay owned and are shown as "from an unavailable pack".
    public var available: Bool

    public init(packID: String, packName: String, available: Bool) {
        self.packID = packID
        self.packName = packName
        self.available = available
    }
}
