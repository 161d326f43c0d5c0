import Clocks
import Foundation
import Gacha
import Packs
import Bot
import Storage

/// `packs-catalogue`: discovery over a large catalogue. Seeds `packs` published packs with
/// `characters` characters each (names and descriptions drawn from a word list, so searches match
/// realistic fractions), ratings on a share of them and usage rows for trending, refreshes the
/// scores, then times `/packs search` (PackService.search) and `/packs browse` sorted by rating and
/// by trending (PackService.browse), each over `queries` calls, one at a time.
enum PacksCatalogueBenchmark {
    struct Result: Codable {
        var benchmark = "packs-catalogue"
        var database: String
        var packs: Int
        var characters: Int
        var seedSeconds: Double
        var queries: Int
        var searchP50Milliseconds: Double
        var searchP99Milliseconds: Double
        var browseTopRatedP50Milliseconds: Double
        var browseTopRatedP99Milliseconds: Double
        var browseTrendingP50Milliseconds: Double
        var browseTrendingP99Milliseconds: Double
        var searchHits: Int
    }

    static let words = [
        "shadow", "crystal", "ember", "frost", "storm", "silver", "golden", "crimson", "azure", "verdant", "lunar", "solar",
        "iron", "velvet", "mystic", "ancient", "wild", "silent", "thunder", "ocean", "forest", "desert", "mountain", "river",
        "knight", "mage", "rogue", "ranger", "dragon", "phoenix", "wolf", "raven", "fox", "tiger", "serpent", "spirit",
        "academy", "empire", "kingdom", "harbor", "citadel", "garden", "tower", "market", "festival", "voyage", "legend",
        "chronicle", "saga", "tale",
    ]

    static func run(database: BenchmarkDatabase, packs: Int, characters: Int, queries: Int) async throws -> Result {
        try await database.withStore { store in
            try await run(store: store, database: database.name, packs: packs, characters: characters, queries: queries)
        }
    }

    static func run(store: any BotStore, database: String, packs: Int, characters: Int, queries: Int) async throws -> Result {
        let clock = ContinuousClock()
        let seedStart = clock.now
        try await seed(store: store, packs: packs, characters: characters)
        let seedSeconds = seedStart.duration(to: clock.now).seconds
        let service = PackService(
            store: store, blobs: NoBlobs(), random: SeededRandomSource(seed: 3), time: .live())
        try await service.refreshScores()

        let random = SeededRandomSource(seed: 11)
        var search: [Double] = []
        var hits = 0
        for _ in 0..<queries {
            let text = words[Int(random.next(below: UInt64(words.count)))] + " " + words[Int(random.next(below: UInt64(words.count)))].prefix(3)
            let t0 = clock.now
            let page = try await service.search(String(text))
            search.append(t0.duration(to: clock.now).milliseconds)
            hits += page.entries.count
        }
        func browse(_ sort: PackSort) async throws -> [Double] {
            var samples: [Double] = []
            for index in 0..<queries {
                let t0 = clock.now
                _ = try await service.browse(sort: sort, page: index % 5)
                samples.append(t0.duration(to: clock.now).milliseconds)
            }
            return samples
        }
        let topRated = try await browse(.topRated)
        let trending = try await browse(.trending)
        return Result(
            database: database, packs: packs, characters: packs * characters, seedSeconds: seedSeconds, queries: queries,
            searchP50Milliseconds: Percentiles(search).p50, searchP99Milliseconds: Percentiles(search).p99,
            browseTopRatedP50Milliseconds: Percentiles(topRated).p50, browseTopRatedP99Milliseconds: Percentiles(topRated).p99,
            browseTrendingP50Milliseconds: Percentiles(trending).p50, browseTrendingP99Milliseconds: Percentiles(trending).p99,
            searchHits: hits)
    }

    /// Published packs in batches of 1,000 per transaction; then ratings on a fifth of them and
    /// draws by 20,000 members over the last week (for trending and most used).
    static func seed(store: any BotStore, packs: Int, characters: Int) async throws {
        let time = GameTime.live()
        let now = time.now()
        let random = SeededRandomSource(seed: 21)
        func word() -> String { words[Int(random.next(below: UInt64(words.count)))] }
        let rarities: [Rarity] = [.common, .common, .common, .rare, .rare, .epic, .legendary]
        var ids: [PackID] = []
        for start in stride(from: 0, to: packs, by: 1_000) {
            var batch: [(PackRecord, [PackCharacterRecord])] = []
            for index in start..<min(start + 1_000, packs) {
                let id = PackID(String(format: "bench%05d", index))
                ids.append(id)
                let name = "\(word().capitalized) \(word().capitalized) \(index)"
                let record = PackRecord(
                    id: id, creator: MemberID(UInt64(1_600_000_000_000_000_000 + index % 5_000)), name: name,
                    description: "A \(word()) \(word()) of \(word()) and \(word()).", tags: [word(), word()],
                    status: .published, createdAt: now, publishedAt: now.advanced(by: .milliseconds(index)))
                let cast = (0..<characters).map { position in
                    PackCharacterRecord(
                        pack: id, id: "c\(position)", rarity: rarities[position % rarities.count],
                        name: "\(word().capitalized) \(position)", description: "\(word()) \(word())", position: position)
                }
                batch.append((record, cast))
            }
            let rows = batch
            try await store.writePacks { tx in
                for (record, _) in rows { try await tx.insertPack(record) }
                try await tx.upsertCharacters(rows.flatMap(\.1))
            }
        }
        let prior = RatingPrior(weight: 10, mean: 3)
        for start in stride(from: 0, to: ids.count / 5, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count / 5)])
            try await store.writePacks { tx in
                for (offset, id) in chunk.enumerated() {
                    for voter in 0..<3 {
                        try await tx.upsertRating(
                            PackRating(
                                pack: id, member: MemberID(UInt64(1_700_000_000_000_000_000 + voter)), guild: GuildID(1),
                                stars: 1 + (offset * 7 + voter * 3) % 5, review: nil, createdAt: now),
                            prior: prior)
                    }
                }
            }
        }
        let today = now.utcDay
        let all = ids
        for start in stride(from: 0, to: 20_000, by: 500) {
            try await store.writeGacha { tx in
                for member in start..<(start + 500) {
                    let player = PlayerID(guild: GuildID(1), member: MemberID(UInt64(1_800_000_000_000_000_000 + member)))
                    let drawn = Set((0..<5).map { all[(member * 31 + $0 * 997) % all.count].rawValue })
                    try await tx.recordPackDraws(player, packIDs: drawn, day: today - Int64(member % 7))
                }
            }
        }
    }
}

/// Discovery never reads images.
struct NoBlobs: PackBlobStore {
    func put(_ bytes: Data) async throws -> BlobAddress { throw BenchmarkError.check("the catalogue benchmark stores no images") }
    func get(_ address: BlobAddress) async throws -> Data? { nil }
}
