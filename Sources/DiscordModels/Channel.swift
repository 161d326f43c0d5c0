/// A channel, partial: what GUILD_CREATE and interactions carry that a bot needs.
/// https://discord.com/developers/docs/resources/channel#channel-object
public struct Channel: Sendable, Hashable, Codable {
    public var id: ChannelID
    public var type: ChannelType
    public var guild_id: GuildID?
    public var name: String?
    public var position: Int?
    public var parent_id: ChannelID?
    public var topic: String?
    public var nsfw: Bool?
    /// The invoking user's permissions in the channel (interactions only).
    public var permissions: Permissions?

    public init(id: ChannelID, type: ChannelType, guild_id: GuildID? = nil, name: String? = nil) {
        self.id = id
        self.type = type
        self.guild_id = guild_id
        self.name = name
    }
}
