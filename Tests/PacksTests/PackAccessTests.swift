import Clocks
import Foundation
import Gacha
import Packs
import Storage
import Synchronization
import Testing

/// Pack access end to end on each database: a creator's modes, subscriptions charged once under
/// double clicks and concurrency, renewals and a lapse across a virtual month on a `ManualClock`,
/// the Pro discount, and rolls and pulls that leave out Pro-only packs without Pro and lapsed
/// subscriptions, with the lapse told on the next roll. The points ledger invariant holds after each.
@Suite struct PackAccessTests {
    static let creator = PlayerID(guild: GuildID(1), member: MemberID(1000))
    static let manager = PlayerID(guild: GuildID(77), member: MemberID(2001))
    static let member = PlayerID(guild: GuildID(77), member: MemberID(2002))
    static let other = PlayerID(guild: GuildID(77), member: MemberID(2003))

    /// Who is Pro, switched by the test.
    final class ProMembers: Sendable {
        private let members = Mutex<Set<MemberID>>([])
        func set(_ member: MemberID, pro: Bool) {
            members.withLock { members in
                if pro { members.insert(member) } else { members.remove(member) }
            }
        }
        var check: ProStatus { { player, _ in self.members.withLock { $0.contains(player.member) } } }
    }

    /// The harness's pack service plus the game and pack access over the same store.
    struct World: Sendable {
        let h: ServiceHarness
        let packs: PackService
        let access: PackAccessService
        let game: GachaGame
        let pro: ProMembers

        static func with(_ database: TestDatabase, _ body: @Sendable (World) async throws -> Void) async throws {
            try await ServiceHarness.with(database) { h in
                let store = try #require(h.service.store as? any PackAccessStore & GachaStore)
                let pro = ProMembers()
                let provider = PackPoolProvider(store: store)
                let time = GameTime(clock: h.clock, epoch: ServiceHarness.epoch)
                let game = try GachaGame(
                    store: store, catalogue: try Catalogue.load(from: PackPoolProviderTests.catalogueURL()),
                    // Duplicates earn nothing here, so rolls leave balances as the subscriptions set them.
                    configuration: GachaConfiguration(
                        rolls: RollAllowanceRules(maxStored: 400, regenInterval: .seconds(60)),
                        conversion: ConversionValues(values: [:]), inventoryCap: 2_000),
                    random: SeededRandomSource(seed: 21), time: time, pools: provider, packDirectory: provider,
                    packAccess: PackAccessRules(isPro: pro.check))
                var packs = h.service
                packs.proStatus = pro.check
                let access = PackAccessService(
                    store: store, game: game, configuration: PackAccessConfiguration(proDiscountPercent: 25), isPro: pro.check, time: time)
                try await body(World(h: h, packs: packs, access: access, game: game, pro: pro))
                let discrepancies = try await store.readPacks { try await $0.ledgerDiscrepancies() }
                #expect(discrepancies.isEmpty, "the points ledger invariant")
            }
        }

        /// A published pack of 30 commons, enabled in the members' server, with `access`.
        func pack(_ name: String, access mode: PackAccess) async throws -> PackID {
            let pack = try await h.publishedPack(creator: PackAccessTests.creator, name: name, count: 30)
            try await access.setAccess(pack: pack.id, creator: PackAccessTests.creator, access: mode)
            pro.set(PackAccessTests.manager.member, pro: true)
            try await packs.enable(pack: pack.id, by: PackAccessTests.manager)
            pro.set(PackAccessTests.manager.member, pro: false)
            return pack.id
        }

        /// The packs `count` rolls of `player` drew from.
        func rolledPacks(_ player: PlayerID, count: Int, key: String) async throws -> (packs: Set<String>, lapses: [AccessLapse]) {
            var packs: Set<String> = []
            var lapses: [AccessLapse] = []
            for index in 0..<count {
                let result = try await game.rolls.roll(player, idempotencyKey: IdempotencyKey("\(key)-\(index)"))
                if let pack = result.character.pack?.packID { packs.insert(pack) }
                lapses += result.accessLapses ?? []
            }
            return (packs, lapses)
        }

        func balance(_ player: PlayerID) async throws -> Int64 {
            try await access.store.readPackAccess { try await $0.balance(player) }
        }

