/// A message, partial: what a bot reads back.
/// https://discord.com/developers/docs/resources/message#message-object
public struct Message: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/resources/message#message-interaction-metadata-object
    public struct InteractionMetadata: Sendable, Hashable, Codable {
        public var id: InteractionID
        public var type: InteractionType
        public var user: User?
        public var original_response_message_id: MessageID?
        public var interacted_message_id: MessageID?
        public var name: String?
    }

    public var id: MessageID
    public var channel_id: ChannelID
    public var guild_id: GuildID?
    public var author: User?
    public var content: String?
    public var timestamp: DiscordTimestamp?
    public var edited_timestamp: DiscordTimestamp?
    public var type: MessageType?
    public var embeds: [Embed]?
    public var components: [Component]?
    public var attachments: [Attachment]?
    public var flags: MessageFlags?
    public var webhook_id: WebhookID?
    public var application_id: ApplicationID?
    public var interaction_metadata: InteractionMetadata?

    public init(id: MessageID, channel_id: ChannelID, author: User? = nil, content: String? = nil) {
        self.id = id
        self.channel_id = channel_id
        self.author = author
        self.content = content
    }

    public static let maxContentLength = 2000
}
