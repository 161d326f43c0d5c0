import Analytics
import DiscordModels
import OwnerAlerts
import Storage

/// `/owner alerts`: shows whether the server's alerts go to a webhook, sets one
/// (`webhook:` a Discord webhook URL) or stops them (`clear:`). The URL's token is never shown
/// back nor logged: the reply names the webhook by its id.
extension OwnerFeature {
    func alertsCommand(_ context: InteractionContext) async throws {
        let (guild, _) = try request(context)
        let data = context.interaction.commandData
        var clear = false
        if case .boolean(let value)? = data?.option(named: "clear")?.value { clear = value }
        var url: String?
        if case .string(let text)? = data?.option(named: "webhook")?.value, !text.allSatisfy(\.isWhitespace) { url = text }
        let time = now()

        let message: String
        switch (url, clear) {
        case (.some, true):
            throw UserMessageError("Give either webhook: or clear:, not both.")
        case (let url?, false):
            let webhook: AlertWebhook
            do {
                webhook = try AlertWebhook(url: url)
            } catch {
                throw UserMessageError("Alerts were not changed: \(error).")
            }
            try await alerts.writeAlerts { try await $0.setAlertWebhook(guild, webhook, at: time) }
            message = "This server's alerts now go to webhook \(webhook.id). "
                + "They are: a new Pro member, daily active members far below normal, payment failures, and AI cost over budget; at most one of each kind a day."
        case (nil, true):
            try await alerts.writeAlerts { try await $0.setAlertWebhook(guild, nil, at: time) }
            message = "This server's alerts are off: no webhook is set."
        case (nil, false):
            let (webhook, recent) = try await alerts.readAlerts { reader in
                (try await reader.alertWebhook(guild), try await reader.alerts(guild: guild, limit: 5))
            }
            var lines = [webhook.map { "Alerts go to webhook \($0.id)." } ?? "No alert webhook is set: use `/owner alerts webhook:` with a Discord webhook URL."]
            if !recent.isEmpty {
                lines.append("Latest alerts:")
                lines += recent.map { "• \(ReportFormat.date(day: $0.day)) \($0.kind.rawValue): \($0.message)" }
            }
            message = lines.joined(separator: "\n")
        }
        try await context.reply(InteractionMessageData(content: message, flags: .ephemeral))
    }
}
