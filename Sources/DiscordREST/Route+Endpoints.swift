import DiscordModels
import NIOHTTP1

/// The endpoints the bot calls. Templates are spelled as in Discord's OpenAPI description so the
/// sandbox's validator and our logs name routes the same way.
extension Route {
    /// https://discord.com/developers/docs/events/gateway#get-gateway-bot
    public static func getGatewayBot() -> Route {
        Route(method: .GET, template: "/gateway/bot", path: "/gateway/bot", bucket: .gatewayBot)
    }

    /// https://discord.com/developers/docs/resources/user#get-current-user
    public static func getCurrentUser() -> Route {
        Route(method: .GET, template: "/users/@me", path: "/users/@me", bucket: .currentUser)
    }

    /// https://discord.com/developers/docs/resources/application#get-current-application
    public static func getCurrentApplication() -> Route {
        Route(method: .GET, template: "/applications/@me", path: "/applications/@me", bucket: .currentApplication)
    }

    /// https://discord.com/developers/docs/resources/user#create-dm
    public static func createDM() -> Route {
        Route(method: .POST, template: "/users/@me/channels", path: "/users/@me/channels", bucket: .createDM)
    }

    /// https://discord.com/developers/docs/resources/message#create-message
    public static func createMessage(channelID: ChannelID) -> Route {
        Route(
            method: .POST, template: "/channels/{channel_id}/messages", path: "/channels/\(channelID)/messages",
            majorParameter: .channel(channelID.description), bucket: .createMessage)
    }

    /// https://discord.com/developers/docs/resources/message#get-channel-message
    public static func getMessage(channelID: ChannelID, messageID: MessageID) -> Route {
        Route(
            method: .GET, template: "/channels/{channel_id}/messages/{message_id}",
            path: "/channels/\(channelID)/messages/\(messageID)", majorParameter: .channel(channelID.description), bucket: .getMessage)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response
    public static func createInteractionResponse(interactionID: InteractionID, token: String) -> Route {
        Route(
            method: .POST, template: "/interactions/{interaction_id}/{interaction_token}/callback",
            path: "/interactions/\(interactionID)/\(token)/callback",
            majorParameter: .interaction(id: interactionID.description, token: token), isInteraction: true, bucket: .interactionCallback)
    }

    /// The original response and follow-ups live on the application's webhook for this token.
    /// https://discord.com/developers/docs/interactions/receiving-and-responding#get-original-interaction-response
    public static func originalInteractionResponse(_ method: HTTPMethod, applicationID: ApplicationID, token: String) -> Route {
        Route(
            method: method, template: "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            path: "/webhooks/\(applicationID)/\(token)/messages/@original",
            majorParameter: .webhook(id: applicationID.description, token: token), isInteraction: true, bucket: .originalResponse)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
    public static func createFollowupMessage(applicationID: ApplicationID, token: String) -> Route {
        Route(
            method: .POST, template: "/webhooks/{webhook_id}/{webhook_token}",
            path: "/webhooks/\(applicationID)/\(token)",
            majorParameter: .webhook(id: applicationID.description, token: token), isInteraction: true, bucket: .followupCreate)
    }

    /// https://discord.com/developers/docs/interactions/receiving-and-responding#edit-followup-message
    public static func followupMessage(
        _ method: HTTPMethod, applicationID: ApplicationID, token: String, messageID: MessageID
    ) -> Route {
        Route(
            method: method, template: "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
            path: "/webhooks/\(applicationID)/\(token)/messages/\(messageID)",
            majorParameter: .webhook(id: applicationID.description, token: token), isInteraction: true, bucket: .followupMessage)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#get-global-application-commands
    public static func globalApplicationCommands(_ method: HTTPMethod, applicationID: ApplicationID) -> Route {
        Route(
            method: method, template: "/applications/{application_id}/commands",
            path: "/applications/\(applicationID)/commands", bucket: .globalCommands)
    }

    /// https://discord.com/developers/docs/interactions/application-commands#get-guild-application-commands
    public static func guildApplicationCommands(_ method: HTTPMethod, applicationID: ApplicationID, guildID: GuildID) -> Route {
        Route(
            method: method, template: "/applications/{application_id}/guilds/{guild_id}/commands",
            path: "/applications/\(applicationID)/guilds/\(guildID)/commands", majorParameter: .guild(guildID.description), bucket: .guildCommands)
    }
}

// MARK: Monetization

extension Route {
    /// https://discord.com/developers/docs/resources/entitlement#list-entitlements
    public static func listEntitlements(applicationID: ApplicationID) -> Route {
        Route(method: .GET, template: "/applications/{application_id}/entitlements", path: "/applications/\(applicationID)/entitlements", bucket: .listEntitlements)
    }

    /// https://discord.com/developers/docs/resources/entitlement#consume-an-entitlement
    public static func consumeEntitlement(applicationID: ApplicationID, entitlementID: EntitlementID) -> Route {
        Route(
            method: .POST, template: "/applications/{application_id}/entitlements/{entitlement_id}/consume",
            path: "/applications/\(applicationID)/entitlements/\(entitlementID)/consume", bucket: .consumeEntitlement)
    }
}
