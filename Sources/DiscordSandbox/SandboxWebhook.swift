/// A channel webhook in the loopback Discord (`DiscordSandbox.createWebhook`).
public struct SandboxWebhook: Sendable, Hashable {
    public let id: UInt64
    public let token: String
    public let channelID: UInt64

    /// As Discord's "Copy Webhook URL" gives it; the bot's REST client posts to its own base URL
    /// (the sandbox) with the id and token parsed from it.
    public var url: String { "https://discord.com/api/webhooks/\(id)/\(token)" }
}
