import DiscordModels

/// Posting through a webhook someone gave us (a guild's alert webhook): the webhook's token in
/// the path authenticates, so no bot authorization is sent, and the route prints its template
/// only, never the token.
extension DiscordRESTClient {
    /// https://discord.com/developers/docs/resources/webhook#execute-webhook
    /// With `wait=true`, Discord answers with the message it created (and errors come back
    /// instead of being dropped silently).
    @discardableResult
    public func executeWebhook(id: WebhookID, token: String, message: ExecuteWebhook) async throws(DiscordRESTError) -> Message {
        var request: DiscordRequest
        do {
            request = try DiscordRequest(route: .executeWebhook(id: id, token: token), payload: message)
        } catch {
            throw .encoding(message: "ExecuteWebhook: \(error)")
        }
        request.query = [("wait", "true")]
        return try await send(request, decoding: Message.self)
    }
}

extension Route {
    /// https://discord.com/developers/docs/resources/webhook#execute-webhook
    public static func executeWebhook(id: WebhookID, token: String) -> Route {
        Route(
            method: .POST, template: "/webhooks/{webhook_id}/{webhook_token}", path: "/webhooks/\(id)/\(token)",
            majorParameter: .webhook(id: id.description, token: token), isInteraction: true)
    }
}
