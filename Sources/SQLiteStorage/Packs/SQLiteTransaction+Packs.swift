import Foundation
import Gacha
import GRDB
import Packs
import Storage

/// The packs area's primitives: packs, characters, guild enablement and pools.
extension SQLiteTransaction: PacksTransaction {
    static let packColumns = """
        id, creator_id, name, description, tags, cover, version, status, created_at, updated_at, published_at,
        character_count, rating_count, rating_sum, score_rating, score_trending, score_usage
        """

    // MARK: Packs

    public func pack(_ id: PackID) async throws -> PackRecord? {
        try run { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.packColumns) FROM packs WHERE id = ?"), arguments: [id.rawValue])
                .map(Self.packRecord)
        }
    }

    public func packs(creator: MemberID) async throws -> [PackRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.packColumns) FROM packs WHERE creator_id = ? ORDER BY created_at DESC, id"),
                arguments: [Self.id(creator.rawValue)]
            ).map(Self.packRecord)
        }
    }

    public func allPacks(status: PackStatus?, offset: Int, limit: Int) async throws -> [PackRecord] {
        try run { db in
            if let status {
                return try Row.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT \(Self.packColumns) FROM packs WHERE status = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?
                        """),
                    arguments: [status.rawValue, limit, offset]
                ).map(Self.packRecord)
            }
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.packColumns) FROM packs ORDER BY created_at DESC, id LIMIT ? OFFSET ?"),
                arguments: [limit, offset]
            ).map(Self.packRecord)
        }
    }

    public func insertPack(_ pack: PackRecord) async throws {
        try run { db in
            do {
                try db.cachedStatement(sql: """
                    INSERT INTO packs (id, creator_id, name, description, tags, cover, version, status, created_at,
                        updated_at, published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: Self.packArguments(pack))
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(what: "pack", key: pack.id.rawValue)
            }
            try db.cachedStatement(sql: """
                INSERT INTO packs_fts (rowid, name, description, tags) SELECT seq, ?, ?, ? FROM packs WHERE id = ?
                """).execute(arguments: [pack.name, pack.description, PackRecordCoding.tagsText(pack.tags), pack.id.rawValue])
        }
    }

    public func updatePack(_ pack: PackRecord) async throws {
        try run { db in
            try db.cachedStatement(sql: """
                UPDATE packs SET creator_id = ?2, name = ?3, description = ?4, tags = ?5, cover = ?6, version = ?7,
                    status = ?8, created_at = ?9, updated_at = ?10, published_at = ?11
                WHERE id = ?1
                """).execute(arguments: Self.packArguments(pack))
            if db.changesCount == 0 { throw StoreError.notFound(what: "pack", key: pack.id.rawValue) }
            try db.cachedStatement(sql: """
                UPDATE packs_fts SET name = ?, description = ?, tags = ? WHERE rowid = (SELECT seq FROM packs WHERE id = ?)
                """).execute(arguments: [pack.name, pack.description, PackRecordCoding.tagsText(pack.tags), pack.id.rawValue])
            try Self.bumpPools(db, of: pack.id)
        }
    }

    // MARK: Characters

    public func characters(of pack: PackID, includingRetired: Bool) async throws -> [PackCharacterRecord] {
        try run { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM pack_characters WHERE pack_id = ? AND (? OR retired = 0) ORDER BY position, character_id
                    """),
                arguments: [pack.rawValue, includingRetired]
            ).map(Self.characterRecord)
        }
    }

    public func packCharacter(pack: PackID, character: String) async throws -> PackCharacterLookup? {
        try run { db in
            try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT c.*, p.name AS pack_name, p.status AS pack_status
                    FROM pack_characters c JOIN packs p ON p.id = c.pack_id
                    WHERE c.pack_id = ? AND c.character_id = ?
                    """),
                arguments: [pack.rawValue, character]
            ).map { row in
                PackCharacterLookup(
                    character: try Self.characterRecord(row), packName: row["pack_name"],
                    packStatus: try PackRecordCoding.decode(PackStatus.self, row["pack_status"], what: "pack \(pack)"))
            }
        }
    }

    public func upsertCharacters(_ characters: [PackCharacterRecord]) async throws {
        guard !characters.isEmpty else { return }
        try run { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO pack_characters (pack_id, character_id, rarity, name, description, personality, scenario,
                    first_mes, mes_example, system_prompt, tags, creator_notes, image, retired, position,
                    post_history_instructions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (pack_id, character_id) DO UPDATE SET rarity = excluded.rarity, name = excluded.name,
                    description = excluded.description, personality = excluded.personality, scenario = excluded.scenario,
                    first_mes = excluded.first_mes, mes_example = excluded.mes_example,
                    system_prompt = excluded.system_prompt, tags = excluded.tags, creator_notes = excluded.creator_notes,
                    image = excluded.image, retired = excluded.retired, position = excluded.position,
                    post_history_instructions = excluded.post_history_instructions
                """)
            for c in characters {
                try statement.execute(arguments: [
                    c.pack.rawValue, c.id, c.rarity.rawValue, c.name, c.description, c.personality, c.scenario,
                    c.firstMessage, c.messageExample, c.systemPrompt, PackRecordCoding.encodeTags(c.tags), c.creatorNotes,
                    c.image?.rawValue, c.retired, c.position, c.postHistoryInstructions,
                ])
            }
            for pack in Set(characters.map(\.pack)) {
                try Self.recount(db, pack)
                try Self.bumpPools(db, of: pack)
            }
        }
    }

    public func retireCharacters(of pack: PackID, keeping: Set<String>) async throws {
        try run { db in
            let ids = try String.fetchAll(
                db.cachedStatement(sql: "SELECT character_id FROM pack_characters WHERE pack_id = ?"), arguments: [pack.rawValue])
            let statement = try db.cachedStatement(sql: "UPDATE pack_characters SET retired = ? WHERE pack_id = ? AND character_id = ?")
            for id in ids { try statement.execute(arguments: [!keeping.contains(id), pack.rawValue, id]) }
            try Self.recount(db, pack)
            try Self.bumpPools(db, of: pack)
        }
    }

    // MARK: Guilds and pools

    public func isEnabled(_ pack: PackID, in guild: GuildID) async throws -> Bool {
        try run { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM pack_guilds WHERE guild_id = ? AND pack_id = ?"),
                arguments: [Self.id(guild.rawValue), pack.rawValue]) ?? false
        }
    }

    public func enabledPacks(in guild: GuildID) async throws -> [PackID] {
        try run { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT pack_id FROM pack_guilds WHERE guild_id = ? ORDER BY enabled_at, pack_id"),
                arguments: [Self.id(guild.rawValue)]
            ).map(PackID.init(rawValue:))
        }
    }

    public func enabledGuildCount(_ pack: PackID) async throws -> Int {
        try run { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM pack_guilds WHERE pack_id = ?"), arguments: [pack.rawValue]) ?? 0
        }
    }

    public func guildPool(_ guild: GuildID) async throws -> GuildPackPool {
        try run { db in
            let key = Self.id(guild.rawValue)
            let version = try Self.poolVersion(db, key)
            let characters = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT c.pack_id, p.name AS pack_name, c.character_id, c.name, c.rarity
                    FROM pack_guilds g
                    JOIN packs p ON p.id = g.pack_id AND p.status = 'published'
                    JOIN pack_characters c ON c.pack_id = g.pack_id AND c.retired = 0
                    WHERE g.guild_id = ?
                    ORDER BY c.pack_id, c.position, c.character_id
                    """),
                arguments: [key]
            ).map { row in
                PoolCharacter(
                    pack: PackID(rawValue: row["pack_id"]), packName: row["pack_name"], character: row["character_id"],
                    name: row["name"], rarity: try PackRecordCoding.decode(Rarity.self, row["rarity"], what: "pack character"))
            }
            return GuildPackPool(guild: guild, version: version, characters: characters)
        }
    }

    public func poolVersion(_ guild: GuildID) async throws -> Int64 {
        try run { db in try Self.poolVersion(db, Self.id(guild.rawValue)) }
    }

    @discardableResult
    public func enablePack(_ pack: PackID, in guild: GuildID, by member: MemberID, at time: Timestamp) async throws -> Bool {
        try run { db in
            let key = Self.id(guild.rawValue)
            try db.cachedStatement(sql: """
                INSERT INTO pack_guilds (guild_id, pack_id, enabled_by, enabled_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: [key, pack.rawValue, Self.id(member.rawValue), time.millisecondsSinceEpoch])
            guard db.changesCount > 0 else { return false }
            try Self.bumpPool(db, key)
            return true
        }
    }

    @discardableResult
    public func disablePack(_ pack: PackID, in guild: GuildID) async throws -> Bool {
        try run { db in
            let key = Self.id(guild.rawValue)
            try db.cachedStatement(sql: "DELETE FROM pack_guilds WHERE guild_id = ? AND pack_id = ?").execute(arguments: [key, pack.rawValue])
            guard db.changesCount > 0 else { return false }
            try Self.bumpPool(db, key)
            return true
        }
    }

    public func hasDrawn(_ pack: PackID, player: PlayerID) async throws -> Bool {
        try run { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM pack_draws WHERE guild_id = ? AND member_id = ? AND pack_id = ? LIMIT 1"),
                arguments: Self.key(player) + [pack.rawValue]) ?? false
        }
    }

    // MARK: Mapping

    static func id(_ value: UInt64) -> Int64 { Int64(bitPattern: value) }

    static func packArguments(_ pack: PackRecord) -> StatementArguments {
        [
            pack.id.rawValue, id(pack.creator.rawValue), pack.name, pack.description, PackRecordCoding.encodeTags(pack.tags),
            pack.cover?.rawValue, pack.version, pack.status.rawValue, pack.createdAt.millisecondsSinceEpoch,
            pack.updatedAt.millisecondsSinceEpoch, pack.publishedAt?.millisecondsSinceEpoch,
        ]
    }

    static func packRecord(_ row: Row) throws -> PackRecord {
        let id: String = row["id"]
        let creator: Int64 = row["creator_id"]
        let cover: String? = row["cover"]
        let published: Int64? = row["published_at"]
        return PackRecord(
            id: PackID(id), creator: MemberID(UInt64(bitPattern: creator)), name: row["name"], description: row["description"],
            tags: try PackRecordCoding.decodeTags(row["tags"], what: "pack \(id)"), cover: cover.flatMap(BlobAddress.init(rawValue:)),
            version: row["version"], status: try PackRecordCoding.decode(PackStatus.self, row["status"], what: "pack \(id)"),
            createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            updatedAt: Timestamp(millisecondsSinceEpoch: row["updated_at"]),
            publishedAt: published.map(Timestamp.init(millisecondsSinceEpoch:)))
    }

    static func packScores(_ row: Row) -> PackScores {
        PackScores(
            ratingCount: row["rating_count"], ratingSum: row["rating_sum"], weightedRating: row["score_rating"],
            trending: row["score_trending"], usage: row["score_usage"])
    }

    static func characterRecord(_ row: Row) throws -> PackCharacterRecord {
        let pack: String = row["pack_id"]
        let image: String? = row["image"]
        return PackCharacterRecord(
            pack: PackID(pack), id: row["character_id"],
            rarity: try PackRecordCoding.decode(Rarity.self, row["rarity"], what: "pack \(pack) character"),
            name: row["name"], description: row["description"], personality: row["personality"], scenario: row["scenario"],
            firstMessage: row["first_mes"], messageExample: row["mes_example"], systemPrompt: row["system_prompt"],
            tags: try PackRecordCoding.decodeTags(row["tags"], what: "pack \(pack) character"), creatorNotes: row["creator_notes"],
            image: image.flatMap(BlobAddress.init(rawValue:)), retired: row["retired"], position: row["position"],
            postHistoryInstructions: row["post_history_instructions"])
    }

    static func poolVersion(_ db: Database, _ guild: Int64) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM pack_pool_versions WHERE guild_id = ?"), arguments: [guild]) ?? 0
    }

    static func bumpPool(_ db: Database, _ guild: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO pack_pool_versions (guild_id, version) VALUES (?, 1)
            ON CONFLICT (guild_id) DO UPDATE SET version = version + 1
            """).execute(arguments: [guild])
    }

    /// Every guild that enabled the pack sees a new pool version.
    static func bumpPools(_ db: Database, of pack: PackID) throws {
        try db.cachedStatement(sql: """
            INSERT INTO pack_pool_versions (guild_id, version) SELECT guild_id, 1 FROM pack_guilds WHERE pack_id = ? AND 1
            ON CONFLICT (guild_id) DO UPDATE SET version = version + 1
            """).execute(arguments: [pack.rawValue])
    }

    static func recount(_ db: Database, _ pack: PackID) throws {
        try db.cachedStatement(sql: """
            UPDATE packs SET character_count = (SELECT COUNT(*) FROM pack_characters WHERE pack_id = ?1 AND retired = 0)
            WHERE id = ?1
            """).execute(arguments: [pack.rawValue])
    }
}