        func events(_ name: EventName) async throws -> [AnalyticsEvent] { try await h.events(name) }
    }

    @Test(arguments: TestDatabase.available)
    func aSubscribeChargesOnceUnderDoubleClicksAndConcurrency(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let pack = try await w.pack("Moonlit", access: .subscription(points: 100))
            _ = try await w.game.points.grant(Self.member, points: 250, reason: "test", idempotencyKey: "seed")
            let results = try await withThrowingTaskGroup(of: PackAccessService.Subscribed.self) { group in
                for _ in 0..<6 { group.addTask { try await w.access.subscribe(pack: pack, player: Self.member) } }
                return try await group.reduce(into: [PackAccessService.Subscribed]()) { $0.append($1) }
            }
            #expect(results.filter { $0.kind == .charged(points: 100, discounted: false) }.count == 1)
            #expect(results.filter { $0.kind == .alreadyActive }.count == 5)
            // A double click afterwards: still one charge.
            #expect(try await w.access.subscribe(pack: pack, player: Self.member).kind == .alreadyActive)
            #expect(try await w.balance(Self.member) == 150)
            let charges = try await w.access.store.readPackAccess { try await $0.recentLedgerEntries(Self.member, limit: 20) }
                .filter { $0.reason == .packSubscription }
            let subscription = try #require(try await w.access.store.readPackAccess { try await $0.subscription(Self.member, pack: pack) })
            #expect(charges.map(\.idempotencyKey) == [subscription.chargeKey(1)] && charges.map(\.amount) == [-100])
            #expect(subscription.periodEnd == w.h.now.advanced(by: .seconds(86_400 * 30)))
            let subscribed = try await w.events(.packSubscribed)
            #expect(subscribed.count == 1 && subscribed.first?.properties["price"] == "100")
        }
    }

    @Test(arguments: TestDatabase.available)
    func subscriptionsRenewAndLapseAcrossAVirtualMonth(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let pack = try await w.pack("Moonlit", access: .subscription(points: 100))
            _ = try await w.game.points.grant(Self.member, points: 250, reason: "test", idempotencyKey: "seed")
            try await w.access.subscribe(pack: pack, player: Self.member)
            #expect(try await w.balance(Self.member) == 150)
            // While subscribed, its characters roll.
            #expect(try await w.rolledPacks(Self.member, count: 80, key: "before").packs.contains(pack.rawValue))
            #expect(try await w.balance(Self.member) == 150)
            // Nothing is due before the period ends.
            w.h.clock.advance(by: .seconds(86_400 * 30 - 1))
            #expect(try await w.access.renewDue() == PackAccessService.RenewalReport())
            // At the end of the virtual month it renews, without drift, and a second sweep does nothing.
            w.h.clock.advance(by: .seconds(1))
            let first = try await w.access.renewDue()
            let renewed = try #require(first.renewed.first { $0.player == Self.member })
            #expect(renewed.period == 2 && !first.lapsed.contains { $0.player == Self.member })
            #expect(renewed.periodEnd == ServiceHarness.epoch.advanced(by: .seconds(86_400 * 60)))
            #expect(try await w.access.renewDue().renewed.isEmpty)
            #expect(try await w.balance(Self.member) == 50)
            #expect(try await w.events(.packSubscriptionRenewed).filter { $0.player == Self.member }.count == 1)

            // A month later 50 points are short of 100: it lapses, once, with its event.
            w.h.clock.advance(by: .seconds(86_400 * 30))
            let second = try await w.access.renewDue()
            #expect(!second.renewed.contains { $0.player == Self.member })
            #expect(second.lapsed.filter { $0.player == Self.member }.map(\.status) == [.lapsed])
            #expect(try await w.access.renewDue().lapsed.isEmpty)
            let lapsed = try await w.events(.packSubscriptionLapsed).filter { $0.player == Self.member }
            #expect(lapsed.count == 1 && lapsed.first?.properties["balance"] == "50" && lapsed.first?.properties["price"] == "100")
            #expect(try await w.balance(Self.member) == 50)

            // The next roll says why, with the usual ways to earn more; only once. Nothing more of the pack rolls.
            let after = try await w.rolledPacks(Self.member, count: 80, key: "after")
            #expect(!after.packs.contains(pack.rawValue))
            #expect(after.lapses.count == 1)
            #expect(after.lapses.first?.packName == "Moonlit" && after.lapses.first?.points.price == 100)
            #expect(after.lapses.first?.points.waysToEarn.isEmpty == false)
            // Owned characters stay owned.
            let owned = try await w.game.inventory.owned(Self.member).filter { $0.character.pack?.packID == pack.rawValue }
            #expect(!owned.isEmpty)
            // Subscribing again charges the next period's key.
            _ = try await w.game.points.grant(Self.member, points: 100, reason: "test", idempotencyKey: "top-up")
            let again = try await w.access.subscribe(pack: pack, player: Self.member)
            #expect(again.subscription.period == 3 && again.kind == .charged(points: 100, discounted: false))
        }
    }

    @Test(arguments: TestDatabase.available)
    func unsubscribingStopsRenewalButAccessRunsToThePeriodEnd(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let pack = try await w.pack("Moonlit", access: .subscription(points: 100))
            _ = try await w.game.points.grant(Self.member, points: 500, reason: "test", idempotencyKey: "seed")
            try await w.access.subscribe(pack: pack, player: Self.member)
            #expect(try await w.access.unsubscribe(pack: pack, player: Self.member).status == .cancelled)
            w.h.clock.advance(by: .seconds(86_400 * 29))
            #expect(try await w.rolledPacks(Self.member, count: 80, key: "running").packs.contains(pack.rawValue))
            #expect(try await w.access.subscriptions(Self.member).map(\.active) == [true])
            w.h.clock.advance(by: .seconds(86_400))
            let balance = try await w.balance(Self.member)
            #expect(try await w.access.renewDue() == PackAccessService.RenewalReport())
            #expect(try await w.balance(Self.member) == balance)
            #expect(!(try await w.rolledPacks(Self.member, count: 80, key: "ended").packs.contains(pack.rawValue)))
            #expect(try await w.access.subscriptions(Self.member).map(\.active) == [false])
            await #expect(throws: PackAccessError.notSubscribed(packName: "Moonlit")) {
                try await w.access.unsubscribe(pack: pack, player: Self.member)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aProMemberPaysTheDiscountAndShortPointsAreRefusedWithWaysToEarn(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let pack = try await w.pack("Moonlit", access: .subscription(points: 101))
            _ = try await w.game.points.grant(Self.member, points: 100, reason: "test", idempotencyKey: "seed")
            // 100 points are short of 101: the usual refusal, nothing charged, no subscription.
            do {
                try await w.access.subscribe(pack: pack, player: Self.member)
                Issue.record("expected insufficient points")
            } catch GachaError.insufficientPoints(let details) {
                #expect(details.price == 101 && details.balance == 100 && !details.waysToEarn.isEmpty)
            }
            #expect(try await w.access.store.readPackAccess { try await $0.subscription(Self.member, pack: pack) } == nil)
            // Pro pays 101 − ⌊101 × 25 %⌋ = 76.
            w.pro.set(Self.member.member, pro: true)
            let subscribed = try await w.access.subscribe(pack: pack, player: Self.member)
            #expect(subscribed.kind == .charged(points: 76, discounted: true))
            #expect(try await w.balance(Self.member) == 24)
            #expect(try await w.events(.packSubscribed).first?.properties["pro"] == "true")
        }
    }

    @Test(arguments: TestDatabase.available)
    func rollsAndPullsLeaveOutProOnlyPacksWithoutPro(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let free = try await w.pack("Open", access: .free)
            let proPack = try await w.pack("Gold", access: .pro)
            let subscription = try await w.pack("Moonlit", access: .subscription(points: 100))
            // Enabling a Pro-only pack needs Pro.
            let other = try await w.h.publishedPack(creator: Self.creator, name: "Velvet", count: 2)
            try await w.access.setAccess(pack: other.id, creator: Self.creator, access: .pro)
            await #expect(throws: PackAccessError.proRequired(packName: "Velvet")) {
                try await w.packs.enable(pack: other.id, by: Self.manager)
            }
            // Free member: only the free pack's characters roll.
            let rolled = try await w.rolledPacks(Self.member, count: 120, key: "free").packs
            #expect(rolled.contains(free.rawValue) && !rolled.contains(proPack.rawValue) && !rolled.contains(subscription.rawValue))
            _ = try await w.game.points.grant(Self.member, points: 1_000_000, reason: "test", idempotencyKey: "seed")
            for index in 0..<8 {
                let pull = try await w.game.pulls.purchasePull(Self.member, itemID: "pull_10", idempotencyKey: IdempotencyKey("p\(index)"))
                #expect(pull.items.allSatisfy { $0.character.pack?.packID != proPack.rawValue })
                _ = try await w.game.pulls.denyPull(pull.id, by: Self.member)
            }
            // Pro now: the Pro-only pack rolls too.
            w.pro.set(Self.member.member, pro: true)
            #expect(try await w.rolledPacks(Self.member, count: 120, key: "pro").packs.contains(proPack.rawValue))
            // The creator rolls their own packs whatever the mode.
            let creatorHere = PlayerID(guild: Self.manager.guild, member: Self.creator.member)
            let own = try await w.rolledPacks(creatorHere, count: 120, key: "own").packs
            #expect(own.contains(proPack.rawValue) && own.contains(subscription.rawValue))
            // Back to free: everyone rolls it again.
            try await w.access.setAccess(pack: proPack, creator: Self.creator, access: .free)
            #expect(try await w.rolledPacks(Self.other, count: 120, key: "freed").packs.contains(proPack.rawValue))
        }
    }

    @Test(arguments: TestDatabase.available)
    func onlyTheCreatorSetsAccessWithinThePriceBounds(_ database: TestDatabase) async throws {
        try await World.with(database) { w in
            let pack = try await w.h.publishedPack(creator: Self.creator, name: "Moonlit", count: 2)
            await #expect(throws: PackServiceError.notYourPack) {
                try await w.access.setAccess(pack: pack.id, creator: Self.member, access: .pro)
            }
            await #expect(throws: PackAccessError.priceOutOfRange(price: 5, minimum: 10, maximum: 100_000)) {
                try await w.access.setAccess(pack: pack.id, creator: Self.creator, access: .subscription(points: 5))
            }
            #expect(try await w.access.access(of: pack.id) == .free)
            try await w.access.setAccess(pack: pack.id, creator: Self.creator, access: .subscription(points: 10))
            #expect(try await w.access.access(of: pack.id) == .subscription(points: 10))
            // Subscribing needs the pack enabled here, and is not for its creator.
            _ = try await w.game.points.grant(Self.member, points: 100, reason: "test", idempotencyKey: "seed")
            await #expect(throws: PackAccessError.notEnabledHere(packName: "Moonlit")) {
                try await w.access.subscribe(pack: pack.id, player: Self.member)
            }
        }
    }

    @Test func theConfigurationFileIsCheckedFieldByField() throws {
        let parsed = try PackAccessConfiguration.parse(Data(#"{"proDiscountPercent": 30, "minimumPrice": 5}"#.utf8))
        #expect(parsed.proDiscountPercent == 30 && parsed.minimumPrice == 5 && parsed.maximumPrice == 100_000)
        #expect(parsed.price(10, pro: true) == 7 && parsed.price(10, pro: false) == 10 && parsed.price(1, pro: true) == 1)
        #expect(throws: PackAccessConfigurationError(file: "pack-access.json", field: "proDiscountPercent", problem: "must be 0 to 100, not 120")) {
            try PackAccessConfiguration.parse(Data(#"{"proDiscountPercent": 120}"#.utf8))
        }
        let error = #expect(throws: PackAccessConfigurationError.self) {
            try PackAccessConfiguration.parse(Data(#"{"minimumPrice": "ten"}"#.utf8), file: "Assets/pack-access.json")
        }
        #expect(error?.description.hasPrefix("Assets/pack-access.json: is not a JSON object") == true)
        #expect(throws: PackAccessConfigurationError.self) {
            try PackAccessConfiguration.parse(Data(#"{"minimumPrice": 50, "maximumPrice": 20}"#.utf8))
        }
        // The shipped file parses.
        var folder = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Assets/pack-access.json").path) {
            folder.deleteLastPathComponent()
            try #require(folder.path != "/")
        }
        _ = try PackAccessConfiguration.load(from: folder.appendingPathComponent("Assets/pack-access.json"))
    }
}
