import DiscordModels
import Packs
import Storage

/// Pack access: `/packs access` (a creator's mode for their own pack), `/packs subscribe`,
/// `/packs unsubscribe` and `/packs subscriptions` (a member's points subscriptions in this
/// server). Registered only when the store serves pack access.
extension PacksFeature {
    func registerAccess(in routes: inout FeatureRoutes) {
        guard let packAccess else { return }
        routes.command("packs access", ephemeral: true) { context in try await setAccess(context, packAccess) }
        routes.command("packs subscribe", ephemeral: true) { context in try await subscribe(context, packAccess) }
        routes.command("packs unsubscribe", ephemeral: true) { context in try await unsubscribe(context, packAccess) }
        routes.command("packs subscriptions", ephemeral: true) { context in try await subscriptions(context, packAccess) }
        routes.autocomplete("packs access") { context in try await suggestOwnPacks(context) }
        for path: CommandPath in ["packs subscribe", "packs unsubscribe"] {
            routes.autocomplete(path) { context in try await suggestEnabledPacks(context) }
        }
    }

    private func setAccess(_ context: InteractionContext, _ packAccess: PackAccessService) async throws {
        let creator = try context.player()
        let id = try await resolveOwnPack(context.stringOption("pack"), creator: creator.member)
        let price = context.integerOption("price")
        let access: PackAccess
        switch context.stringOption("mode") {
        case "free", "pro":
            guard price == nil else { throw PackAccessError.priceWithoutSubscription }
            access = context.stringOption("mode") == "pro" ? .pro : .free
        case "subscription":
            guard let price else { throw PackAccessError.missingPrice }
            access = .subscription(points: price)
        default:
            throw UserMessageError("Choose a mode: `free`, `pro` or `subscription` (with `price:`).")
        }
        let pack = try await packAccess.setAccess(pack: id, creator: creator, access: access)
        try await context.reply(InteractionMessageData(
            content: "✅ **\(PackText.inline(pack.name))** is now \(PackAccessViews.mode(access)).", flags: .ephemeral))
    }

    private func subscribe(_ context: InteractionContext, _ packAccess: PackAccessService) async throws {
        let player = try context.player()
        let id = try await resolveEnabledPack(context.stringOption("pack"), guild: player.guild)
        let result: PackAccessService.Subscribed
        do {
            result = try await packAccess.subscribe(pack: id, player: player)
        } catch let refused as PackAccessError {
            try await context.reply(await PackAccessViews.refusal(refused, context: context, usage: usage))
            return
        }
        let name = Format.plain(result.packName)
        let until = PackAccessViews.date(result.subscription.periodEnd)
        let text: String
        switch result.kind {
        case .charged(let points, let discounted):
            text = "🎟️ Subscribed to **\(name)** for \(Format.points(points))\(discounted ? " (your Pro price)" : ""). "
                + "Its characters roll for you until \(until), and it renews automatically while you have the points. "
                + "Balance: **\(Format.points(result.balance))**. `/packs unsubscribe` stops renewal at any time."
        case .alreadyActive:
            text = "You're already subscribed to **\(name)** until \(until): nothing was charged."
        case .resumed:
            text = "🔁 **\(name)** renews again on \(until); nothing was charged now."
        }
        try await context.reply(InteractionMessageData(content: text, flags: .ephemeral))
    }

    private func unsubscribe(_ context: InteractionContext, _ packAccess: PackAccessService) async throws {
        let player = try context.player()
        let id = try await resolveVisiblePack(context.stringOption("pack"), viewer: player.member)
        let subscription = try await packAccess.unsubscribe(pack: id, player: player)
        try await context.reply(InteractionMessageData(
            content: "⏹️ Your subscription will not renew. Its characters keep rolling for you until "
                + "\(PackAccessViews.date(subscription.periodEnd)); those you own stay yours.",
            flags: .ephemeral))
    }

    private func subscriptions(_ context: InteractionContext, _ packAccess: PackAccessService) async throws {
        let views = try await packAccess.subscriptions(try context.player())
        let lines = views.prefix(20).map(PackAccessViews.line)
        let text = lines.isEmpty
            ? "You have no pack subscriptions in this server. Packs marked 🎟️ in `/packs browse` take one: `/packs subscribe`."
            : "**Your pack subscriptions here**\n" + lines.joined(separator: "\n")
        try await context.reply(InteractionMessageData(content: text, flags: .ephemeral))
    }
}
