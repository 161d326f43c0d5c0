import DiscordModels
import Logging

/// The buttons of an upgrade prompt: Discord's premium button for the Pro SKU (style 6, only an
/// `sku_id`) next to a link to the Stripe Checkout. Either may be missing (no SKU configured, no
/// Stripe); with neither, the prompt has no buttons and its text still says what to do.
enum UpgradePromptView {
    static let checkoutLabel = "Upgrade with card"

    static func row(sku: SKUID?, checkoutURL: String?) -> [Component] {
        var buttons: [Component] = []
        if let sku { buttons.append(.button(.premium(sku: sku))) }
        if let checkoutURL { buttons.append(.button(.link(checkoutLabel, url: checkoutURL))) }
        return buttons.isEmpty ? [] : [.actionRow(ActionRow(components: buttons))]
    }

    /// The prompt's buttons for the member of `context`: the configured SKU, and a Checkout URL
    /// when Stripe is set up. A Stripe failure costs the link (logged), never the answer: the
    /// premium button and the text still show.
    static func row(for context: InteractionContext, skus: DiscordSKUs, links: any PremiumLinks, logger: Logger) async -> [Component] {
        var checkout: String?
        if let user = context.userID {
            do {
                checkout = try await links.checkoutURL(user: user, guild: context.interaction.guild_id)
            } catch {
                logger.warning("no Checkout link for an upgrade prompt", metadata: ["error": "\(error)"])
            }
        }
        return row(sku: skus.upgradeSKU, checkoutURL: checkout)
    }
}
