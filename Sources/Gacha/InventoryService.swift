import Foundation
import Storage

/// `/inventory`, `/character` and its autocomplete, and releasing characters.
public struct InventoryService: Sendable {
    let game: GachaGame

    public enum Sort: String, Hashable, Sendable, Codable, CaseIterable {
        /// Highest rarity first, then by name.
        case rarity
        /// A to Z.
        case name
    }

    public struct Page: Hashable, Sendable, Codable {
        public var items: [OwnedCharacter]
        /// Zero-based; clamped into range.
        public var page: Int
        /// At least 1, even when empty.
        public var pageCount: Int
        public var total: Int
        public var capacity: Int
    }

    public struct Release: Hashable, Sendable, Codable {
        public var character: GameCharacter
        public var points: Int64
        public var balance: Int64
    }

    /// One page of the member's characters. `pageSize` defaults to the configured size (the
    /// replace checklist asks for 25, Discord's select-menu limit).
    public func page(_ player: PlayerID, page: Int, sort: Sort = .rarity, pageSize: Int? = nil) async throws -> Page {
        let size = max(1, pageSize ?? game.configuration.inventoryPageSize)
        let all = Self.sorted(try await owned(player), by: sort)
        let pageCount = max(1, (all.count + size - 1) / size)
        let index = min(max(0, page), pageCount - 1)
        let items = Array(all.dropFirst(index * size).prefix(size))
        return Page(
            items: items, page: index, pageCount: pageCount, total: all.count, capacity: game.configuration.inventoryCap)
    }

    /// Every owned character, in acquisition order.
    public func owned(_ player: PlayerID) async throws -> [OwnedCharacter] {
        let records = try await game.snapshot { reader, _ in try await reader.inventory(player) }
        // Pack characters are looked up after the snapshot: the pool and the directory are another area's reads.
        return try await game.characters(in: try await game.pool(for: player)).owned(records)
    }

    /// An owned character by id (what autocomplete sends back) or by name (what a member types):
    /// exact name first, then a unique name prefix. `nil` if the member does not own it; ownership
    /// is always checked here, whatever the client sent.
    public func character(_ player: PlayerID, matching query: String) async throws -> OwnedCharacter? {
        let owned = try await owned(player)
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        // Ids compare as sent: a pack character's id (`pk:…`) may hold capitals.
        let needle = trimmed.lowercased()
        if let byID = owned.first(where: { $0.character.id == trimmed || $0.character.id == needle }) { return byID }
        if let exact = owned.first(where: { $0.character.name.lowercased() == needle }) { return exact }
        let prefixed = owned.filter { Self.matches($0.character.name, prefix: needle) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// An owned character with its whole card, for talk; nil if the member does not own it. A pack
    /// character is read from the packs area's directory, never from the server's pool: the pool
    /// carries no card text.
    public func card(_ player: PlayerID, characterID: String) async throws -> GameCharacter? {
        let record = try await game.snapshot { reader, _ in try await reader.inventoryRecord(player, characterID: characterID) }
        guard record != nil else { return nil }
        return try await game.characters(in: nil).resolve(characterID)
    }

    /// Owned characters whose name, or a word of it, starts with `prefix` (case-insensitive), A to
    /// Z, at most `limit` (Discord autocomplete shows 25).
    public func search(_ player: PlayerID, prefix: String, limit: Int = 25) async throws -> [GameCharacter] {
        let needle = prefix.trimmingCharacters(in: .whitespaces).lowercased()
        let owned = try await owned(player).map(\.character)
        return Array(
            owned.filter { needle.isEmpty || Self.matches($0.name, prefix: needle) }
                .sorted { $0.name.lowercased() < $1.name.lowercased() }
                .prefix(limit))
    }

    /// Releases an owned character for points (its conversion value). The same key again returns
    /// the first result. Throws `GachaError.notOwned`.
    public func release(_ player: PlayerID, characterID: String, idempotencyKey: IdempotencyKey) async throws -> Release {
        // Read before the transaction, like the time: a pack character's rarity (its value) comes
        // from the packs area's directory.
        let character = try await game.characters(in: try await game.pool(for: player)).resolve(characterID)
        return try await game.transaction(for: player) { t in
            _ = try await t.member(player)
            let key = idempotencyKey.rawValue
            return try await t.idempotent(player, key: "release:\(key)", operation: "release:\(characterID)") {
                guard try await t.tx.deleteInventory(player, characterID: characterID) else {
                    throw GachaError.notOwned(characterID: characterID)
                }
                let points = t.configuration.conversion.value(of: character.rarity)
                let balance = try await t.credit(player, points, reason: .release, key: "release:\(key)")
                try await t.event(.characterReleased, player, ["character": characterID, "points": String(points)])
                return Release(character: character, points: points, balance: balance)
            }
        }
    }

    static func sorted(_ list: [OwnedCharacter], by sort: Sort) -> [OwnedCharacter] {
        list.sorted { a, b in
            let (x, y) = (a.character, b.character)
            if sort == .rarity, x.rarity != y.rarity { return x.rarity > y.rarity }
            if x.name.lowercased() != y.name.lowercased() { return x.name.lowercased() < y.name.lowercased() }
            return x.id < y.id
        }
    }

    private static func matches(_ name: String, prefix: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasPrefix(prefix) { return true }
        return lower.split(whereSeparator: { $0 == " " || $0 == "-" }).contains { $0.hasPrefix(prefix) }
    }
}
