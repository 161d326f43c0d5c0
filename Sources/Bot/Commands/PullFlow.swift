import DiscordModels
import DiscordREST
import Foundation
import Gacha
import Storage

/// The multi-pull flow: charge and roll (one transaction), the box-opening animation edited into
/// the reveal, a checklist of what to keep with Apply / Deny, and when the inventory would
/// overflow a second, paged checklist of owned characters to replace.
///
/// Component ids carry only keys (`pull:<action>:<pull id>[:page]`, see `PullFlowIDs.swift`); the
/// pull and the member's keep and replace choices live in the store, so a restart between reveal
/// and Apply, or a press that reaches another process, loses nothing. A pull revealed before the
/// choices were stored falls back to the keep choice its message shows.
struct PullFlow: BotFeature {
    let name = "Pulls"
    let game: GachaGame
    let settings: GameCommandSettings
    let assets: URL
    let clock: any Clock<Duration>
    /// The box-opening GIF, read once (nil if the assets folder lacks it: the animation becomes text).
    private let animation: Data?

    init(game: GachaGame, settings: GameCommandSettings, assets: URL, clock: any Clock<Duration>) {
        self.game = game
        self.settings = settings
        self.assets = assets
        self.clock = clock
        self.animation = try? Data(contentsOf: assets.appendingPathComponent(Self.animationFile))
    }

    static let animationFile = "box-opening.gif"

    func register(in routes: inout FeatureRoutes) {
        routes.component(PullKeepID.self) { context, id in try await keepChanged(context, pullID: id.pull) }
        routes.component(PullApplyID.self) { context, id in try await apply(context, pullID: id.pull) }
        routes.component(PullDenyID.self) { context, id in try await deny(context, pullID: id.pull) }
        routes.component(PullReplaceID.self) { context, id in try await replaceChanged(context, pullID: id.pull, page: id.page) }
        routes.component(PullPageID.self) { context, id in try await showReplacePage(context, pullID: id.pull, page: id.page) }
    }

    /// `/buy` and the shop buttons.
    func buy(_ itemID: String, context: InteractionContext) async throws {
        let player = try context.player()
        let purchase = try await game.shop.buy(player, itemID: itemID, idempotencyKey: context.idempotencyKey)
        switch purchase {
        case .extraRolls(let rolls):
            try await context.reply(
                InteractionMessageData(
                    content: "🎟️ +\(rolls.rollsAdded) roll\(rolls.rollsAdded == 1 ? "" : "s") for \(Format.points(rolls.price)). "
                        + "You have \(rolls.allowance.total) now. Balance: **\(Format.points(rolls.balance))**.",
                    flags: .ephemeral))
        case .pull(let pull):
            try await playAnimation(for: pull, context: context)
            try await clock.sleep(for: settings.revealDelay)
            try await context.editOriginal(MessageEdit(try reveal(pull, keep: nil)), files: [])
        }
    }

    private func playAnimation(for pull: PendingPull, context: InteractionContext) async throws {
        let embed = Embed(
            title: "📦 Opening your \(pull.items.count) characters…", color: 0x5865F2,
            image: Embed.Media(url: "attachment://\(Self.animationFile)"))
        let data = InteractionMessageData(embeds: [embed], components: [])
        if let gif = animation {
            try await context.reply(data, files: [FileAttachment(filename: Self.animationFile, contentType: "image/gif", data: gif)])
        } else {
            try await context.reply(InteractionMessageData(content: "📦 Opening your \(pull.items.count) characters…"))
        }
    }

    /// The reveal: every character, the keep checklist (all selected by default), Apply and Deny.
    func reveal(_ pull: PendingPull, keep: Set<String>?) throws -> InteractionMessageData {
        let keep = keep ?? Set(pull.items.map(\.character.id))
        let lines = pull.items.enumerated().map { index, item in
            "\(index + 1). \(Format.character(item.character))\(item.alreadyOwned ? " *(owned: keeping converts it to points)*" : "")"
        }
        let willOwn = pull.ownedCount + pull.items.filter { keep.contains($0.character.id) && !$0.alreadyOwned }.count
        var description = lines.joined(separator: "\n")
        description += "\n\nInventory after Apply: \(willOwn)/\(pull.inventoryCap)"
        if willOwn > pull.inventoryCap { description += " (you'll choose what to replace)" }
        description += "\nUnkept characters turn into points. Deny keeps none. Expires \(Format.relative(pull.expiresAt))."
        let select = StringSelect(
            custom_id: try PullKeepID(pull.id).encoded(),
            options: pull.items.map { item in
                StringSelect.Option(
                    label: String(item.character.name.prefix(100)), value: item.character.id,
                    description: "\(Format.rarityName(item.character.rarity)) · \(item.character.series)".prefix(100).description,
                    default: keep.contains(item.character.id))
            },
            placeholder: "Characters to keep", min_values: 0, max_values: pull.items.count)
        return InteractionMessageData(
            embeds: [Embed(title: "🎉 Your \(pull.items.count) characters", description: description, color: 0xF1C40F)],
            components: [
                .actionRow(ActionRow(components: [.stringSelect(select)])),
                .actionRow(ActionRow(components: try applyDenyButtons(pull.id))),
            ],
            attachments: [])
    }

