import Gacha
import Packs
import Storage
import Testing

/// The packs area's cases: packs and characters, guild pools and their versions, ratings with
/// their aggregates, reports counted per distinct reporter, moderation records, featured packs,
/// and discovery (browse sorts from precomputed scores, search, leaderboard).
public enum PacksCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case packsAndCharacters, poolVersions, ratings, reports, moderationRecords, featured, browseSorts, search, leaderboard
    case concurrentReports
    public var testDescription: String { rawValue }
}

struct PacksCases<S: Store & PacksStore>: Sendable where S.Transaction: PacksTransaction {
    let store: S
    let recordDraws: @Sendable ([TestPackDraw]) async throws -> Void
    typealias F = Fixture
    typealias P = PackFixture

    func run(_ testCase: PacksCase) async throws {
        switch testCase {
        case .packsAndCharacters: try await packsAndCharacters()
        case .poolVersions: try await poolVersions()
        case .ratings: try await ratings()
        case .reports: try await reports()
        case .moderationRecords: try await moderationRecords()
        case .featured: try await featured()
        case .browseSorts: try await browseSorts()
        case .search: try await search()
        case .leaderboard: try await leaderboard()
        case .concurrentReports: try await concurrentReports()
        }
    }

    /// Writes packs with characters.
    func seed(_ packs: [PackRecord], characters: [PackCharacterRecord] = []) async throws {
        try await store.writePacks { tx in
            for pack in packs { try await tx.insertPack(pack) }
            try await tx.upsertCharacters(characters)
        }
    }

    func packsAndCharacters() async throws {
        let pack = P.pack("aaaa", status: .draft, tags: ["cats", "space"])
        try await seed([pack], characters: [P.character("aaaa", "nova", .rare, position: 1), P.character("aaaa", "ash", position: 0)])
        #expect(try await store.readPacks { try await $0.pack(pack.id) } == pack)
        let duplicate = await #expect(throws: StoreError.self) { try await store.writePacks { try await $0.insertPack(pack) } }
        #expect(duplicate?.duplicateOf == "pack")
        await #expect(throws: StoreError.notFound(what: "pack", key: "none")) {
            try await store.writePacks { try await $0.updatePack(P.pack("none")) }
        }
        var edited = pack
        edited.name = "Renamed"
        edited.status = .published
        edited.version = 2
        edited.cover = BlobAddress(ofBytes: [1, 2, 3])
        let stored = edited
        try await store.writePacks { try await $0.updatePack(stored) }
        #expect(try await store.readPacks { try await $0.pack(pack.id) } == stored)
        #expect(try await store.readPacks { try await $0.packs(creator: P.creator) } == [stored])
        #expect(try await store.readPacks { try await $0.allPacks(status: .draft, offset: 0, limit: 10) }.isEmpty)

