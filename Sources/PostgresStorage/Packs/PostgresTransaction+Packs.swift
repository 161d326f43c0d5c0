import Foundation
import Gacha
import Packs
import PostgresNIO
import Storage

/// The packs area's primitives: packs, characters, guild enablement and pools.
extension PostgresTransaction: PacksTransaction {
    static let packColumns = """
        id, creator_id, name, description, tags, cover, version, status, created_at, updated_at, published_at,
        character_count, rating_count, rating_sum, score_rating, score_trending, score_usage
        """

    // MARK: Packs

    public func pack(_ id: PackID) async throws -> PackRecord? {
        try await rows("SELECT \(unescaped: Self.packColumns) FROM packs WHERE id = \(id.rawValue)").first.map(Self.packRecord)
    }

    public func packs(creator: MemberID) async throws -> [PackRecord] {
        try await rows("""
            SELECT \(unescaped: Self.packColumns) FROM packs WHERE creator_id = \(Self.id(creator.rawValue))
            ORDER BY created_at DESC, id
            """).map(Self.packRecord)
    }

    public func allPacks(status: PackStatus?, offset: Int, limit: Int) async throws -> [PackRecord] {
        try await rows("""
            SELECT \(unescaped: Self.packColumns) FROM packs WHERE \(status?.rawValue)::TEXT IS NULL OR status = \(status?.rawValue)
            ORDER BY created_at DESC, id LIMIT \(limit) OFFSET \(offset)
            """).map(Self.packRecord)
    }

    public func insertPack(_ pack: PackRecord) async throws {
        try await rows("""
            INSERT INTO packs (id, creator_id, name, description, tags, tags_text, cover, version, status, created_at,
                updated_at, published_at)
            VALUES (\(pack.id.rawValue), \(Self.id(pack.creator.rawValue)), \(pack.name), \(pack.description),
                \(PackRecordCoding.encodeTags(pack.tags)), \(PackRecordCoding.tagsText(pack.tags)), \(pack.cover?.rawValue),
                \(pack.version), \(pack.status.rawValue), \(pack.createdAt.millisecondsSinceEpoch),
                \(pack.updatedAt.millisecondsSinceEpoch), \(pack.publishedAt?.millisecondsSinceEpoch))
            """)
    }

    public func updatePack(_ pack: PackRecord) async throws {
        let updated = try await rows("""
            UPDATE packs SET creator_id = \(Self.id(pack.creator.rawValue)), name = \(pack.name),
                description = \(pack.description), tags = \(PackRecordCoding.encodeTags(pack.tags)),
                tags_text = \(PackRecordCoding.tagsText(pack.tags)), cover = \(pack.cover?.rawValue), version = \(pack.version),
                status = \(pack.status.rawValue), created_at = \(pack.createdAt.millisecondsSinceEpoch),
                updated_at = \(pack.updatedAt.millisecondsSinceEpoch), published_at = \(pack.publishedAt?.millisecondsSinceEpoch)
            WHERE id = \(pack.id.rawValue)
            RETURNING 1
            """)
        if updated.isEmpty { throw StoreError.notFound(what: "pack", key: pack.id.rawValue) }
        try await bumpPools(of: pack.id)
    }

    // MARK: Characters

    public func characters(of pack: PackID, includingRetired: Bool) async throws -> [PackCharacterRecord] {
        try await rows("""
            SELECT * FROM pack_characters WHERE pack_id = \(pack.rawValue) AND (\(includingRetired) OR NOT retired)
            ORDER BY position, character_id
            """).map(Self.characterRecord)
    }

    public func packCharacter(pack: PackID, character: String) async throws -> PackCharacterLookup? {
        try await rows("""
            SELECT c.*, p.name AS pack_name, p.status AS pack_status
            FROM pack_characters c JOIN packs p ON p.id = c.pack_id
            WHERE c.pack_id = \(pack.rawValue) AND c.character_id = \(character)
            """).first.map { row in
            let columns = row.makeRandomAccess()
            return PackCharacterLookup(
                character: try Self.characterRecord(row), packName: try columns["pack_name"].decode(String.self),
                packStatus: try PackRecordCoding.decode(PackStatus.self, try columns["pack_status"].decode(String.self), what: "pack \(pack)"))
        }
    }

