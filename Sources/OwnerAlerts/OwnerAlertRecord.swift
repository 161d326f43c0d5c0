import Storage

/// One alert raised: its kind, guild and UTC day (unique together), and the text delivered.
public struct OwnerAlertRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: AlertKind
    public var guild: GuildID
    /// Days since the epoch, UTC.
    public var day: Int64
    public var message: String
    public var raisedAt: Timestamp

    public init(id: Int64, kind: AlertKind, guild: GuildID, day: Int64, message: String, raisedAt: Timestamp) {
        self.id = id
        self.kind = kind
        self.guild = guild
        self.day = day
        self.message = message
        self.raisedAt = raisedAt
    }
}
