/// Body of `POST /webhooks/{application.id}/{token}`: a follow-up message to an interaction.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
public struct ExecuteWebhook: Sendable, Hashable, Codable {
    public var content: String?
    public var username: String?
    public var avatar_url: String?
    public var tts: Bool?
    public var embeds: [Embed]?
    public var allowed_mentions: AllowedMentions?
    public var components: [Component]?
    public var attachments: [Attachment]?
    /// `ephemeral` is honoured for interaction follow-ups.
    public var flags: MessageFlags?

    public init(
        content: String? = nil, tts: Bool? = nil, embeds: [Embed]? = nil, allowed_mentions: AllowedMentions? = nil,
        components: [Component]? = nil, attachments: [Attachment]? = nil, flags: MessageFlags? = nil
    ) {
        self.content = content
        self.tts = tts
        self.embeds = embeds
        self.allowed_mentions = allowed_mentions
        self.components = components
        self.attachments = attachments
        self.flags = flags
    }

    public init(_ data: InteractionMessageData) {
        self.init(
            content: data.content, tts: data.tts, embeds: data.embeds, allowed_mentions: data.allowed_mentions,
            components: data.components, attachments: data.attachments, flags: data.flags)
    }
}
