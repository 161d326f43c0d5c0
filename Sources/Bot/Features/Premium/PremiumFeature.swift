import DiscordModels
import Storage

/// `/premium`: the member's plan and how to upgrade. The plan is read from the Discord
/// entitlements the interaction carries; the upgrade prompt shows Discord's premium button for
/// the Pro SKU next to the Stripe Checkout link.
struct PremiumFeature: BotFeature {
    let name = "Premium"
    let settings: PremiumSettings
    let now: @Sendable () -> Timestamp

    func register(in routes: inout FeatureRoutes) {
        routes.command("premium", ephemeral: true) { context in try await show(context) }
    }

    private func show(_ context: InteractionContext) async throws {
        let time = now()
        let grants = (context.interaction.entitlements ?? []).compactMap { DiscordGrant($0, skus: settings.skus) }
        let pro = grants.filter { $0.grantsPro(at: time) }
        var lines: [String] = []
        var components: [Component] = []
        if pro.isEmpty {
            lines.append("**Plan: Free**")
            lines.append("Pro raises your limits. Upgrade below.")
            components = await UpgradePromptView.row(for: context, skus: settings.skus, links: settings.links)
        } else {
            lines.append("**Plan: Pro** (Discord)")
            for grant in pro {
                let scope = if case .pro(let guild?) = grant.what, guild == context.interaction.guild_id { "this server" } else { "you" }
                let end = grant.endsAt.map { "until \(Format.relative($0))" } ?? "renews through Discord"
                lines.append("• Pro for \(scope), \(end)")
            }
        }
        try await context.reply(InteractionMessageData(content: lines.joined(separator: "\n"), flags: .ephemeral, components: components.isEmpty ? nil : components))
    }
}
