import DiscordModels
import Gacha
import Storage

/// How the game looks in Discord: embeds and components, built from domain values.
enum GameViews {
    static func rates(_ rates: Rates) -> Embed {
        var lines = rates.table.map { tier in
            "\(Format.stars(tier.rarity)) **\(Format.rarityName(tier.rarity))**: \(percent(tier.percent))"
        }
        if let pity = rates.pity {
            lines.append("")
            lines.append(
                "**Pity** (counted per roll, per member, in every server separately): after \(pity.softPityAfter) rolls "
                    + "without a Legendary, each roll adds \(percent(Double(pity.softPityStep) / 10_000)) to the Legendary chance; "
                    + "roll \(pity.hardPity) without one is always Legendary. The counter resets when a Legendary appears.")
            if let epic = pity.epicGuarantee {
                lines.append("Every \(epic)th roll without an Epic or better is at least Epic.")
            }
        }
        lines.append("Duplicates turn into points. 5- and 10-pulls never repeat a character within the pull.")
        return Embed(title: "Published rates", description: lines.joined(separator: "\n"), color: 0x5865F2)
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) %" : "\((value * 100).rounded() / 100) %"
    }

    static func roll(_ result: RollService.Result, rates: Rates) -> Embed {
        var description = Format.character(result.character)
        // A pack character may come without a description.
        if !result.character.description.isEmpty { description += "\n> " + Format.plain(result.character.description) }
        switch result.outcome {
        case .added: description += "\n\nAdded to your inventory."
        case .duplicate(let points): description += "\n\nDuplicate: converted to **\(Format.points(points))**."
        case .inventoryFull(let points): description += "\n\nYour inventory is full: converted to **\(Format.points(points))**."
        }
        return Embed(
            title: "🎲 You rolled \(Format.plain(result.character.name))!", description: description,
            color: Format.color(result.character.rarity),
            footer: Embed.Footer(text: footer(allowance: result.allowance, pity: result.pity)))
    }

    static func footer(allowance: RollAllowance, pity: PityStatus) -> String {
        var parts = ["Rolls left: \(allowance.total)"]
        if let guaranteed = pity.legendaryGuaranteedIn {
            parts.append("Legendary guaranteed within \(guaranteed) roll\(guaranteed == 1 ? "" : "s")")
        }
        parts.append("Pity: \(pity.rollsSinceLegendary) since last Legendary")
        return parts.joined(separator: " · ")
    }

    static func points(_ summary: PointsService.Summary) -> Embed {
        var lines = [
            "Balance: **\(Format.points(summary.balance))**",
            "Daily streak: **\(summary.streak)** day\(summary.streak == 1 ? "" : "s")",
            summary.dailyAvailable
                ? "`/daily` is ready: +\(Format.points(summary.nextDailyPoints))"
                : "Next `/daily` \(Format.relative(summary.nextDailyAt))",
        ]
        if !summary.recentEntries.isEmpty {
            lines.append("\n**Recent**")
            for entry in summary.recentEntries {
                let sign = entry.amount >= 0 ? "+" : ""
                lines.append("`\(sign)\(entry.amount)` \(entry.reason.rawValue.replacingOccurrences(of: "_", with: " ")) \(Format.relative(entry.at))")
            }
        }
        return Embed(title: "Your points", description: lines.joined(separator: "\n"), color: 0x2ECC71)
    }

    static func shop(_ items: [ShopItem], rule: String) throws -> InteractionMessageData {
        let lines = items.map { "\($0.emoji) **\($0.name)**: \(Format.points($0.price))" }
        let buttons = try items.map { item in
            Component.button(
                Button(
                    style: .primary, label: "\(item.name) (\(item.price))", emoji: Emoji(name: item.emoji),
                    custom_id: try ShopBuyID(item: item.id).encoded()))
        }
        return InteractionMessageData(
            embeds: [Embed(title: "🛒 Points shop", description: (lines + ["", rule]).joined(separator: "\n"), color: 0xE67E22)],
            components: stride(from: 0, to: buttons.count, by: 5).map { start in
                .actionRow(ActionRow(components: Array(buttons[start..<min(start + 5, buttons.count)])))
            })
    }

    static func inventory(_ page: InventoryService.Page, sort: InventoryService.Sort, owner: UInt64) throws -> InteractionMessageData {
        let description =
            page.items.isEmpty
            ? "You don't own any characters yet. Try `/roll` or `/shop`."
            : page.items.map { Format.character($0.character) }.joined(separator: "\n")
        let embed = Embed(
            title: "Your characters (\(page.total)/\(page.capacity))", description: description, color: 0x5865F2,
            footer: Embed.Footer(text: "Page \(page.page + 1) of \(max(1, page.pageCount)) · sorted by \(sort.rawValue)"))
        // `page.page` is zero-based; members (and the custom ids) count from 1.
        let shown = page.page + 1
        let previous = Button(
            style: .secondary, label: "◀ Previous", custom_id: try InventoryPageID(owner: owner, sort: sort, page: shown - 1).encoded(),
            disabled: shown <= 1)
        let next = Button(
            style: .secondary, label: "Next ▶", custom_id: try InventoryPageID(owner: owner, sort: sort, page: shown + 1).encoded(),
            disabled: shown >= page.pageCount)
        let other: InventoryService.Sort = sort == .rarity ? .name : .rarity
        let resort = Button(
            style: .secondary, label: "Sort by \(other.rawValue)", custom_id: try InventoryPageID(owner: owner, sort: other, page: 1).encoded())
        return InteractionMessageData(
            embeds: [embed], flags: .ephemeral,
            components: [.actionRow(ActionRow(components: [.button(previous), .button(next), .button(resort)]))])
    }

    static func character(_ owned: OwnedCharacter) -> Embed {
        let character = owned.character
        return Embed(
            title: Format.plain(character.name),
            description: "\(Format.stars(character.rarity)) \(Format.rarityName(character.rarity)) · \(Format.origin(character))\n\n"
                + Format.plain(character.description) + "\n\nIn your collection since \(Format.relative(owned.acquiredAt)).",
            color: Format.color(character.rarity),
            // A field's value may not be empty: a pack character may have no persona.
            fields: character.persona.isEmpty ? nil : [Embed.Field(name: "Persona", value: Format.plain(character.persona))])
    }
}
