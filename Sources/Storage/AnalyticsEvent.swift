/// Something that happened, appended in the same transaction as the state change it describes.
public struct AnalyticsEvent: Hashable, Sendable, Codable {
    /// Assigned by the store; `nil` before insertion.
    public var id: Int64?
    public var name: EventName
    public var player: PlayerID
    public var at: Timestamp
    public var properties: [String: String]

    public init(id: Int64? = nil, name: EventName, player: PlayerID, at: Timestamp, properties: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.player = player
        self.at = at
        self.properties = properties
    }
}

/// An analytics event name. An open set: each domain module declares its own names as statics.
public struct EventName: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}