    private func applyDenyButtons(_ id: PullID) throws -> [Component] {
        [
            .button(Button(style: .success, label: "Apply", custom_id: try PullApplyID(id).encoded())),
            .button(Button(style: .danger, label: "Deny", custom_id: try PullDenyID(id).encoded())),
        ]
    }

    // MARK: - Component handlers

    private func keepChanged(_ context: InteractionContext, pullID: PullID) async throws {
        let keep = context.interaction.componentData?.values ?? []
        let pull = try await game.pulls.chooseKeep(pullID, by: try context.player(), keep: keep)
        try await context.update(try reveal(pull, keep: Set(keep)))
    }

    private func apply(_ context: InteractionContext, pullID: PullID) async throws {
        let presser = try context.player()
        // One transaction reads the stored choices, checks the presser and settles the pull.
        let shown = Self.keepSelection(in: context.interaction.message, pullID: pullID)
        do {
            let resolution = try await game.pulls.applyChosen(pullID, by: presser, shownKeep: shown)
            try await context.update(summary(resolution))
        } catch GachaError.inventoryOverflow(let needed, let owned) {
            let pull = try await ownedPull(context, pullID: pullID)
            let keep = keepSelection(context, pull: pull)
            try await context.update(try replacePage(pull, keep: keep, needed: needed, owned: owned, page: 0))
        }
    }

    private func deny(_ context: InteractionContext, pullID: PullID) async throws {
        // `denyPull` checks the presser and the pull's state in its transaction.
        let resolution = try await game.pulls.denyPull(pullID, by: try context.player())
        try await context.update(summary(resolution))
    }

    private func replaceChanged(_ context: InteractionContext, pullID: PullID, page: Int) async throws {
        let presser = try context.player()
        // The same order as the first page (the overflow lists owned characters by rarity), so pages never overlap.
        let owned = try await game.inventory.page(presser, page: 0, sort: .rarity, pageSize: 1_000_000).items
        let pageIDs = Self.page(owned, page: page, size: settings.replacePageSize).map(\.character.id)
        let pull = try await game.pulls.chooseReplace(
            pullID, by: presser, chosen: Set(context.interaction.componentData?.values ?? []), amongPage: Set(pageIDs))
        let keep = keepSelection(context, pull: pull)
        try await context.update(try replacePage(pull, keep: keep, needed: overflow(pull, keep: keep), owned: owned, page: page))
    }

    private func showReplacePage(_ context: InteractionContext, pullID: PullID, page: Int) async throws {
        let pull = try await ownedPull(context, pullID: pullID)
        // The same order as the first page (the overflow lists owned characters by rarity), so pages never overlap.
        let owned = try await game.inventory.page(pull.player, page: 0, sort: .rarity, pageSize: 1_000_000).items
        let keep = keepSelection(context, pull: pull)
        try await context.update(try replacePage(pull, keep: keep, needed: overflow(pull, keep: keep), owned: owned, page: page))
    }

    private func overflow(_ pull: PendingPull, keep: [String]) -> Int {
        let keepSet = Set(keep)
        let newOnes = pull.items.filter { keepSet.contains($0.character.id) && !$0.alreadyOwned }.count
        return max(0, pull.ownedCount + newOnes - pull.inventoryCap)
    }

