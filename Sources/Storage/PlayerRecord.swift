/// What the kernel keeps about a player besides their points: when the store first saw them.
/// Each area keeps its own state about the player in its own tables.
public struct PlayerRecord: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var firstSeen: Timestamp
    public init(player: PlayerID, firstSeen: Timestamp) {
        self.player = player
        self.firstSeen = firstSeen
    }
}
