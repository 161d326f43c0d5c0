/// op 3 `d` (also Identify's `presence`): the bot's status and activity.
/// https://discord.com/developers/docs/events/gateway-events#update-presence
public struct UpdatePresence: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/events/gateway-events#update-presence-status-types
    public struct Status: DiscordStringEnum {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let online = Status(rawValue: "online")
        public static let dnd = Status(rawValue: "dnd")
        public static let idle = Status(rawValue: "idle")
        public static let invisible = Status(rawValue: "invisible")
        public static let offline = Status(rawValue: "offline")
    }

    /// https://discord.com/developers/docs/events/gateway-events#activity-object
    public struct Activity: Sendable, Hashable, Codable {
        public var name: String
        public var type: ActivityType
        public var url: String?
        /// Custom status text (type 4).
        public var state: String?

        public init(name: String, type: ActivityType, url: String? = nil, state: String? = nil) {
            self.name = name
            self.type = type
            self.url = url
            self.state = state
        }
    }

    /// Unix milliseconds since the client went idle, or null.
    public var since: Int?
    public var activities: [Activity]
    public var status: Status
    public var afk: Bool

    public init(since: Int? = nil, activities: [Activity] = [], status: Status = .online, afk: Bool = false) {
        self.since = since
        self.activities = activities
        self.status = status
        self.afk = afk
    }

    enum CodingKeys: String, CodingKey { case since, activities, status, afk }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // `since` is required by the docs, null when not idle.
        try container.encode(since, forKey: .since)
        try container.encode(activities, forKey: .activities)
        try container.encode(status, forKey: .status)
        try container.encode(afk, forKey: .afk)
    }
}