    /// One statement for the lot: the rows travel as arrays.
    public func upsertCharacters(_ characters: [PackCharacterRecord]) async throws {
        guard !characters.isEmpty else { return }
        let c = characters
        try await rows("""
            INSERT INTO pack_characters (pack_id, character_id, rarity, name, description, personality, scenario,
                first_mes, mes_example, system_prompt, tags, creator_notes, image, retired, position, post_history_instructions)
            SELECT * FROM UNNEST(\(c.map(\.pack.rawValue))::TEXT[], \(c.map(\.id))::TEXT[], \(c.map(\.rarity.rawValue))::TEXT[],
                \(c.map(\.name))::TEXT[], \(c.map(\.description))::TEXT[], \(c.map(\.personality))::TEXT[],
                \(c.map(\.scenario))::TEXT[], \(c.map(\.firstMessage))::TEXT[], \(c.map(\.messageExample))::TEXT[],
                \(c.map(\.systemPrompt))::TEXT[], \(c.map { PackRecordCoding.encodeTags($0.tags) })::TEXT[],
                \(c.map(\.creatorNotes))::TEXT[], \(c.map { $0.image?.rawValue ?? "" })::TEXT[], \(c.map(\.retired))::BOOLEAN[],
                \(c.map { Int64($0.position) })::BIGINT[], \(c.map(\.postHistoryInstructions))::TEXT[])
            ON CONFLICT (pack_id, character_id) DO UPDATE SET rarity = EXCLUDED.rarity, name = EXCLUDED.name,
                description = EXCLUDED.description, personality = EXCLUDED.personality, scenario = EXCLUDED.scenario,
                first_mes = EXCLUDED.first_mes, mes_example = EXCLUDED.mes_example,
                system_prompt = EXCLUDED.system_prompt, tags = EXCLUDED.tags, creator_notes = EXCLUDED.creator_notes,
                image = EXCLUDED.image, retired = EXCLUDED.retired, position = EXCLUDED.position,
                post_history_instructions = EXCLUDED.post_history_instructions
            """)
        // UNNEST cannot carry NULL in a TEXT[] built from Swift optionals here: "" stands for none.
        try await rows("UPDATE pack_characters SET image = NULL WHERE pack_id = ANY(\(Array(Set(c.map(\.pack.rawValue))))) AND image = ''")
        for pack in Set(characters.map(\.pack)) {
            try await recount(pack)
            try await bumpPools(of: pack)
        }
    }

    public func retireCharacters(of pack: PackID, keeping: Set<String>) async throws {
        try await rows("""
            UPDATE pack_characters SET retired = NOT (character_id = ANY(\(Array(keeping))::TEXT[])) WHERE pack_id = \(pack.rawValue)
            """)
        try await recount(pack)
        try await bumpPools(of: pack)
    }

    // MARK: Guilds and pools

    public func isEnabled(_ pack: PackID, in guild: GuildID) async throws -> Bool {
        try await !rows("SELECT 1 FROM pack_guilds WHERE guild_id = \(Self.id(guild.rawValue)) AND pack_id = \(pack.rawValue)").isEmpty
    }

    public func enabledPacks(in guild: GuildID) async throws -> [PackID] {
        try await rows("SELECT pack_id FROM pack_guilds WHERE guild_id = \(Self.id(guild.rawValue)) ORDER BY enabled_at, pack_id")
            .map { PackID(rawValue: try $0.decode(String.self)) }
    }

    public func enabledGuildCount(_ pack: PackID) async throws -> Int {
        try await rows("SELECT COUNT(*) FROM pack_guilds WHERE pack_id = \(pack.rawValue)").first?.decode(Int.self) ?? 0
    }

    public func guildPool(_ guild: GuildID) async throws -> GuildPackPool {
        let version = try await poolVersion(guild)
        let characters = try await rows("""
            SELECT c.pack_id, p.name, c.character_id, c.name, c.rarity
            FROM pack_guilds g
            JOIN packs p ON p.id = g.pack_id AND p.status = 'published'
            JOIN pack_characters c ON c.pack_id = g.pack_id AND NOT c.retired
            WHERE g.guild_id = \(Self.id(guild.rawValue))
            ORDER BY c.pack_id, c.position, c.character_id
            """).map { row in
            let (pack, packName, character, name, rarity) = try row.decode((String, String, String, String, String).self)
            return PoolCharacter(
                pack: PackID(pack), packName: packName, character: character, name: name,
                rarity: try PackRecordCoding.decode(Rarity.self, rarity, what: "pack character"))
        }
        return GuildPackPool(guild: guild, version: version, characters: characters)
    }

    public func poolVersion(_ guild: GuildID) async throws -> Int64 {
        try await rows("SELECT version FROM pack_pool_versions WHERE guild_id = \(Self.id(guild.rawValue))").first?.decode(Int64.self) ?? 0
    }

    @discardableResult
    public func enablePack(_ pack: PackID, in guild: GuildID, by member: MemberID, at time: Timestamp) async throws -> Bool {
        let key = Self.id(guild.rawValue)
        let inserted = try await rows("""
            INSERT INTO pack_guilds (guild_id, pack_id, enabled_by, enabled_at)
            VALUES (\(key), \(pack.rawValue), \(Self.id(member.rawValue)), \(time.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING RETURNING 1
            """)
        guard !inserted.isEmpty else { return false }
        try await bumpPool(key)
        return true
    }

