import DiscordModels
import Gacha
import Storage

/// The game's slash commands: `/rates`, `/roll`, `/daily`, `/points`, `/shop` (and its buttons),
/// `/buy`, `/inventory` (and its pager), `/character` and `/release` (with autocomplete over the
/// member's own characters). A multi-pull bought here continues in `PullFlow`.
struct GachaFeature: BotFeature {
    let name = "Gacha"
    let game: GachaGame
    /// Where `/buy` and the shop's buttons hand over a purchase.
    let pulls: PullFlow
    /// The usage meters (`/roll` counts `rolls`); nil: no limits.
    var usage: PremiumUsage?

    func register(in routes: inout FeatureRoutes) {
        routes.command("rates") { context in try await rates(context) }
        routes.command("roll") { context in try await roll(context) }
        routes.command("daily") { context in try await daily(context) }
        routes.command("points", ephemeral: true) { context in
            let summary = try await game.points.summary(try context.player())
            try await context.reply(InteractionMessageData(embeds: [GameViews.points(summary)], flags: .ephemeral))
        }
        routes.command("shop") { context in
            try await context.reply(try GameViews.shop(game.shop.items, rule: game.shop.pullRule))
        }
        routes.command("buy") { context in
            guard case .string(let item)? = context.interaction.commandData?.option(named: "item")?.value else {
                throw UserMessageError("Choose an item to buy, e.g. `/buy item: Buy 10 Characters`.")
            }
            try await pulls.buy(item, context: context)
        }
        routes.component(ShopBuyID.self) { context, id in try await pulls.buy(id.item, context: context) }
        routes.command("inventory", ephemeral: true) { context in try await inventory(context) }
        routes.component(InventoryPageID.self) { context, id in try await turnInventoryPage(context, to: id) }
        routes.autocomplete("character") { context in try await suggestOwnedCharacters(context) }
        routes.autocomplete("release") { context in try await suggestOwnedCharacters(context) }
        routes.command("character") { context in try await character(context) }
        routes.command("release", ephemeral: true) { context in try await release(context) }
    }

    /// The published table, and in a server the packs its rolls also draw from.
    private func rates(_ context: InteractionContext) async throws {
        let table = GameViews.rates(game.configuration.rates)
        var embeds = [table]
        if let guild = context.interaction.guild_id {
            let pool = try await game.rolls.pool(Storage.GuildID(guild.rawValue))
            if let packs = PackViews.pool(pool, besides: table) { embeds.append(packs) }
        }
        try await context.reply(InteractionMessageData(embeds: embeds))
    }

    private func roll(_ context: InteractionContext) async throws {
        let player = try context.player()
        guard let usage, usage.meters("rolls") else {
            let result = try await game.rolls.roll(player, idempotencyKey: context.idempotencyKey)
            try await context.reply(InteractionMessageData(
                content: PackAccessViews.lapses(result.accessLapses), embeds: [GameViews.roll(result, rates: game.configuration.rates)]))
            return
        }
        // The tier is read before the transaction (cached); the count commits with the roll.
        let tier = try await usage.access.tier(context, at: usage.now())
        let warning = UsageNoticeBox()
        let result: RollService.Result
        do {
            result = try await game.rolls.roll(player, idempotencyKey: context.idempotencyKey) { tx, now in
                warning.set(try await usage.gate.count("rolls", in: tx, player: player, tier: tier, at: now))
            }
        } catch let reached as UsageLimitReached {
            try await usage.recordLimit(reached.notice, player: player)
            try await context.reply(await usage.limitMessage(reached.notice, context: context))
            return
        }
        // A pack subscription that lapsed since the last roll is told here, once.
        try await context.reply(InteractionMessageData(
            content: PackAccessViews.lapses(result.accessLapses), embeds: [GameViews.roll(result, rates: game.configuration.rates)]))
        if let notice = warning.notice {
            // Once per period: only the member sees it.
            let row = notice.offersUpgrade ? await usage.upgradeRow(for: context) : []
            try await context.followUp(
                InteractionMessageData(content: PremiumViews.text(notice), flags: .ephemeral, components: row.isEmpty ? nil : row))
        }
    }

    private func daily(_ context: InteractionContext) async throws {
        let claim = try await game.points.claimDaily(try context.player(), idempotencyKey: context.idempotencyKey)
        try await context.reply(
            InteractionMessageData(
                content: "💰 +**\(Format.points(claim.points))** (streak: \(claim.streak) day\(claim.streak == 1 ? "" : "s")). "
                    + "Balance: **\(Format.points(claim.balance))**. Next claim \(Format.relative(claim.nextClaimAt))."))
    }

    private func inventory(_ context: InteractionContext) async throws {
        let options = context.interaction.commandData
        var page = 1
        if case .integer(let value)? = options?.option(named: "page")?.value { page = Int(value) }
        var sort = InventoryService.Sort.rarity
        if case .string(let value)? = options?.option(named: "sort")?.value, let chosen = InventoryService.Sort(rawValue: value) {
            sort = chosen
        }
        let player = try context.player()
        // Members count pages from 1; the service from 0.
        let view = try await game.inventory.page(player, page: page - 1, sort: sort)
        try await context.reply(try GameViews.inventory(view, sort: sort, owner: player.member.rawValue))
    }

    private func turnInventoryPage(_ context: InteractionContext, to id: InventoryPageID) async throws {
        let player = try context.player()
        guard player.member.rawValue == id.owner else {
            throw UserMessageError("This isn't yours: run `/inventory` to see your own characters.")
        }
        let view = try await game.inventory.page(player, page: id.page - 1, sort: id.sort)
        try await context.update(try GameViews.inventory(view, sort: id.sort, owner: id.owner))
    }

    /// `/character` and `/release`: the member's own characters whose name starts with what they typed.
    private func suggestOwnedCharacters(_ context: InteractionContext) async throws {
        let prefix: String
        if case .string(let typed)? = context.interaction.commandData?.focusedOption?.value { prefix = typed } else { prefix = "" }
        let matches = try await game.inventory.search(try context.player(), prefix: prefix, limit: 25)
        try await context.autocomplete(
            matches.map { ApplicationCommandOptionChoice(name: String("\($0.name) (\($0.series))".prefix(100)), value: .string($0.id)) })
    }

    private func character(_ context: InteractionContext) async throws {
        let player = try context.player()
        let query = context.stringOption("name")
        // Ownership is checked on the server: autocomplete suggestions are only a convenience.
        guard let owned = try await game.inventory.character(player, matching: query) else {
            throw UserMessageError("You don't own a character called “\(Format.plain(query))”. `/inventory` lists yours.")
        }
        try await context.reply(InteractionMessageData(embeds: [GameViews.character(owned)]))
    }

    private func release(_ context: InteractionContext) async throws {
        let player = try context.player()
        let query = context.stringOption("name")
        guard let owned = try await game.inventory.character(player, matching: query) else {
            throw UserMessageError("You don't own a character called “\(Format.plain(query))”.")
        }
        let release = try await game.inventory.release(player, characterID: owned.character.id, idempotencyKey: context.idempotencyKey)
        try await context.reply(
            InteractionMessageData(
                content: "👋 Released \(Format.character(release.character)) for **\(Format.points(release.points))**. "
                    + "Balance: **\(Format.points(release.balance))**.", flags: .ephemeral))
    }
}
