/// The users, members, roles, channels, messages and attachments an interaction refers to,
/// keyed by id.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-resolved-data-structure
public struct ResolvedData: Sendable, Hashable, Codable {
    public var users: [UserID: User]?
    /// Partial members: no `user`, `deaf` or `mute`.
    public var members: [UserID: GuildMember]?
    public var roles: [RoleID: Role]?
    public var channels: [ChannelID: Channel]?
    public var messages: [MessageID: Message]?
    public var attachments: [AttachmentID: Attachment]?

    public init(
        users: [UserID: User]? = nil, members: [UserID: GuildMember]? = nil, roles: [RoleID: Role]? = nil,
        channels: [ChannelID: Channel]? = nil, messages: [MessageID: Message]? = nil,
        attachments: [AttachmentID: Attachment]? = nil
    ) {
        self.users = users
        self.members = members
        self.roles = roles
        self.channels = channels
        self.messages = messages
        self.attachments = attachments
    }
}
