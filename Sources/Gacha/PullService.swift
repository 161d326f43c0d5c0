import Clocks
import Storage

/// The multi-pull flow: purchase (charge + roll N distinct + store the pending pull, one
/// transaction), then exactly one of Apply, Deny or expiry (one transaction each, idempotent).
public struct PullService: Sendable {
    let game: GachaGame

    /// Charges the item's price and rolls its N distinct characters (pity applied per roll),
    /// storing the pending pull in the same transaction. The same key again returns the same pull
    /// and charges nothing. A member with a pull still waiting for Apply/Deny gets
    /// `GachaError.pullAlreadyOpen` (so a double click on "Buy 10", or two buys at once, charge
    /// once). Throws `GachaError.insufficientPoints`, `.unknownShopItem` or `.wrongItemKind`.
    public func purchasePull(_ player: PlayerID, itemID: String, idempotencyKey: IdempotencyKey) async throws -> PendingPull {
        guard let item = game.configuration.shopItem(itemID) else { throw GachaError.unknownShopItem(itemID) }
        guard case .pull(let size) = item.kind else { throw GachaError.wrongItemKind(itemID) }
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            var member = try await t.member(player)
            let key = idempotencyKey.rawValue
            var inserted: PendingPullRecord?
            let pullID = try await t.idempotent(player, key: "shop:\(key)", operation: "shop:\(item.id)") {
                // One open pull per member: a double click or two buys at once never charge twice.
                if let open = try await t.tx.openPendingPulls(player).first(where: { $0.expiresAt > t.now }) {
                    throw GachaError.pullAlreadyOpen(open.id)
                }
                try await t.debit(player, item.price, reason: .shopPurchase, key: "shop:\(key)")
                // As a roll: packs the member may not draw from are left out, read in this transaction.
                let drawPool = try await t.drawPool(pool, for: player, reportingLapses: false).pool
                let characters = t.game.engine.rollDistinct(count: size, pity: &member.pity, random: t.random, pool: drawPool)
                try await t.tx.updateMember(member)
                try await t.recordPackDraws(player, characters)
                let id = PullID(Self.newID(t.random))
                let record = PendingPullRecord(
                    id: id, player: player, itemID: item.id, price: item.price,
                    items: characters.map { PulledCharacter(characterID: $0.id, rarity: $0.rarity) },
                    createdAt: t.now, expiresAt: t.now.advanced(by: t.configuration.pullLifetime))
                try await t.tx.insertPendingPull(record)
                inserted = record
                try await t.event(.shopPurchase, player, ["item": item.id, "price": String(item.price), "pull_id": id.rawValue])
                try await t.event(
                    .pull(size: size), player,
                    [
                        "pull_id": id.rawValue, "characters": characters.map(\.id).joined(separator: ","),
                        "rarities": characters.map(\.rarity.rawValue).joined(separator: ","),
                        "packs": GameTransaction.packsProperty(characters),
                    ])
                return id
            }
            // A replayed key finds the pull it bought the first time.
            let stored: PendingPullRecord?
            if let inserted { stored = inserted } else { stored = try await t.tx.pendingPull(pullID) }
            guard let record = stored else { throw GachaError.pullNotFound(pullID) }
            return try await view(record, reader: t.tx, characters: t.characters)
        }
    }

    /// The pull as it stands, or `nil`.
    public func pull(_ id: PullID) async throws -> PendingPull? {
        try await game.snapshot { reader, _ in
            guard let record = try await reader.pendingPull(id) else { return nil }
            let pool = try await game.pool(for: record.player)
            return try await view(record, reader: reader, characters: game.characters(in: pool))
        }
    }

    /// The member's pulls still waiting for a choice (after a restart the bot can show them again).
    public func openPulls(_ player: PlayerID) async throws -> [PendingPull] {
        let characters = game.characters(in: try await game.pool(for: player))
        return try await game.snapshot { reader, _ in
            var pulls: [PendingPull] = []
            for record in try await reader.openPendingPulls(player) {
                pulls.append(try await view(record, reader: reader, characters: characters))
            }
            return pulls
        }
    }

    /// Commits the member's choice in one transaction: `keep` (ids from the pull) join the inventory,
    /// kept characters already owned become duplicate points, the rest become points; `replace`
    /// names owned characters to release (for points) when keeping would pass the cap.
    ///
    /// Throws `.notYourPull` for anyone but the buyer, `.inventoryOverflow(needed:owned:)` when
    /// `replace` is too short, `.tooManyReplacements` when it is longer than needed, `.notInPull`,
    /// `.notOwned`, `.pullAlreadyResolved` after a Deny or expiry. A second Apply returns the first
    /// result and grants nothing. A pull past its expiry that the sweeper has not reached yet can
    /// still be applied: the member's choice beats the default.
    public func applyPull(_ id: PullID, by player: PlayerID, keep: [String], replace: [String] = []) async throws
        -> PullResolution
    {
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            let pull = try await Self.open(id, by: player, t, expecting: .applied)
            if case .done(let resolution) = pull { return resolution }
            guard case .pending(let record) = pull else { throw GachaError.pullNotFound(id) }
            return try await settle(record, by: player, keep: keep, replace: replace, t)
        }
    }

    /// Apply with the choices the buyer stored (`chooseKeep`, `chooseReplace`), read in the same
    /// transaction that settles the pull. `shownKeep`: the keep choice the pressed message shows,
    /// used only for a pull revealed before choices were stored; nothing stored and nothing shown
    /// keeps everything (the reveal's default). Throws as `applyPull`.
    public func applyChosen(_ id: PullID, by player: PlayerID, shownKeep: [String]? = nil) async throws -> PullResolution {
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            let pull = try await Self.open(id, by: player, t, expecting: .applied)
            if case .done(let resolution) = pull { return resolution }
            guard case .pending(let record) = pull else { throw GachaError.pullNotFound(id) }
            let keep = record.choices.keep ?? shownKeep ?? record.items.map(\.characterID)
            return try await settle(record, by: player, keep: keep, replace: record.choices.replace, t)
        }
    }

    private func settle(
        _ record: PendingPullRecord, by player: PlayerID, keep: [String], replace: [String], _ t: GameTransaction
    ) async throws -> PullResolution {
        let id = record.id
        let pulledIDs = Set(record.items.map(\.characterID))
        let keepSet = Set(keep)
        if let stranger = keep.first(where: { !pulledIDs.contains($0) }) {
            throw GachaError.notInPull(characterID: stranger)
        }
        let owned = try await t.tx.inventory(player)
        let ownedIDs = Set(owned.map(\.characterID))
        var replaceIDs: [String] = []
        for characterID in replace where !replaceIDs.contains(characterID) {
            guard ownedIDs.contains(characterID) else { throw GachaError.notOwned(characterID: characterID) }
            replaceIDs.append(characterID)
        }
        let keptNew = record.items.filter { keepSet.contains($0.characterID) && !ownedIDs.contains($0.characterID) }
        let needed = owned.count + keptNew.count - t.configuration.inventoryCap
        if needed > 0, replaceIDs.count < needed {
            let list = try await t.characters.owned(owned)
            throw GachaError.inventoryOverflow(needed: needed, owned: InventoryService.sorted(list, by: .rarity))
        }
        if replaceIDs.count > max(0, needed) {
            throw GachaError.tooManyReplacements(needed: max(0, needed), given: replaceIDs.count)
        }

        let values = t.configuration.conversion
        let shown = try await t.characters.pulled(record.items, also: replaceIDs)
        var resolution = PullResolution(
            pullID: id, player: player, status: .applied, kept: [], duplicates: [], converted: [], replaced: [],
            pointsEarned: 0, balance: 0)
        for characterID in replaceIDs {
            let character = shown[characterID] ?? .retired(id: characterID)
            try await t.tx.deleteInventory(player, characterID: characterID)
            let points = values.value(of: character.rarity)
            try await t.credit(player, points, reason: .replace, key: "pull:\(id.rawValue):replace:\(characterID)")
            try await t.event(
                .characterReplaced, player,
                ["character": characterID, "pull_id": id.rawValue, "points": String(points)])
            resolution.replaced.append(.init(character: character, points: points))
        }
        var granted: [InventoryRecord] = []
        for item in record.items {
            let character = shown[item.characterID] ?? .retired(id: item.characterID, rarity: item.rarity)
            let points = values.value(of: item.rarity)
            if keepSet.contains(item.characterID) && !ownedIDs.contains(item.characterID) {
                granted.append(InventoryRecord(player: player, characterID: item.characterID, acquiredAt: t.now))
                try await t.event(
                    .characterKept, player,
                    ["character": item.characterID, "rarity": item.rarity.rawValue, "pull_id": id.rawValue])
                resolution.kept.append(character)
            } else if keepSet.contains(item.characterID) {
                try await t.credit(player, points, reason: .duplicate, key: "pull:\(id.rawValue):dup:\(item.characterID)")
                resolution.duplicates.append(.init(character: character, points: points))
            } else {
                try await t.credit(
                    player, points, reason: .pullConversion, key: "pull:\(id.rawValue):convert:\(item.characterID)")
                resolution.converted.append(.init(character: character, points: points))
            }
        }
        try await t.tx.insertInventory(granted)
        return try await finish(&resolution, record: record, t)
    }

    /// Stores the buyer's keep checklist: which characters of the pull to keep (all, until they
    /// change it). Throws `.notYourPull`, `.notInPull`, `.pullAlreadyResolved`.
    public func chooseKeep(_ id: PullID, by player: PlayerID, keep: [String]) async throws -> PendingPull {
        try await updateChoices(id, by: player) { record, choices in
            let pulled = Set(record.items.map(\.characterID))
            if let stranger = keep.first(where: { !pulled.contains($0) }) { throw GachaError.notInPull(characterID: stranger) }
            choices.keep = Array(Set(keep)).sorted()
        }
    }

    /// Stores one page of the replace checklist: `chosen` replaces whatever was chosen among
    /// `pageIDs` before, and choices made on other pages stay. Throws `.notYourPull`,
    /// `.pullAlreadyResolved`; ownership is checked when the pull is applied.
    public func chooseReplace(_ id: PullID, by player: PlayerID, chosen: Set<String>, amongPage pageIDs: Set<String>) async throws
        -> PendingPull
    {
        try await updateChoices(id, by: player) { _, choices in
            choices.replace = Array(Set(choices.replace).subtracting(pageIDs).union(chosen.intersection(pageIDs))).sorted()
        }
    }

    private func updateChoices(
        _ id: PullID, by player: PlayerID, _ change: @escaping @Sendable (PendingPullRecord, inout PullChoices) throws -> Void
    ) async throws -> PendingPull {
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            guard var record = try await t.tx.pendingPull(id) else { throw GachaError.pullNotFound(id) }
            guard record.player == player else { throw GachaError.notYourPull(id) }
            guard record.status == .pending else { throw GachaError.pullAlreadyResolved(id, record.status) }
            try change(record, &record.choices)
            try await t.tx.updatePendingPullChoices(id, choices: record.choices)
            return try await view(record, reader: t.tx, characters: t.characters)
        }
    }

    /// Declines everything: every character of the pull becomes points. Idempotent like Apply.
    public func denyPull(_ id: PullID, by player: PlayerID) async throws -> PullResolution {
        let pool = try await game.pool(for: player)
        return try await game.transaction(for: player, pool: pool) { t in
            let pull = try await Self.open(id, by: player, t, expecting: .denied)
            if case .done(let resolution) = pull { return resolution }
            guard case .pending(let record) = pull else { throw GachaError.pullNotFound(id) }
            return try await convertAll(record, status: .denied, t)
        }
    }

    /// Converts every pending pull whose expiry is at or before `now` (default: the game clock)
    /// to points, one transaction per pull. The bot calls it periodically and at start-up.
    @discardableResult
    public func expirePulls(now: Timestamp? = nil) async throws -> [PullResolution] {
        let cutoff = now ?? game.time.now()
        var resolutions: [PullResolution] = []
        while true {
            let due = try await game.store.readGacha { reader in try await reader.expiredPendingPulls(asOf: cutoff, limit: 100) }
            if due.isEmpty { return resolutions }
            for record in due {
                let pool = try await game.pool(for: record.player)
                let resolution: PullResolution? = try await game.transaction(for: record.player, pool: pool) { t in
                    // Re-read inside the transaction: Apply or Deny may have won the race.
                    guard let current = try await t.tx.pendingPull(record.id), current.status == .pending else { return nil }
                    return try await convertAll(current, status: .expired, t)
                }
                if let resolution { resolutions.append(resolution) }
            }
        }
    }

    // MARK: - Shared steps

    private enum OpenPull {
        case pending(PendingPullRecord)
        case done(PullResolution)
    }

    /// Loads the pull for a resolution by `player`: the stored result if this resolution already
    /// happened, an error if another one did.
    private static func open(
        _ id: PullID, by player: PlayerID, _ t: GameTransaction, expecting status: PullStatus
    ) async throws -> OpenPull {
        guard let record = try await t.tx.pendingPull(id) else { throw GachaError.pullNotFound(id) }
        guard record.player == player else { throw GachaError.notYourPull(id) }
        if let stored = try await t.tx.idempotencyRecord(player, key: resolutionKey(id)) {
            let resolution = try GameTransaction.decode(PullResolution.self, stored.result)
            if resolution.status == status { return .done(resolution) }
            throw GachaError.pullAlreadyResolved(id, resolution.status)
        }
        guard record.status == .pending else { throw GachaError.pullAlreadyResolved(id, record.status) }
        return .pending(record)
    }

    private func convertAll(_ record: PendingPullRecord, status: PullStatus, _ t: GameTransaction) async throws -> PullResolution {
        let id = record.id
        var resolution = PullResolution(
            pullID: id, player: record.player, status: status, kept: [], duplicates: [], converted: [], replaced: [],
            pointsEarned: 0, balance: 0)
        let shown = try await t.characters.pulled(record.items)
        for item in record.items {
            let points = t.configuration.conversion.value(of: item.rarity)
            try await t.credit(
                record.player, points, reason: .pullConversion, key: "pull:\(id.rawValue):convert:\(item.characterID)")
            resolution.converted.append(
                .init(character: shown[item.characterID] ?? .retired(id: item.characterID, rarity: item.rarity), points: points))
        }
        return try await finish(&resolution, record: record, t)
    }

    /// Marks the pull resolved, records its event and remembers the result for repeats.
    private func finish(_ resolution: inout PullResolution, record: PendingPullRecord, _ t: GameTransaction) async throws
        -> PullResolution
    {
        let player = record.player
        resolution.pointsEarned =
            (resolution.duplicates + resolution.converted + resolution.replaced).reduce(0) { $0 + $1.points }
        resolution.balance = try await t.tx.balance(player)
        try await t.tx.updatePendingPullStatus(record.id, status: resolution.status, resolvedAt: t.now)
        let name: EventName =
            switch resolution.status {
            case .applied: .pullApplied
            case .denied: .pullDenied
            case .expired, .pending: .pullExpired
            }
        try await t.event(
            name, player,
            [
                "pull_id": record.id.rawValue, "kept": String(resolution.kept.count),
                "points": String(resolution.pointsEarned),
            ])
        try await t.tx.insertIdempotencyRecord(
            IdempotencyRecord(
                player: player, key: Self.resolutionKey(record.id), operation: "resolve_pull",
                result: GameTransaction.encode(resolution), createdAt: t.now))
        return resolution
    }

    private static func resolutionKey(_ id: PullID) -> String { "resolve:\(id.rawValue)" }

    /// 16 hex digits from the operation's seeded random source.
    private static func newID(_ random: any RandomSource) -> String {
        let value = random.next(below: UInt64.max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func view(_ record: PendingPullRecord, reader: any GachaReader, characters: CharacterResolver) async throws
        -> PendingPull
    {
        let owned = Set(try await reader.inventory(record.player).map(\.characterID))
        let shown = try await characters.pulled(record.items)
        return PendingPull(
            id: record.id, player: record.player, itemID: record.itemID, price: record.price,
            items: record.items.map {
                PendingPull.Item(
                    character: shown[$0.characterID] ?? .retired(id: $0.characterID, rarity: $0.rarity),
                    alreadyOwned: owned.contains($0.characterID))
            },
            createdAt: record.createdAt, expiresAt: record.expiresAt, status: record.status, ownedCount: owned.count,
            inventoryCap: game.configuration.inventoryCap, balance: try await reader.balance(record.player),
            choices: record.choices)
    }
}
