/// Body of `PATCH /webhooks/{application.id}/{token}/messages/@original` (and of a message edit):
/// only the fields set are changed.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
public struct MessageEdit: Sendable, Hashable, Codable {
    public var content: String?
    public var embeds: [Embed]?
    public var flags: MessageFlags?
    public var allowed_mentions: AllowedMentions?
    public var components: [Component]?
    /// Attachments to keep, plus partial attachments for new files.
    public var attachments: [Attachment]?

    public init(
        content: String? = nil, embeds: [Embed]? = nil, flags: MessageFlags? = nil,
        allowed_mentions: AllowedMentions? = nil, components: [Component]? = nil, attachments: [Attachment]? = nil
    ) {
        self.content = content
        self.embeds = embeds
        self.flags = flags
        self.allowed_mentions = allowed_mentions
        self.components = components
        self.attachments = attachments
    }

    /// The same content as an interaction message.
    public init(_ data: InteractionMessageData) {
        self.init(
            content: data.content, embeds: data.embeds, flags: data.flags, allowed_mentions: data.allowed_mentions,
            components: data.components, attachments: data.attachments)
    }
}
