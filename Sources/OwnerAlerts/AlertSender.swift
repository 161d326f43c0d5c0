/// Posts an alert's text to a webhook. The bot implements it with Discord's Execute Webhook;
/// tests with a recorder. A failure's description must not contain the webhook's token.
public protocol AlertSender: Sendable {
    func send(_ message: String, to webhook: AlertWebhook) async throws
}