        let characters = try await store.readPacks { try await $0.characters(of: pack.id, includingRetired: false) }
        #expect(characters.map(\.id) == ["ash", "nova"])
        #expect(characters.last == P.character("aaaa", "nova", .rare, position: 1))
        // A new version changes a character in place and retires one it dropped.
        var nova = P.character("aaaa", "nova", .legendary, position: 0)
        nova.image = nil
        let changed = nova
        try await store.writePacks { tx in
            try await tx.upsertCharacters([changed])
            try await tx.retireCharacters(of: pack.id, keeping: ["nova"])
        }
        #expect(try await store.readPacks { try await $0.characters(of: pack.id, includingRetired: false) } == [changed])
        let all = try await store.readPacks { try await $0.characters(of: pack.id, includingRetired: true) }
        #expect(all.map(\.id).sorted() == ["ash", "nova"])
        let ash = try #require(try await store.readPacks { try await $0.packCharacter(pack: pack.id, character: "ash") })
        #expect(ash.character.retired && !ash.isAvailable && ash.packName == "Renamed")
        #expect(try await store.readPacks { try await $0.packCharacter(pack: pack.id, character: "nova") }?.isAvailable == true)
        #expect(try await store.readPacks { try await $0.packCharacter(pack: pack.id, character: "zzz") } == nil)
        #expect(try await store.readPacks { try await $0.browsePacks(sort: .new, excluding: [], offset: 0, limit: 5) }.first?.characterCount == 1)
    }

    func poolVersions() async throws {
        try await seed(
            [P.pack("pool1"), P.pack("pool2"), P.pack("draft1", status: .draft)],
            characters: [
                P.character("pool1", "a", .rare), P.character("pool1", "b", .common, position: 1),
                P.character("pool2", "c", .epic), P.character("draft1", "d"),
            ])
        #expect(try await store.readPacks { try await $0.guildPool(P.g1) } == GuildPackPool(guild: P.g1, version: 0, characters: []))
        #expect(try await store.writePacks { try await $0.enablePack(PackID("pool1"), in: P.g1, by: F.p1.member, at: F.t0) })
        #expect(try await store.writePacks { try await $0.enablePack(PackID("pool1"), in: P.g1, by: F.p1.member, at: F.t0) } == false)
        try await store.writePacks { tx in
            try await tx.enablePack(PackID("draft1"), in: P.g1, by: F.p1.member, at: F.t0.advanced(by: .seconds(1)))
            try await tx.enablePack(PackID("pool2"), in: P.g2, by: F.p1.member, at: F.t0)
        }
        var pool = try await store.readPacks { try await $0.guildPool(P.g1) }
        #expect(pool.version == 2)
        #expect(pool.characters.map(\.gachaID) == ["pk:pool1:a", "pk:pool1:b"])
        #expect(pool.characters.first == PoolCharacter(pack: PackID("pool1"), packName: "Pack pool1", character: "a", name: "Name a", rarity: .rare))
        #expect(try await store.readPacks { try await $0.enabledPacks(in: P.g1) } == [PackID("pool1"), PackID("draft1")])
        #expect(try await store.readPacks { try await $0.isEnabled(PackID("pool2"), in: P.g1) } == false)

        // Hiding takes the pack out of the pool at once and bumps every guild using it.
        var hidden = P.pack("pool1")
        hidden.status = .hidden
        let hide = hidden
        try await store.writePacks { try await $0.updatePack(hide) }
        pool = try await store.readPacks { try await $0.guildPool(P.g1) }
        #expect(pool.version == 3 && pool.characters.isEmpty)
        #expect(try await store.readPacks { try await $0.poolVersion(P.g2) } == 1)
        #expect(try await store.readPacks { try await $0.packCharacter(pack: PackID("pool1"), character: "a") }?.isAvailable == false)
        try await store.writePacks { try await $0.updatePack(P.pack("pool1")) }
        // A retired character leaves the pool; a new version's characters bump it too.
        try await store.writePacks { try await $0.retireCharacters(of: PackID("pool1"), keeping: ["b"]) }
        pool = try await store.readPacks { try await $0.guildPool(P.g1) }
        #expect(pool.version == 5 && pool.characters.map(\.character) == ["b"])
        #expect(try await store.writePacks { try await $0.disablePack(PackID("pool1"), in: P.g1) })
        #expect(try await store.writePacks { try await $0.disablePack(PackID("pool1"), in: P.g1) } == false)
        pool = try await store.readPacks { try await $0.guildPool(P.g1) }
        #expect(pool.version == 6 && pool.characters.isEmpty)
        #expect(try await store.readPacks { try await $0.enabledGuildCount(PackID("pool2")) } == 1)
    }

    func ratings() async throws {
        try await seed([P.pack("rate")])
        let pack = PackID("rate")
        #expect(try await store.readPacks { try await $0.hasDrawn(pack, player: F.p1) } == false)
        try await recordDraws([TestPackDraw(player: F.p1, pack: pack, day: F.t0.utcDay)])
        #expect(try await store.readPacks { try await $0.hasDrawn(pack, player: F.p1) })
        #expect(try await store.readPacks { try await $0.hasDrawn(pack, player: F.p2) } == false)
        let first = PackRating(pack: pack, member: F.p1.member, guild: F.p1.guild, stars: 5, review: "great", createdAt: F.t0)
        try await store.writePacks { try await $0.upsertRating(first, prior: P.prior) }
        var scores = try #require(try await store.readPacks { try await $0.scores(of: pack) })
        #expect(scores.ratingCount == 1 && scores.ratingSum == 5)
        #expect(abs(scores.weightedRating - P.prior.weightedRating(count: 1, sum: 5)) < 1e-9)
        // Editing replaces the stars: the count stays, the sum moves.
        let edit = PackRating(
            pack: pack, member: F.p1.member, guild: F.p1.guild, stars: 2, review: nil, createdAt: F.t0, updatedAt: F.t0.advanced(by: .seconds(5)))
        try await store.writePacks { try await $0.upsertRating(edit, prior: P.prior) }
        try await store.writePacks {
            try await $0.upsertRating(PackRating(pack: pack, member: F.p2.member, guild: F.p2.guild, stars: 4, review: "ok", createdAt: F.t0), prior: P.prior)
        }
        scores = try #require(try await store.readPacks { try await $0.scores(of: pack) })
        #expect(scores.ratingCount == 2 && scores.ratingSum == 6)
        #expect(abs(scores.weightedRating - (6.0 + 2 * 3) / 4) < 1e-9)
        #expect(try await store.readPacks { try await $0.rating(pack, member: F.p1.member) } == edit)
        #expect(try await store.readPacks { try await $0.ratings(of: pack, limit: 10) }.map(\.stars) == [2, 4])
        #expect(try await store.readPacks { try await $0.globalMeanRating() } == 3.0)
        #expect(try await store.readPacks { try await $0.storedPriorMean() } == nil)
        await #expect(throws: StoreError.self) {
            try await store.writePacks {
                try await $0.upsertRating(PackRating(pack: pack, member: MemberID(9), guild: F.p1.guild, stars: 6, review: nil, createdAt: F.t0), prior: P.prior)
            }
        }
    }

    func reports() async throws {
        try await seed([P.pack("rep")])
        let pack = PackID("rep")
        let a = PackReport(pack: pack, reporter: MemberID(1), guild: P.g1, reason: .spam, at: F.t0)
        #expect(try await store.writePacks { try await $0.insertReport(a) } == 1)
        let again = await #expect(throws: StoreError.self) { try await store.writePacks { try await $0.insertReport(a) } }
        #expect(again?.duplicateOf == "pack report")
        let b = PackReport(pack: pack, reporter: MemberID(2), guild: P.g2, reason: .copyright, at: F.t0.advanced(by: .seconds(1)))
        #expect(try await store.writePacks { try await $0.insertReport(b) } == 2)
        let queue = try await store.readPacks { try await $0.reportQueue(limit: 10) }
        #expect(queue.count == 1 && queue[0].openReports == 2 && queue[0].reasons == [.spam: 1, .copyright: 1])
        #expect(try await store.writePacks { try await $0.resolveReports(of: pack, at: F.t0.advanced(by: .seconds(9))) } == 2)
        #expect(try await store.readPacks { try await $0.reportQueue(limit: 10) }.isEmpty)
        #expect(try await store.readPacks { try await $0.reports(of: pack) }.allSatisfy { $0.resolvedAt == F.t0.advanced(by: .seconds(9)) })
        let c = PackReport(pack: pack, reporter: MemberID(3), guild: P.g1, reason: .other, at: F.t0)
        #expect(try await store.writePacks { try await $0.insertReport(c) } == 1)
    }

    func moderationRecords() async throws {
        try await seed([P.pack("mod")])
        let record = PackAuditRecord(pack: PackID("mod"), actor: MemberID(1), action: .hide, reason: "spam wave", at: F.t0)
        let stored = try await store.writePacks { try await $0.appendAudit(record) }
        #expect(stored.id != nil)
        try await store.writePacks {
            try await $0.appendAudit(PackAuditRecord(pack: PackID("mod"), actor: MemberID(0), action: .restore, reason: "", at: F.t0))
        }
        #expect(try await store.readPacks { try await $0.auditRecords(of: PackID("mod")) }.map(\.action) == [.hide, .restore])
        #expect(try await store.readPacks { try await $0.auditRecords(of: PackID("mod")) }.first == stored)
        let ban = BannedCreator(creator: P.creator, bannedBy: MemberID(1), reason: "spam", at: F.t0)
        try await store.writePacks { try await $0.insertBan(ban) }
        #expect(try await store.readPacks { try await $0.bannedCreator(P.creator) } == ban)
        #expect(try await store.readPacks { try await $0.bannedCreator(MemberID(1)) } == nil)
        let again = await #expect(throws: StoreError.self) { try await store.writePacks { try await $0.insertBan(ban) } }
        #expect(again?.duplicateOf == "banned creator")
    }

    func featured() async throws {
        try await seed([P.pack("f1"), P.pack("f2")])
        try await store.writePacks { tx in
            try await tx.setFeatured(FeaturedPack(pack: PackID("f1"), since: F.t0, until: nil))
            try await tx.setFeatured(FeaturedPack(pack: PackID("f2"), since: F.t0.advanced(by: .seconds(1)), until: F.t0.advanced(by: .seconds(60))))
        }
        #expect(try await store.readPacks { try await $0.featuredPacks(asOf: F.t0) }.map(\.pack) == [PackID("f1"), PackID("f2")])
        #expect(try await store.readPacks { try await $0.featuredPacks(asOf: F.t0.advanced(by: .seconds(60))) }.map(\.pack) == [PackID("f1")])
        #expect(try await store.writePacks { try await $0.removeFeatured(PackID("f1")) })
        #expect(try await store.writePacks { try await $0.removeFeatured(PackID("f1")) } == false)
        #expect(try await store.readPacks { try await $0.featuredPacks(asOf: F.t0) }.map(\.pack) == [PackID("f2")])
    }

    func browseSorts() async throws {
        // p1: one 5-star rating; p2: many 4s; p3: heavy use long ago, p4: recent use; p5 hidden.
        try await seed([
            P.pack("p1", published: 1), P.pack("p2", published: 2), P.pack("p3", published: 3),
            P.pack("p4", published: 4), P.pack("p5", status: .hidden, published: 5), P.pack("p6", status: .draft),
        ])
        let today = F.t0.utcDay
        var draws: [TestPackDraw] = []
        for member in 1...6 {
            draws.append(TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(UInt64(member))), pack: PackID("p3"), day: today - 20))
        }
        for member in 1...3 {
            draws.append(TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(UInt64(member))), pack: PackID("p4"), day: today))
            // The same member in another guild counts once.
            draws.append(TestPackDraw(player: PlayerID(guild: P.g2, member: MemberID(UInt64(member))), pack: PackID("p4"), day: today - 1))
        }
        draws.append(TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(9)), pack: PackID("p1"), day: today - 6))
        draws.append(TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(9)), pack: PackID("p5"), day: today))
        try await recordDraws(draws)
        try await store.writePacks { tx in
            try await tx.upsertRating(PackRating(pack: PackID("p1"), member: MemberID(1), guild: P.g1, stars: 5, review: nil, createdAt: F.t0), prior: P.prior)
            for member in 1...10 {
                try await tx.upsertRating(
                    PackRating(pack: PackID("p2"), member: MemberID(UInt64(member)), guild: P.g1, stars: 4, review: nil, createdAt: F.t0),
                    prior: P.prior)
            }
            try await tx.refreshPackScores(asOf: F.t0, prior: P.prior)
        }
        func ids(_ sort: PackSort, excluding: [String] = [], offset: Int = 0, limit: Int = 10) async throws -> [String] {
            try await store.readPacks {
                try await $0.browsePacks(sort: sort, excluding: excluding.map(PackID.init(rawValue:)), offset: offset, limit: limit)
            }.map(\.pack.id.rawValue)
        }
        // WR(p2) = (40 + 6) / 12 ≈ 3.83 beats WR(p1) = (5 + 6) / 3 ≈ 3.67; unrated packs sit at C = 3.
        #expect(try await ids(.topRated) == ["p2", "p1", "p3", "p4"])
        // p4: three members today (7 each) = 21; p1: one member six days ago = 1; p3: outside the week.
        #expect(try await ids(.trending) == ["p4", "p1", "p2", "p3"])
        #expect(try await ids(.mostUsed) == ["p3", "p4", "p1", "p2"])
        #expect(try await ids(.new) == ["p4", "p3", "p2", "p1"])
        #expect(try await ids(.new, excluding: ["p3"], offset: 1, limit: 2) == ["p2", "p1"])
        #expect(try await store.readPacks { try await $0.storedPriorMean() } == P.prior.mean)
        let p4 = try #require(try await store.readPacks { try await $0.scores(of: PackID("p4")) })
        #expect(p4.trending == 21 && p4.usage == 3)
        // A week later p4's rollers have aged out of trending but still count as used.
        try await store.writePacks { try await $0.refreshPackScores(asOf: F.t0.advanced(by: .seconds(7 * 86_400)), prior: P.prior) }
        let later = try #require(try await store.readPacks { try await $0.scores(of: PackID("p4")) })
        #expect(later.trending == 0 && later.usage == 3)
    }

    func search() async throws {
        try await seed([
            P.pack("s1", name: "Space Cats", description: "Felines among the stars", tags: ["scifi"]),
            P.pack("s2", name: "Dragon Riders", description: "Sky knights and their cats", tags: ["fantasy", "dragons"]),
            P.pack("s3", status: .hidden, name: "Hidden Cats"),
            P.pack("s4", status: .draft, name: "Draft Cats"),
        ])
        func ids(_ text: String) async throws -> [String] {
            try await store.readPacks { try await $0.searchPacks(PackSearchQuery(text), offset: 0, limit: 10) }.map(\.pack.id.rawValue).sorted()
        }
        #expect(try await ids("cats") == ["s1", "s2"])
        #expect(try await ids("CAT") == ["s1", "s2"])
        #expect(try await ids("drag") == ["s2"])
        #expect(try await ids("fantasy knights") == ["s2"])
        #expect(try await ids("scifi") == ["s1"])
        #expect(try await ids("cats zebra").isEmpty)
        #expect(try await ids("\" OR 1=1 -- ) NEAR(").isEmpty)
        #expect(try await ids("   ").isEmpty)
        // Page by page, unpublished matches that rank high (short names) never take a published
        // pack's place, and every published match shows exactly once.
        var paged: [String] = []
        for offset in 0..<3 {
            paged += try await store.readPacks { try await $0.searchPacks(PackSearchQuery("cats"), offset: offset, limit: 1) }.map(\.pack.id.rawValue)
        }
        #expect(paged.sorted() == ["s1", "s2"])
        // An edit is searchable at once; hiding takes it out.
        var renamed = P.pack("s1", name: "Zebra Parade")
        renamed.status = .hidden
        let edit = renamed
        try await store.writePacks { try await $0.updatePack(edit) }
        #expect(try await ids("zebra").isEmpty)
        renamed.status = .published
        let restore = renamed
        try await store.writePacks { try await $0.updatePack(restore) }
        #expect(try await ids("zebra") == ["s1"])
        #expect(try await ids("space").isEmpty)
    }

    func leaderboard() async throws {
        let (a, b) = (MemberID(601), MemberID(602))
        try await seed([
            P.pack("la1", creator: a), P.pack("la2", creator: a), P.pack("lb1", creator: b),
            P.pack("lb2", status: .hidden, creator: b),
        ])
        let today = F.t0.utcDay
        try await recordDraws(
            (1...4).map { TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(UInt64($0))), pack: PackID("lb1"), day: today) }
                + (1...3).map { TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(UInt64($0))), pack: PackID("la1"), day: today) }
                + (1...9).map { TestPackDraw(player: PlayerID(guild: P.g1, member: MemberID(UInt64($0))), pack: PackID("lb2"), day: today) })
        try await store.writePacks { tx in
            try await tx.upsertRating(PackRating(pack: PackID("la2"), member: MemberID(1), guild: P.g1, stars: 5, review: nil, createdAt: F.t0), prior: P.prior)
            try await tx.upsertRating(PackRating(pack: PackID("lb1"), member: MemberID(1), guild: P.g1, stars: 1, review: nil, createdAt: F.t0), prior: P.prior)
            try await tx.refreshPackScores(asOf: F.t0, prior: P.prior)
        }
        // b's hidden pack (9 users) does not count: a has 3, b has 4.
        let usage = try await store.readPacks { try await $0.creatorLeaderboard(order: .usage, prior: P.prior, limit: 10) }
        #expect(usage.map(\.creator) == [b, a] && usage.map(\.usage) == [4, 3] && usage.map(\.packs) == [1, 2])
        let rating = try await store.readPacks { try await $0.creatorLeaderboard(order: .rating, prior: P.prior, limit: 1) }
        #expect(rating.map(\.creator) == [a])
    }

    /// Reports from distinct members at once each see the count the others left: the counter on
    /// the pack's row makes them queue (or re-run) instead of all reading the same stale count.
    func concurrentReports() async throws {
        try await seed([P.pack("conc")])
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for reporter in 1...5 {
                group.addTask {
                    try await store.writePacks {
                        try await $0.insertReport(PackReport(pack: PackID("conc"), reporter: MemberID(UInt64(reporter)), guild: P.g1, reason: .spam, at: F.t0))
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.sorted() == [1, 2, 3, 4, 5])
        #expect(try await store.readPacks { try await $0.reports(of: PackID("conc")) }.count == 5)
    }
}

/// Values the packs cases share.
enum PackFixture {
    typealias F = Fixture

    static let creator = MemberID(500)
    static let g1 = GuildID(7)
    static let g2 = GuildID(8)
    static let prior = RatingPrior(weight: 2, mean: 3)

    static func pack(_ id: String, status: PackStatus = .published, creator: MemberID = PackFixture.creator, name: String? = nil,
                     description: String = "", tags: [String] = [], published: Int64 = 0) -> PackRecord {
        PackRecord(
            id: PackID(id), creator: creator, name: name ?? "Pack \(id)", description: description, tags: tags, status: status,
            createdAt: F.t0, publishedAt: status == .draft ? nil : F.t0.advanced(by: .seconds(published)))
    }

    static func character(_ pack: String, _ id: String, _ rarity: Rarity = .common, position: Int = 0) -> PackCharacterRecord {
        PackCharacterRecord(
            pack: PackID(pack), id: id, rarity: rarity, name: "Name \(id)", description: "d", personality: "p", scenario: "s",
            firstMessage: "hi", messageExample: "ex", systemPrompt: "sys", tags: ["t1", "t2"], creatorNotes: "notes",
            image: BlobAddress(ofBytes: Array(id.utf8)), position: position, postHistoryInstructions: "after \(id)")
    }
}
