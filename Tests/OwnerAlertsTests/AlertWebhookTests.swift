import OwnerAlerts
import Testing

@Suite("Alert webhook URLs")
struct AlertWebhookTests {
    static let token = "AbC-123_xyz"

    @Test(arguments: [
        "https://discord.com/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://discord.com/api/v10/webhooks/123456789012345678/AbC-123_xyz",
        "https://discordapp.com/api/webhooks/123456789012345678/AbC-123_xyz/",
        "  https://canary.discord.com/api/webhooks/123456789012345678/AbC-123_xyz\n",
        "https://PTB.Discord.com/api/webhooks/123456789012345678/AbC-123_xyz",
    ])
    func accepted(_ url: String) throws {
        let webhook = try AlertWebhook(url: url)
        #expect(webhook.id == 123_456_789_012_345_678)
        #expect(webhook.token == Self.token)
    }

    @Test(arguments: [
        "http://discord.com/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://evil.example/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://discord.com.evil.example/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://user:pw@discord.com/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://discord.com:8443/api/webhooks/123456789012345678/AbC-123_xyz",
        "https://discord.com/api/webhooks/123456789012345678/AbC-123_xyz?wait=true",
        "https://discord.com/api/webhooks/123456789012345678",
        "https://discord.com/api/webhooks/not-a-number/AbC-123_xyz",
        "https://discord.com/api/channels/123456789012345678/AbC-123_xyz",
        "https://discord.com/api/vX/webhooks/123456789012345678/AbC-123_xyz",
        "https://discord.com/api/webhooks/0/AbC-123_xyz",
        "discord.com/api/webhooks/123456789012345678/AbC-123_xyz",
        "",
    ])
    func refused(_ url: String) {
        #expect(throws: AlertWebhookError.notAWebhookURL) { try AlertWebhook(url: url) }
    }

    @Test func aTokenWithForeignCharactersIsRefused() {
        #expect(throws: AlertWebhookError.badToken) { try AlertWebhook(url: "https://discord.com/api/webhooks/1/abc%20def") }
        #expect(throws: AlertWebhookError.badToken) { try AlertWebhook(id: 1, token: String(repeating: "a", count: 201)) }
    }

    @Test func theTokenNeverShows() throws {
        let webhook = try AlertWebhook(url: "https://discord.com/api/webhooks/123456789012345678/\(Self.token)")
        for text in [webhook.description, webhook.debugDescription, "\(webhook)", String(reflecting: webhook), webhook.redacted] {
            #expect(!text.contains(Self.token), "\(text)")
            #expect(text.contains("123456789012345678"))
        }
        for error in [AlertWebhookError.notAWebhookURL, .badToken] {
            #expect(!error.description.contains(Self.token))
        }
    }
}
