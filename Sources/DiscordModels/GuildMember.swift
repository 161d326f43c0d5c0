/// A user's membership of a guild. In interactions, `user` and `permissions` are present.
/// https://discord.com/developers/docs/resources/guild#guild-member-object
public struct GuildMember: Sendable, Hashable, Codable {
    public var user: User?
    public var nick: String?
    public var avatar: String?
    public var roles: [RoleID]
    public var joined_at: DiscordTimestamp?
    public var premium_since: DiscordTimestamp?
    public var deaf: Bool?
    public var mute: Bool?
    public var flags: Int?
    public var pending: Bool?
    /// Total permissions of the member in the channel, overwrites included (interactions only).
    public var permissions: Permissions?
    public var communication_disabled_until: DiscordTimestamp?

    public init(
        user: User? = nil, nick: String? = nil, roles: [RoleID] = [], joined_at: DiscordTimestamp? = nil,
        permissions: Permissions? = nil
    ) {
        self.user = user
        self.nick = nick
        self.roles = roles
        self.joined_at = joined_at
        self.permissions = permissions
    }
}
