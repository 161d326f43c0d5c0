import DiscordModels
import DiscordREST
import OwnerAlerts

/// Delivers alerts with Discord's Execute Webhook, through the bot's REST client (its rate
/// limits, retries and base URL, so the loopback Discord receives them in tests and the demo).
/// `allowed_mentions` parses nothing: an alert never pings anyone.
struct DiscordAlertSender: AlertSender {
    let rest: DiscordRESTClient

    func send(_ message: String, to webhook: AlertWebhook) async throws {
        let body = ExecuteWebhook(content: String(message.prefix(DiscordLimits.contentCharacters)), allowed_mentions: AllowedMentions.none)
        try DiscordLimits.validate(body)
        try await rest.executeWebhook(id: WebhookID(webhook.id), token: webhook.token, message: body)
    }
}