    /// The second checklist: owned characters to replace, a page of at most 25 at a time. The keep
    /// choice rides along in a disabled select so Apply can still read it from the message.
    func replacePage(_ pull: PendingPull, keep: [String], needed: Int, owned: [OwnedCharacter], page: Int) throws -> InteractionMessageData {
        let size = settings.replacePageSize
        let pageCount = max(1, (owned.count + size - 1) / size)
        let page = min(max(0, page), pageCount - 1)
        let chosen = Set(pull.choices.replace)
        let entries = Self.page(owned, page: page, size: size)
        let replaceSelect = StringSelect(
            custom_id: try PullReplaceID(pull.id, page: page).encoded(),
            options: entries.map { entry in
                StringSelect.Option(
                    label: String(entry.character.name.prefix(100)), value: entry.character.id,
                    description: "\(Format.rarityName(entry.character.rarity)) · \(entry.character.series)".prefix(100).description,
                    default: chosen.contains(entry.character.id))
            },
            placeholder: "Owned characters to replace (page \(page + 1)/\(pageCount))", min_values: 0,
            max_values: entries.count)
        let keepRecord = StringSelect(
            custom_id: try PullKeepID(pull.id).encoded(),
            options: pull.items.filter { keep.contains($0.character.id) }.map {
                StringSelect.Option(label: String($0.character.name.prefix(100)), value: $0.character.id, default: true)
            },
            placeholder: "Keeping", min_values: 0, max_values: max(1, keep.count), disabled: true)
        var rows: [Component] = []
        if !keep.isEmpty { rows.append(.actionRow(ActionRow(components: [.stringSelect(keepRecord)]))) }
        rows.append(.actionRow(ActionRow(components: [.stringSelect(replaceSelect)])))
        if pageCount > 1 {
            rows.append(
                .actionRow(
                    ActionRow(components: [
                        .button(
                            Button(
                                style: .secondary, label: "◀ Previous", custom_id: try PullPageID(pull.id, page: page - 1).encoded(),
                                disabled: page == 0)),
                        .button(
                            Button(
                                style: .secondary, label: "Next ▶", custom_id: try PullPageID(pull.id, page: page + 1).encoded(),
                                disabled: page >= pageCount - 1)),
                    ])))
        }
        rows.append(.actionRow(ActionRow(components: try applyDenyButtons(pull.id))))
        let description =
            "Your inventory holds \(pull.inventoryCap) characters. To keep your \(keep.count) pick(s), choose **\(needed)** owned "
            + "character(s) to replace (they turn into points), then Apply. Chosen so far: \(chosen.count)."
        return InteractionMessageData(
            embeds: [Embed(title: "📦 Inventory full", description: description, color: 0xE67E22)], components: rows,
            attachments: [])
    }

    func summary(_ resolution: PullResolution) -> InteractionMessageData {
        var lines: [String] = []
        switch resolution.status {
        case .denied: lines.append("You denied this pull: every character turned into points.")
        case .expired: lines.append("This pull expired: every character turned into points.")
        default: break
        }
        if !resolution.kept.isEmpty {
            lines.append("**Kept**")
            lines += resolution.kept.map { "• " + Format.character($0) }
        }
        let conversions = resolution.duplicates + resolution.converted
        if !conversions.isEmpty {
            lines.append("**Converted to points**")
            lines += conversions.map { "• \(Format.character($0.character)): +\(Format.points($0.points))" }
        }
        if !resolution.replaced.isEmpty {
            lines.append("**Replaced**")
            lines += resolution.replaced.map { "• \(Format.character($0.character)): +\(Format.points($0.points))" }
        }
        lines.append("\nPoints earned: **\(Format.points(resolution.pointsEarned))** · Balance: **\(Format.points(resolution.balance))**")
        return InteractionMessageData(
            embeds: [Embed(title: "✅ Pull settled", description: lines.joined(separator: "\n"), color: 0x2ECC71)],
            components: [], attachments: [])
    }

    // MARK: - Helpers

    /// Loads the pull and checks that the presser bought it ("this isn't yours" otherwise).
    private func ownedPull(_ context: InteractionContext, pullID: PullID) async throws -> PendingPull {
        guard let pull = try await game.pulls.pull(pullID) else { throw GachaError.pullNotFound(pullID) }
        let presser = try context.player()
        guard presser == pull.player else { throw GachaError.notYourPull(pullID) }
        return pull
    }

    static func page(_ owned: [OwnedCharacter], page: Int, size: Int) -> [OwnedCharacter] {
        let start = page * size
        guard start >= 0, start < owned.count else { return [] }
        return Array(owned[start..<min(start + size, owned.count)])
    }

    /// What the member chose to keep: the stored choice, else what the message's select shows (a
    /// pull revealed before choices were stored), else everything (the reveal's default).
    private func keepSelection(_ context: InteractionContext, pull: PendingPull) -> [String] {
        pull.choices.keep
            ?? Self.keepSelection(in: context.interaction.message, pullID: pull.id)
            ?? pull.items.map(\.character.id)
    }

    /// The keep choice as the message shows it: the defaults of the `pull:keep:` select.
    static func keepSelection(in message: Message?, pullID: PullID) -> [String]? {
        guard let components = message?.components else { return nil }
        for select in components.flatMap(Self.selects) where (try? PullKeepID.decode(select.custom_id))?.pull == pullID {
            return select.options.filter { $0.default == true }.map(\.value)
        }
        return nil
    }

    private static func selects(in component: Component) -> [StringSelect] {
        switch component {
        case .stringSelect(let select): [select]
        case .actionRow(let row): row.components.flatMap(selects)
        default: []
        }
    }
}
