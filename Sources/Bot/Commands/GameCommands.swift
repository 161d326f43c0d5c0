import Clocks
import DiscordModels
import Foundation
import Gacha
import Storage

/// The game's slash commands and components: `/rates`, `/roll`, `/daily`, `/points`, `/shop`,
/// `/buy`, `/inventory`, `/character`, `/release`, and the multi-pull flow's components.
struct GameCommands {
    let game: GachaGame
    let settings: GameCommandSettings
    let assets: URL
    let clock: any Clock<Duration>

    func register(in router: inout InteractionRouter) {
        let pulls = PullFlow(game: game, settings: settings, assets: assets, clock: clock)
        router.command("rates") { context in
            try await context.reply(InteractionMessageData(embeds: [GameViews.rates(game.configuration.rates)]))
        }
        router.command("roll") { context in
            let player = try Self.player(context)
            let result = try await game.rolls.roll(player, idempotencyKey: Self.key(context))
            try await context.reply(InteractionMessageData(embeds: [GameViews.roll(result, rates: game.configuration.rates)]))
        }
        router.command("daily") { context in
            let player = try Self.player(context)
            let claim = try await game.points.claimDaily(player, idempotencyKey: Self.key(context))
            try await context.reply(
                InteractionMessageData(
                    content: "💰 +**\(Format.points(claim.points))** (streak: \(claim.streak) day\(claim.streak == 1 ? "" : "s")). "
                        + "Balance: **\(Format.points(claim.balance))**. Next claim \(Format.relative(claim.nextClaimAt))."))
        }
        router.command("points", ephemeral: true) { context in
            let summary = try await game.points.summary(try Self.player(context))
            try await context.reply(InteractionMessageData(embeds: [GameViews.points(summary)], flags: .ephemeral))
        }
        router.command("shop") { context in
            try await context.reply(GameViews.shop(game.shop.items, rule: game.shop.pullRule))
        }
        router.command("buy") { context in
            guard case .string(let item)? = context.interaction.commandData?.option(named: "item")?.value else {
                throw UserMessageError("Choose an item to buy, e.g. `/buy item: Buy 10 Characters`.")
            }
            try await pulls.buy(item, context: context)
        }
        router.component(prefix: "shop:buy:") { context in
            let item = String(context.interaction.customID?.dropFirst("shop:buy:".count) ?? "")
            try await pulls.buy(item, context: context)
        }
        router.command("inventory", ephemeral: true) { context in
            let options = context.interaction.commandData
            var page = 1
            if case .integer(let value)? = options?.option(named: "page")?.value { page = Int(value) }
            var sort = InventoryService.Sort.rarity
            if case .string(let value)? = options?.option(named: "sort")?.value, let chosen = InventoryService.Sort(rawValue: value) {
                sort = chosen
            }
            let player = try Self.player(context)
            // Members count pages from 1; the service from 0.
            let view = try await game.inventory.page(player, page: page - 1, sort: sort)
            try await context.reply(GameViews.inventory(view, sort: sort, owner: player.member.rawValue))
        }
        router.component(prefix: "inv:") { context in
            // inv:<owner>:<sort>:<page>
            let parts = (context.interaction.customID ?? "").split(separator: ":").map(String.init)
            guard parts.count == 4, let owner = UInt64(parts[1]), let page = Int(parts[3]),
                let sort = InventoryService.Sort(rawValue: parts[2])
            else { throw UserMessageError("That button is out of date. Run `/inventory` again.") }
            let player = try Self.player(context)
            guard player.member.rawValue == owner else {
                throw UserMessageError("This isn't yours: run `/inventory` to see your own characters.")
            }
            let view = try await game.inventory.page(player, page: page - 1, sort: sort)
            try await context.update(GameViews.inventory(view, sort: sort, owner: owner))
        }
        for command in ["character", "release"] {
            router.autocomplete(command) { context in
                let prefix: String
                if case .string(let typed)? = context.interaction.commandData?.focusedOption?.value { prefix = typed } else { prefix = "" }
                let matches = try await game.inventory.search(try Self.player(context), prefix: prefix, limit: 25)
                try await context.autocomplete(
                    matches.map { ApplicationCommandOptionChoice(name: String("\($0.name) (\($0.series))".prefix(100)), value: .string($0.id)) })
            }
        }
        router.command("character") { context in
            let player = try Self.player(context)
            let query = Self.stringOption("name", context)
            // Ownership is checked on the server: autocomplete suggestions are only a convenience.
            guard let owned = try await game.inventory.character(player, matching: query) else {
                throw UserMessageError("You don't own a character called “\(Format.plain(query))”. `/inventory` lists yours.")
            }
            try await context.reply(InteractionMessageData(embeds: [GameViews.character(owned)]))
        }
        router.command("release", ephemeral: true) { context in
            let player = try Self.player(context)
            let query = Self.stringOption("name", context)
            guard let owned = try await game.inventory.character(player, matching: query) else {
                throw UserMessageError("You don't own a character called “\(Format.plain(query))”.")
            }
            let release = try await game.inventory.release(player, characterID: owned.character.id, idempotencyKey: Self.key(context))
            try await context.reply(
                InteractionMessageData(
                    content: "👋 Released \(Format.character(release.character)) for **\(Format.points(release.points))**. "
                        + "Balance: **\(Format.points(release.balance))**.", flags: .ephemeral))
        }
        pulls.register(in: &router)
    }

    /// The member and guild an interaction speaks for. The game lives in servers only.
    static func player(_ context: InteractionContext) throws -> PlayerID {
        guard let guild = context.interaction.guild_id, let user = context.userID else {
            throw UserMessageError("Gachabot's game is played in servers: use this command in a server channel.")
        }
        return PlayerID(guild: Storage.GuildID(guild.rawValue), member: MemberID(user.rawValue))
    }

    /// The interaction id: Discord replays an event with the same id, so an operation keyed by it
    /// happens once.
    static func key(_ context: InteractionContext) -> IdempotencyKey {
        IdempotencyKey("interaction:\(context.interaction.id.rawValue)")
    }

    static func stringOption(_ name: String, _ context: InteractionContext) -> String {
        if case .string(let value)? = context.interaction.commandData?.option(named: name)?.value { return value }
        return ""
    }
}
