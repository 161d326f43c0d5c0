import DiscordModels
import Foundation

/// The typed calls the bot makes. Interaction tokens go in the path, never in a log line: routes
/// print their template only.
extension DiscordRESTClient {
    /// https://discord.com/developers/docs/events/gateway#get-gateway-bot
    public func getGatewayBot() async throws(DiscordRESTError) -> GatewayBot {
        try await send(DiscordRequest(route: .getGatewayBot()), decoding: GatewayBot.self)
    }

    /// https://discord.com/developers/docs/resources/user#get-current-user
    public func getCurrentUser() async throws(DiscordRESTError) -> User {
        try await send(DiscordRequest(route: .getCurrentUser()), decoding: User.self)
    }

    /// https://discord.com/developers/docs/resources/application#get-current-application
    public func getCurrentApplication() async throws(DiscordRESTError) -> JSONValue {
        try await send(DiscordRequest(route: .getCurrentApplication()), decoding: JSONValue.self)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response
    /// Files are listed in `data.attachments`.
    public func createInteractionResponse(
        interactionID: InteractionID, token: String, response: InteractionResponse, files: [FileAttachment] = []
    ) async throws(DiscordRESTError) {
        let route = Route.createInteractionResponse(interactionID: interactionID, token: token)
        guard files.isEmpty else {
            _ = try await send(encoding(route: route, payload: response, files: files, attachmentsContainer: "data"))
            return
        }
        // The hot path: hand-written JSON (see `InteractionResponse.jsonBody`), no JSONEncoder.
        let body: [UInt8]
        do {
            body = try response.jsonBody()
        } catch {
            throw .encoding(message: "\(InteractionResponse.self): \(error)")
        }
        _ = try await send(DiscordRequest(route: route, body: .json(Data(body))))
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#get-original-interaction-response
    public func getOriginalInteractionResponse(
        applicationID: ApplicationID, token: String
    ) async throws(DiscordRESTError) -> Message {
        try await send(
            DiscordRequest(route: .originalInteractionResponse(.GET, applicationID: applicationID, token: token)),
            decoding: Message.self)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
    @discardableResult
    public func editOriginalInteractionResponse(
        applicationID: ApplicationID, token: String, edit: MessageEdit, files: [FileAttachment] = []
    ) async throws(DiscordRESTError) -> Message {
        let route = Route.originalInteractionResponse(.PATCH, applicationID: applicationID, token: token)
        return try await send(encoding(route: route, payload: edit, files: files), decoding: Message.self)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#delete-original-interaction-response
    public func deleteOriginalInteractionResponse(applicationID: ApplicationID, token: String) async throws(DiscordRESTError) {
        _ = try await send(DiscordRequest(route: .originalInteractionResponse(.DELETE, applicationID: applicationID, token: token)))
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
    @discardableResult
    public func createFollowupMessage(
        applicationID: ApplicationID, token: String, message: ExecuteWebhook, files: [FileAttachment] = []
    ) async throws(DiscordRESTError) -> Message {
        let route = Route.createFollowupMessage(applicationID: applicationID, token: token)
        return try await send(encoding(route: route, payload: message, files: files), decoding: Message.self)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#edit-followup-message
    @discardableResult
    public func editFollowupMessage(
        applicationID: ApplicationID, token: String, messageID: MessageID, edit: MessageEdit, files: [FileAttachment] = []
    ) async throws(DiscordRESTError) -> Message {
        let route = Route.followupMessage(.PATCH, applicationID: applicationID, token: token, messageID: messageID)
        return try await send(encoding(route: route, payload: edit, files: files), decoding: Message.self)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#get-global-application-commands
    public func getGlobalApplicationCommands(applicationID: ApplicationID) async throws(DiscordRESTError) -> [ApplicationCommandDefinition] {
        try await send(DiscordRequest(route: .globalApplicationCommands(.GET, applicationID: applicationID)), decoding: [ApplicationCommandDefinition].self)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
    @discardableResult
    public func bulkOverwriteGlobalApplicationCommands(
        applicationID: ApplicationID, commands: [ApplicationCommandDefinition]
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition] {
        let route = Route.globalApplicationCommands(.PUT, applicationID: applicationID)
        return try await send(encoding(route: route, payload: commands), decoding: [ApplicationCommandDefinition].self)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#get-guild-application-commands
    public func getGuildApplicationCommands(
        applicationID: ApplicationID, guildID: GuildID
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition] {
        try await send(
            DiscordRequest(route: .guildApplicationCommands(.GET, applicationID: applicationID, guildID: guildID)),
            decoding: [ApplicationCommandDefinition].self)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-guild-application-commands
    @discardableResult
    public func bulkOverwriteGuildApplicationCommands(
        applicationID: ApplicationID, guildID: GuildID, commands: [ApplicationCommandDefinition]
    ) async throws(DiscordRESTError) -> [ApplicationCommandDefinition] {
        let route = Route.guildApplicationCommands(.PUT, applicationID: applicationID, guildID: guildID)
        return try await send(encoding(route: route, payload: commands), decoding: [ApplicationCommandDefinition].self)
    }

    /// https://discord.com/developers/docs/resources/message#create-message
    /// `message` is any create-message body (content, embeds, components, allowed_mentions, …);
    /// DiscordModels has no dedicated type for it yet.
    ///
    /// The body is sent with a `nonce` (`nonce`, or a random one) and `enforce_nonce: true`, so
    /// the retries this client makes after a timeout or a 5xx cannot post the message twice:
    /// Discord answers a repeated nonce with the message it already created. `enforceNonce: false`
    /// sends `nonce` (if given) without enforcing it.
    @discardableResult
    public func createMessage(
        channelID: ChannelID, message: some Encodable & Sendable, files: [FileAttachment] = [], nonce: String? = nil,
        enforceNonce: Bool = true
    ) async throws(DiscordRESTError) -> Message {
        let route = Route.createMessage(channelID: channelID)
        guard let nonce = nonce ?? (enforceNonce ? makeNonce() : nil) else {
            return try await send(encoding(route: route, payload: message, files: files), decoding: Message.self)
        }
        let body = MessageWithNonce(payload: message, nonce: nonce, enforce: enforceNonce)
        return try await send(encoding(route: route, payload: body, files: files), decoding: Message.self)
    }

    private func encoding(
        route: Route, payload: some Encodable, files: [FileAttachment] = [], attachmentsContainer: String? = nil
    ) throws(DiscordRESTError) -> DiscordRequest {
        do {
            return try DiscordRequest(route: route, payload: payload, files: files, attachmentsContainer: attachmentsContainer)
        } catch {
            throw .encoding(message: "\(type(of: payload)): \(error)")
        }
    }
}
