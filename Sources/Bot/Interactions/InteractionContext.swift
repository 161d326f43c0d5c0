import DiscordModels
import DiscordREST

/// What a handler gets: the interaction, where it came from, and ways to answer it.
public struct InteractionContext: Sendable {
    public let interaction: Interaction
    /// The shard whose gateway connection delivered the interaction.
    public let shardID: Int
    public let responder: InteractionResponder

    public init(interaction: Interaction, shardID: Int, responder: InteractionResponder) {
        self.interaction = interaction
        self.shardID = shardID
        self.responder = responder
    }

    /// The invoking user's id (guild member or DM user).
    public var userID: UserID? { interaction.invoker?.id }

    /// Replies with a new message (callback type 4).
    public func reply(_ data: InteractionMessageData, files: [FileAttachment] = []) async throws {
        try await responder.respond(.message(data), files: files)
    }

    /// Replies with a message only the invoker sees.
    public func replyPrivately(_ content: String, embeds: [Embed]? = nil, components: [Component]? = nil) async throws {
        try await reply(InteractionMessageData(content: content, embeds: embeds, flags: .ephemeral, components: components))
    }

    /// Replaces the message a component sits on (callback type 7).
    public func update(_ data: InteractionMessageData, files: [FileAttachment] = []) async throws {
        try await responder.respond(.updateMessage(data), files: files)
    }

    public func editOriginal(_ edit: MessageEdit, files: [FileAttachment] = []) async throws {
        try await responder.editOriginal(edit, files: files)
    }

    public func followUp(_ data: InteractionMessageData, files: [FileAttachment] = []) async throws {
        try await responder.followUp(data, files: files)
    }

    public func autocomplete(_ choices: [ApplicationCommandOptionChoice]) async throws {
        try await responder.respond(.autocomplete(Array(choices.prefix(ApplicationCommandOptionChoice.maxChoices))))
    }

    public func showModal(_ modal: ModalData) async throws {
        try await responder.respond(.modal(modal))
    }
}