    @discardableResult
    public func disablePack(_ pack: PackID, in guild: GuildID) async throws -> Bool {
        let key = Self.id(guild.rawValue)
        let deleted = try await rows("DELETE FROM pack_guilds WHERE guild_id = \(key) AND pack_id = \(pack.rawValue) RETURNING 1")
        guard !deleted.isEmpty else { return false }
        try await bumpPool(key)
        return true
    }

    public func hasDrawn(_ pack: PackID, player: PlayerID) async throws -> Bool {
        try await !rows("""
            SELECT 1 FROM pack_draws WHERE guild_id = \(Self.id(player.guild.rawValue))
                AND member_id = \(Self.id(player.member.rawValue)) AND pack_id = \(pack.rawValue) LIMIT 1
            """).isEmpty
    }

    // MARK: Helpers

    func bumpPool(_ guild: Int64) async throws {
        try await rows("""
            INSERT INTO pack_pool_versions (guild_id, version) VALUES (\(guild), 1)
            ON CONFLICT (guild_id) DO UPDATE SET version = pack_pool_versions.version + 1
            """)
    }

    /// Every guild that enabled the pack sees a new pool version.
    func bumpPools(of pack: PackID) async throws {
        try await rows("""
            INSERT INTO pack_pool_versions (guild_id, version) SELECT guild_id, 1 FROM pack_guilds WHERE pack_id = \(pack.rawValue)
            ON CONFLICT (guild_id) DO UPDATE SET version = pack_pool_versions.version + 1
            """)
    }

    func recount(_ pack: PackID) async throws {
        try await rows("""
            UPDATE packs SET character_count = (SELECT COUNT(*) FROM pack_characters WHERE pack_id = \(pack.rawValue) AND NOT retired)
            WHERE id = \(pack.rawValue)
            """)
    }

    // MARK: Mapping

    static func packRecord(_ row: PostgresRow) throws -> PackRecord {
        let r = row.makeRandomAccess()
        let id = try r["id"].decode(String.self)
        return PackRecord(
            id: PackID(id), creator: MemberID(UInt64(bitPattern: try r["creator_id"].decode(Int64.self))),
            name: try r["name"].decode(String.self), description: try r["description"].decode(String.self),
            tags: try PackRecordCoding.decodeTags(try r["tags"].decode(String.self), what: "pack \(id)"),
            cover: try r["cover"].decode(String?.self).flatMap(BlobAddress.init(rawValue:)),
            version: try r["version"].decode(Int.self),
            status: try PackRecordCoding.decode(PackStatus.self, try r["status"].decode(String.self), what: "pack \(id)"),
            createdAt: Timestamp(millisecondsSinceEpoch: try r["created_at"].decode(Int64.self)),
            updatedAt: Timestamp(millisecondsSinceEpoch: try r["updated_at"].decode(Int64.self)),
            publishedAt: try r["published_at"].decode(Int64?.self).map(Timestamp.init(millisecondsSinceEpoch:)))
    }

    static func packScores(_ row: PostgresRow) throws -> PackScores {
        let r = row.makeRandomAccess()
        return PackScores(
            ratingCount: try r["rating_count"].decode(Int.self), ratingSum: try r["rating_sum"].decode(Int.self),
            weightedRating: try r["score_rating"].decode(Double.self), trending: try r["score_trending"].decode(Int.self),
            usage: try r["score_usage"].decode(Int.self))
    }

    static func summary(_ row: PostgresRow) throws -> PackSummary {
        PackSummary(
            pack: try packRecord(row), scores: try packScores(row),
            characterCount: try row.makeRandomAccess()["character_count"].decode(Int.self))
    }

    static func characterRecord(_ row: PostgresRow) throws -> PackCharacterRecord {
        let r = row.makeRandomAccess()
        let pack = try r["pack_id"].decode(String.self)
        func text(_ name: String) throws -> String { try r[name].decode(String.self) }
        return PackCharacterRecord(
            pack: PackID(pack), id: try text("character_id"),
            rarity: try PackRecordCoding.decode(Rarity.self, try text("rarity"), what: "pack \(pack) character"),
            name: try text("name"), description: try text("description"), personality: try text("personality"),
            scenario: try text("scenario"), firstMessage: try text("first_mes"), messageExample: try text("mes_example"),
            systemPrompt: try text("system_prompt"),
            tags: try PackRecordCoding.decodeTags(try text("tags"), what: "pack \(pack) character"),
            creatorNotes: try text("creator_notes"),
            image: try r["image"].decode(String?.self).flatMap(BlobAddress.init(rawValue:)),
            retired: try r["retired"].decode(Bool.self), position: try r["position"].decode(Int.self),
            postHistoryInstructions: try text("post_history_instructions"))
    }
}
