import Foundation
import Gacha
import Packs
import Storage
import Testing

/// `PackService` on real databases: the creator flow, ratings, ranking, moderation, featured
/// packs, search and the leaderboard.
@Suite(.timeLimit(.minutes(2))) struct PackServiceTests {
    static let creator = PlayerID(guild: GuildID(1), member: MemberID(1000))
    static let guild = GuildID(77)
    static func member(_ n: Int, guild: GuildID = guild) -> PlayerID { PlayerID(guild: guild, member: MemberID(UInt64(2000 + n))) }

    @Test(arguments: TestDatabase.available)
    func creatorFlowWithEvents(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let draft = try await h.service.create(creator: Self.creator, name: "Starlight", description: "A crew", tags: ["space"])
            #expect(draft.status == .draft && PackID.isWellFormed(draft.id.rawValue))
            // A PNG card with an image, then a JSON card without an id: one is made from its name.
            let png = TestImage.pngCard(json: TestCard.json(name: "Nova", gachabot: #"{"rarity": "legendary", "id": "nova"}"#))
            let nova = try await h.service.addCharacter(pack: draft.id, creator: Self.creator, card: png, file: "nova.png")
            #expect(nova.rarity == .legendary && nova.id == "nova")
            let image = try #require(nova.image)
            #expect(try await h.blobs.get(image) == png)
            let json = Data(TestCard.json(name: "Ash Kade").utf8)
            #expect(await serviceError { try await h.service.addCharacter(pack: draft.id, creator: Self.creator, card: json, file: "ash.json") }
                == .missingRarity)
            let ash = try await h.service.addCharacter(pack: draft.id, creator: Self.creator, card: json, file: "ash.json", rarity: .rare)
            #expect(ash.id == "ash-kade" && ash.image == nil)
            // Nobody else may touch it, and a bad card names its file and field.
            #expect(await serviceError { try await h.service.publish(pack: draft.id, creator: Self.member(1)) } == .notYourPack)
            let long = Data(TestCard.json(name: "X", firstMessage: String(repeating: "a", count: 2_001), gachabot: #"{"rarity": "rare"}"#).utf8)
            let bad = await serviceError { try await h.service.addCharacter(pack: draft.id, creator: Self.creator, card: long, file: "x.json") }
            #expect(bad?.description == "x.json: data.first_mes is 2,001 characters; at most 2,000")

            let published = try await h.service.publish(pack: draft.id, creator: Self.creator)
            #expect(published.status == .published && published.publishedAt == h.now)
            #expect(try await h.service.enable(pack: draft.id, by: Self.member(1)))
            #expect(try await h.service.enable(pack: draft.id, by: Self.member(1)) == false)
            let pool = try await h.service.pool(Self.guild)
            #expect(pool.characters.map(\.gachaID).sorted() == ["pk:\(draft.id):ash-kade", "pk:\(draft.id):nova"])
            #expect(try await h.service.disable(pack: draft.id, by: Self.member(1)))
            #expect(try await h.service.pool(Self.guild).characters.isEmpty)

            #expect(try await h.events(.packCreated).map(\.player) == [Self.creator])
            #expect(try await h.events(.packPublished).first?.properties == ["pack": draft.id.rawValue, "version": "1"])
            #expect(try await h.events(.packEnabled).count == 1)
            #expect(try await h.events(.packDisabled).map(\.player) == [Self.member(1)])
            #expect(try await h.service.mine(creator: Self.creator.member).map(\.characterCount) == [2])
        }
    }

    @Test(arguments: TestDatabase.available)
    func publishLimits(_ database: TestDatabase) async throws {
        let configuration = PackServiceConfiguration(limits: PackLimits(maxCharactersPerPack: 2))
        try await ServiceHarness.with(database, configuration: configuration) { h in
            let empty = try await h.service.create(creator: Self.creator, name: "Empty")
            #expect(await serviceError { try await h.service.publish(pack: empty.id, creator: Self.creator) } == .noCharacters)
            let full = try await h.service.importPack(
                creator: Self.creator, manifest: PackManifest.json(characters: [.init(id: "a"), .init(id: "b")]), file: "p.json")
            let card = Data(TestCard.json(name: "C", gachabot: #"{"rarity": "rare"}"#).utf8)
            #expect(await serviceError { try await h.service.addCharacter(pack: full.id, creator: Self.creator, card: card, file: "c.json") }
                == .tooManyCharacters(count: 3, limit: 2))
            let three = PackManifest.json(characters: [.init(id: "a"), .init(id: "b"), .init(id: "c")])
            let error = await serviceError { try await h.service.importPack(creator: Self.creator, manifest: three, file: "p.json") }
            #expect(error?.description == "p.json: characters has 3 characters; at most 2")
            #expect(await serviceError { try await h.service.create(creator: Self.creator, name: "   ") }?.description == "the pack: name is empty")
        }
    }

    @Test(arguments: TestDatabase.available)
    func ratingRules(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let pack = try await h.publishedPack(creator: Self.creator).id
            let rater = Self.member(1)
            #expect(await serviceError { try await h.service.rate(pack: pack, by: rater, stars: 4) } == .notRolledYet)
            // A roll in another server does not count here.
            try await h.rolled(Self.member(1, guild: GuildID(5)), pack)
            #expect(await serviceError { try await h.service.rate(pack: pack, by: rater, stars: 4) } == .notRolledYet)
            try await h.rolled(rater, pack)
            #expect(await serviceError { try await h.service.rate(pack: pack, by: rater, stars: 0) } == .starsOutOfRange(0))
            #expect(await serviceError { try await h.service.rate(pack: pack, by: rater, stars: 6) } == .starsOutOfRange(6))
            #expect(await serviceError { try await h.service.rate(pack: pack, by: rater, stars: 5, review: String(repeating: "r", count: 501)) }
                == .reviewTooLong(characters: 501, limit: 500))
            try await h.rolled(Self.creator, pack)
            #expect(await serviceError { try await h.service.rate(pack: pack, by: Self.creator, stars: 5) } == .cannotRateOwnPack)

            let first = try await h.service.rate(pack: pack, by: rater, stars: 5, review: "@everyone look <@&123> [win](https://x.y)\u{200B}!")
            #expect(first.review == "＠everyone look @role win (https://x.y)!")
            h.clock.advance(by: .seconds(60))
            // One rating per member: a second one replaces the first.
            let edit = try await h.service.rate(pack: pack, by: rater, stars: 2)
            #expect(edit.createdAt == first.createdAt && edit.updatedAt == h.now && edit.review == nil)
            let details = try await h.service.view(pack: pack, viewer: rater.member)
            #expect(details.summary.scores.ratingCount == 1 && details.summary.scores.ratingSum == 2)
            #expect(try await h.events(.packRated).map { $0.properties["edit"] } == ["false", "true"])
        }
    }

    /// One 5-star rating cannot top the chart: with m = 10 and C the global mean, a pack with
    /// twenty 4-star ratings stays above it.
    @Test(arguments: TestDatabase.available)
    func bayesianRanking(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let lucky = try await h.publishedPack(creator: Self.creator, name: "Lucky").id
            let solid = try await h.publishedPack(creator: Self.creator, name: "Solid").id
            let plain = try await h.publishedPack(creator: Self.creator, name: "Plain").id
            try await h.rolled(Self.member(0), lucky)
            try await h.service.rate(pack: lucky, by: Self.member(0), stars: 5)
            for n in 1...20 {
                try await h.rolled(Self.member(n), solid)
                try await h.service.rate(pack: solid, by: Self.member(n), stars: 4)
            }
            for n in 21...25 {
                try await h.rolled(Self.member(n), plain)
                try await h.service.rate(pack: plain, by: Self.member(n), stars: 2)
            }
            try await h.service.refreshScores()
            let page = try await h.service.browse(sort: .topRated)
            #expect(page.entries.map(\.summary.pack.id) == [solid, lucky, plain])
            // C = (5 + 80 + 10) / 26; WR(lucky) = (5 + 10·C) / 11.
            let mean = 95.0 / 26
            let lucky5 = try #require(page.entries.first { $0.summary.pack.id == lucky })
            #expect(abs(lucky5.summary.scores.weightedRating - (5 + 10 * mean) / 11) < 1e-9)
            #expect(lucky5.summary.scores.meanStars == 5)
        }
    }

    @Test(arguments: TestDatabase.available)
    func reportHideReviewRestore(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let pack = try await h.publishedPack(creator: Self.creator).id
            try await h.service.enable(pack: pack, by: Self.member(9))
            #expect(try await h.service.report(pack: pack, by: Self.member(1), reason: .spam) == ReportOutcome(openReports: 1, hidPack: false))
            #expect(await serviceError { try await h.service.report(pack: pack, by: Self.member(1), reason: .other) } == .alreadyReported)
            #expect(try await h.service.report(pack: pack, by: Self.member(2, guild: GuildID(3)), reason: .hateful).hidPack == false)
            #expect(try await h.service.report(pack: pack, by: Self.member(3), reason: .spam) == ReportOutcome(openReports: 3, hidPack: true))
            // Hidden: out of browse, search, the pool and view at once; owned characters still resolve.
            #expect(try await h.service.browse(sort: .new).entries.isEmpty)
            #expect(try await h.service.search("starlight").entries.isEmpty)
            #expect(try await h.service.pool(Self.guild).characters.isEmpty)
            #expect(await serviceError { try await h.service.view(pack: pack, viewer: Self.member(1).member) } == .packNotFound(pack.rawValue))
            let owned = try await h.service.store.readPacks { try await $0.packCharacter(pack: pack, character: "c0") }
            #expect(owned?.isAvailable == false)
            #expect(try await h.events(.packHidden).first?.properties["by"] == "reports")

            let queue = try await h.service.reportQueue()
            #expect(queue.map(\.pack.id) == [pack] && queue.first?.openReports == 3 && queue.first?.reasons == [.spam: 2, .hateful: 1])
            h.clock.advance(by: .seconds(30))
            let restored = try await h.service.review(pack: pack, action: .restore, by: MemberID(1), reason: "false alarm")
            #expect(restored.status == .published)
            #expect(try await h.service.reportQueue().isEmpty)
            #expect(try await h.service.pool(Self.guild).characters.count == 2)
            let audit = try await h.service.store.readPacks { try await $0.auditRecords(of: pack) }
            #expect(audit.map(\.action) == [.autoHide, .restore])
            #expect(audit.last?.actor == MemberID(1) && audit.last?.reason == "false alarm" && audit.last?.at == h.now)
            // Resolved reports do not count towards the next hide.
            #expect(try await h.service.report(pack: pack, by: Self.member(4), reason: .copyright) == ReportOutcome(openReports: 1, hidPack: false))
            #expect(await serviceError { try await h.service.review(pack: pack, action: .restore, by: MemberID(1)) }
                == .wrongStatus(.published, action: "restore"))
            try await h.service.review(pack: pack, action: .remove, by: MemberID(1), reason: "copyright")
            #expect(await serviceError { try await h.service.review(pack: pack, action: .hide, by: MemberID(1)) } == .wrongStatus(.removed, action: "hide"))
        }
    }

    /// Reports at once from distinct members: exactly one of them reaches the threshold and hides
    /// the pack (on PostgreSQL the others re-run on its result), with one audit record.
    @Test(arguments: TestDatabase.available)
    func concurrentReportsHideOnce(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let pack = try await h.publishedPack(creator: Self.creator).id
            let outcomes = try await withThrowingTaskGroup(of: ReportOutcome.self) { group in
                for n in 1...5 {
                    group.addTask { try await h.service.report(pack: pack, by: Self.member(n), reason: .spam) }
                }
                return try await group.reduce(into: [ReportOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.map(\.openReports).sorted() == [1, 2, 3, 4, 5])
            #expect(outcomes.filter(\.hidPack).map(\.openReports) == [3])
            #expect(try await h.service.store.readPacks { try await $0.auditRecords(of: pack) }.map(\.action) == [.autoHide])
            #expect(try await h.events(.packReported).count == 5)
            #expect(try await h.events(.packHidden).count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func banCreator(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let a = try await h.publishedPack(creator: Self.creator, name: "A").id
            let b = try await h.publishedPack(creator: Self.creator, name: "B").id
            let draft = try await h.service.create(creator: Self.creator, name: "Later")
            _ = try await h.service.addCharacter(
                pack: draft.id, creator: Self.creator, card: Data(TestCard.json(name: "Z", gachabot: #"{"rarity": "rare"}"#).utf8), file: "z.json")
            let other = try await h.publishedPack(creator: Self.member(50), name: "Other").id
            try await h.service.review(pack: a, action: .banCreator, by: MemberID(1), reason: "spam")
            #expect(try await h.service.browse(sort: .new).entries.map(\.summary.pack.id) == [other])
            #expect(try await h.service.store.readPacks { try await $0.pack(b) }?.status == .hidden)
            #expect(await serviceError { try await h.service.publish(pack: draft.id, creator: Self.creator) } == .bannedCreator)
            #expect(await serviceError { try await h.service.review(pack: b, action: .restore, by: MemberID(1)) } == .bannedCreator)
            #expect(await serviceError { try await h.service.review(pack: b, action: .banCreator, by: MemberID(1)) } == .alreadyBanned)
            #expect(try await h.service.store.readPacks { try await $0.auditRecords(of: a) }.map(\.action) == [.banCreator, .hide])
            #expect(try await h.events(.packHidden).count == 2)
        }
    }

    /// A new version keeps character ids: changed ones change in place, new ones join, missing
    /// ones retire (still resolvable, no longer in the pool).
    @Test(arguments: TestDatabase.available)
    func newVersionKeepsIDs(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let v1 = PackManifest.json(version: 1, characters: [.init(id: "nova", rarity: "rare"), .init(id: "ash"), .init(id: "tam")])
            let pack = try await h.service.importPack(creator: Self.creator, manifest: v1, file: "v1.json")
            try await h.service.publish(pack: pack.id, creator: Self.creator)
            try await h.service.enable(pack: pack.id, by: Self.member(1))
            let before = try await h.service.pool(Self.guild)

            let same = PackManifest.json(version: 1, characters: [.init(id: "nova")])
            #expect(await serviceError { try await h.service.newVersion(pack: pack.id, creator: Self.creator, manifest: same, file: "v1.json") }
                == .versionNotNewer(current: 1, uploaded: 1))
            let v2 = PackManifest.json(
                name: "Starlight II", version: 2, characters: [.init(id: "nova", name: "Nova Prime", rarity: "legendary"), .init(id: "zed"), .init(id: "ash")])
            let change = try await h.service.newVersion(pack: pack.id, creator: Self.creator, manifest: v2, file: "v2.json")
            #expect(change.added == ["zed"] && change.updated == ["nova", "ash"] && change.retired == ["tam"])
            #expect(change.pack.version == 2 && change.pack.status == .published && change.pack.name == "Starlight II")
            let after = try await h.service.pool(Self.guild)
            #expect(after.version > before.version)
            #expect(after.characters.map(\.character).sorted() == ["ash", "nova", "zed"])
            #expect(after.characters.first { $0.character == "nova" }?.rarity == .legendary)
            let tam = try await h.service.store.readPacks { try await $0.packCharacter(pack: pack.id, character: "tam") }
            #expect(tam?.character.retired == true && tam?.isAvailable == false)
            #expect(try await h.events(.packPublished).map { $0.properties["version"] } == ["1", "2"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func searchAndFeatured(_ database: TestDatabase) async throws {
        let configuration = PackServiceConfiguration(pageSize: 2)
        try await ServiceHarness.with(database, configuration: configuration) { h in
            let cats = try await h.service.importPack(
                creator: Self.creator, manifest: PackManifest.json(name: "Space Cats", tags: ["felines"], characters: [.init(id: "a")]),
                file: "p.json")
            try await h.service.publish(pack: cats.id, creator: Self.creator)
            var ids: [PackID] = [cats.id]
            for name in ["Dragon Riders", "Moon Pirates", "Sea Witches"] {
                h.clock.advance(by: .seconds(10))
                ids.append(try await h.publishedPack(creator: Self.creator, name: name).id)
            }
            #expect(try await h.service.search("feline").entries.map(\.summary.pack.id) == [cats.id])
            #expect(try await h.service.search("PIRATE moon").entries.map(\.summary.pack.name) == ["Moon Pirates"])
            #expect(await serviceError { try await h.service.search("  !! ") } == .emptySearch)
            // Autocomplete: published packs by search, or the creator's own packs by name.
            #expect(try await h.service.autocomplete("moon").map(\.name) == ["Moon Pirates"])
            let draft = try await h.service.create(creator: Self.creator, name: "Moonlit Draft")
            #expect(try await h.service.autocomplete("MOON", creator: Self.creator.member).map(\.id) == [draft.id, ids[2]])
            #expect(try await h.service.autocomplete("moon", creator: Self.member(1).member).isEmpty)

            // Featured first (until its date), then the sort; pages of two.
            try await h.service.feature(pack: ids[1], until: h.now.advanced(by: .seconds(3_600)), by: MemberID(1))
            let first = try await h.service.browse(sort: .new, page: 0)
            #expect(first.entries.map(\.summary.pack.id) == [ids[1], ids[3]] && first.entries.map(\.featured) == [true, false] && first.hasMore)
            let second = try await h.service.browse(sort: .new, page: 1)
            #expect(second.entries.map(\.summary.pack.id) == [ids[2], ids[0]] && !second.hasMore)
            h.clock.advance(by: .seconds(3_600))
            #expect(try await h.service.browse(sort: .new).entries.map(\.summary.pack.id) == [ids[3], ids[2]])
            try await h.service.feature(pack: ids[0], by: MemberID(1))
            #expect(try await h.service.unfeature(pack: ids[0], by: MemberID(1)))
            #expect(try await h.service.unfeature(pack: ids[0], by: MemberID(1)) == false)
        }
    }

    @Test(arguments: TestDatabase.available)
    func leaderboardAndProfile(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let other = Self.member(90)
            let mine = try await h.publishedPack(creator: Self.creator, name: "Mine").id
            let theirs = try await h.publishedPack(creator: other, name: "Theirs").id
            for n in 1...3 { try await h.rolled(Self.member(n), theirs) }
            try await h.rolled(Self.member(1), mine)
            try await h.service.rate(pack: mine, by: Self.member(1), stars: 5)
            try await h.service.rate(pack: theirs, by: Self.member(2), stars: 1)
            try await h.service.refreshScores()
            #expect(try await h.service.leaderboard(by: .usage).map(\.creator) == [other.member, Self.creator.member])
            #expect(try await h.service.leaderboard(by: .rating).first?.creator == Self.creator.member)
            let profile = try await h.service.creatorProfile(Self.creator.member)
            #expect(profile.packs.map(\.pack.id) == [mine] && profile.ratingCount == 1 && profile.meanStars == 5 && profile.usage == 1)
            #expect(profile.verified == false)
            // Hidden packs leave the leaderboard.
            try await h.service.review(pack: theirs, action: .hide, by: MemberID(1))
            #expect(try await h.service.leaderboard(by: .usage).map(\.creator) == [Self.creator.member])
        }
    }
}
