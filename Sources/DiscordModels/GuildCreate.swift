/// GUILD_CREATE: a guild became available (after READY, on join, after an outage). Only what a
/// bot needs is decoded; the many other fields are ignored.
/// https://discord.com/developers/docs/events/gateway-events#guild-create
public struct GuildCreate: Sendable, Hashable, Codable {
    public var id: GuildID
    public var name: String?
    public var icon: String?
    public var owner_id: UserID?
    public var member_count: Int?
    public var unavailable: Bool?
    public var joined_at: DiscordTimestamp?
    public var large: Bool?
    public var preferred_locale: String?
    public var channels: [Channel]?
    public var roles: [Role]?

    public init(
        id: GuildID, name: String? = nil, owner_id: UserID? = nil, member_count: Int? = nil,
        unavailable: Bool? = nil, joined_at: DiscordTimestamp? = nil, large: Bool? = nil,
        channels: [Channel]? = nil, roles: [Role]? = nil
    ) {
        self.id = id
        self.name = name
        self.owner_id = owner_id
        self.member_count = member_count
        self.unavailable = unavailable
        self.joined_at = joined_at
        self.large = large
        self.channels = channels
        self.roles = roles
    }
}
