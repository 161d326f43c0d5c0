/// Which mentions in a message may ping. Set it on every message that carries user text so that
/// `@everyone` and role mentions never ping.
/// https://discord.com/developers/docs/resources/message#allowed-mentions-object
public struct AllowedMentions: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/resources/message#allowed-mentions-object-allowed-mention-types
    public struct MentionType: DiscordStringEnum {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let roles = MentionType(rawValue: "roles")
        public static let users = MentionType(rawValue: "users")
        public static let everyone = MentionType(rawValue: "everyone")
    }

    public var parse: [MentionType]?
    public var roles: [RoleID]?
    public var users: [UserID]?
    public var replied_user: Bool?

    public init(parse: [MentionType]? = nil, roles: [RoleID]? = nil, users: [UserID]? = nil, replied_user: Bool? = nil) {
        self.parse = parse
        self.roles = roles
        self.users = users
        self.replied_user = replied_user
    }

    /// Nothing pings: `{"parse":[]}`.
    public static let none = AllowedMentions(parse: [])

    /// Only the listed users ping (never roles or @everyone).
    public static func usersOnly(_ users: [UserID]) -> AllowedMentions {
        AllowedMentions(parse: [], users: users)
    }

    /// Any mentioned user pings; roles and @everyone never do.
    public static let allUsers = AllowedMentions(parse: [.users])
}
