import Storage

/// That a member drew at least one character of a pack on a UTC day: one row per (guild, member,
/// pack, day), whatever the number of draws. Trending, most-used and the right to rate a pack
/// are counted from these rows.
public struct PackDrawRecord: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var packID: String
    /// `Timestamp.utcDay`.
    public var day: Int64

    public init(player: PlayerID, packID: String, day: Int64) {
        self.player = player
        self.packID = packID
        self.day = day
    }
}
