import DiscordModels

/// The Discord REST calls the bot makes, so the Bot layer can be tested with a stand-in.
/// `DiscordRESTClient` is the real implementation; tests can also point one at the sandbox.
public protocol DiscordAPI: Sendable {
    func getGatewayBot() async throws(DiscordRESTError) -> GatewayBot
    func getCurrentUser() async throws(DiscordRESTError) -> User
    func getCurrentApplication() async throws(DiscordRESTError) -> JSONValue

    func createInteractionResponse(
        interactionID: InteractionID, token: String, response: InteractionResponse, files: [FileAttachment]
    ) async throws(DiscordRESTError)
    func getOriginalInteractionResponse(applicationID: ApplicationID, token: String) async throws(DiscordRESTError) -> Message
    @discardableResult
    func editOriginalInteractionResponse(
        applicationID: ApplicationID, token: String, edit: MessageEdit, files: [FileAttachment]
    ) async throws(DiscordRESTError) -> Message
    func deleteOriginalInteractionResponse(applicationID: ApplicationID, token: String) async throws(DiscordRESTError)
    @discardableResult
    func createFollowupMessage(
        applicationID: ApplicationID, token: String, message: ExecuteWebhook, files: [FileAttachment]
    ) async throws(DiscordRESTError) -> Message
    @discardableResult
    func editFollowupMessage(
        applicationID: ApplicationID, token: String, messageID: MessageID, edit: MessageEdit, files: [FileAttachment]
    ) async throws(DiscordRESTError) -> Message

    func getGlobalApplicationCommands(applicationID: ApplicationID) async throws(DiscordRESTError) -> [ApplicationCommandDefinition]
    @discardableResult
    func bulkOverwriteGlobalApplicationCommands(
        applicationID: ApplicationID, commands: [ApplicationCommandDefinition]
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition]
    func getGuildApplicationCommands(
        applicationID: ApplicationID, guildID: GuildID
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition]
    @discardableResult
    func bulkOverwriteGuildApplicationCommands(
        applicationID: ApplicationID, guildID: GuildID, commands: [ApplicationCommandDefinition]
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition]

    /// Sends a `nonce` with `enforce_nonce` unless `enforceNonce` is false, so a retried create
    /// cannot post twice (see `DiscordRESTClient.createMessage`).
    @discardableResult
    func createMessage(
        channelID: ChannelID, message: some Encodable & Sendable, files: [FileAttachment], nonce: String?, enforceNonce: Bool
    ) async throws(DiscordRESTError) -> Message
}

extension DiscordRESTClient: DiscordAPI {}
