import Clocks
import Economy
import Foundation
import Gacha
import Packs
import Storage
import Testing

/// The creators' side of the economy: the verification criteria at their edges, the queue's
/// idempotency, the free creators' cap under concurrent publishes, the verified badge in every
/// view, and creator notifications from the outbox with their retries. The ledger and money
/// invariants run after each.
public enum CreatorCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case criteriaEdges, queueIsIdempotent, publishCapUnderConcurrency, badgeInViews, notificationsFromOutbox,
        notificationRetriesThenGivesUp, memberPayoutRequest
    public var testDescription: String { rawValue }
}

struct CreatorCases<S: Store & PacksStore & EconomyStore>: Sendable where S.Transaction: PacksTransaction & EconomyTransaction {
    let store: S
    typealias F = Fixture
    typealias P = PackFixture

    static var creator: MemberID { MemberID(500) }
    static var other: MemberID { MemberID(501) }
    static var now: Timestamp { F.t0.advanced(by: .seconds(200 * 86_400)) }
    static var criteria: VerificationCriteria { VerificationCriteria() }

    func run(_ testCase: CreatorCase) async throws {
        switch testCase {
        case .criteriaEdges: try await criteriaEdges()
        case .queueIsIdempotent: try await queueIsIdempotent()
        case .publishCapUnderConcurrency: try await publishCapUnderConcurrency()
        case .badgeInViews: try await badgeInViews()
        case .notificationsFromOutbox: try await notificationsFromOutbox()
        case .notificationRetriesThenGivesUp: try await notificationRetriesThenGivesUp()
        case .memberPayoutRequest: try await memberPayoutRequest()
        }
    }

    // MARK: Helpers

    func insert(_ packs: PackRecord...) async throws {
        try await store.writePacks { tx in for pack in packs { try await tx.insertPack(pack) } }
    }

    /// `raters` members (ids from `firstRater`) each rate `pack` with `stars`.
    func rate(_ pack: String, raters: Range<UInt64>, stars: Int) async throws {
        try await store.writePacks { tx in
            for rater in raters {
                try await tx.upsertRating(
                    PackRating(pack: PackID(pack), member: MemberID(rater), guild: P.g1, stars: stars, review: nil, createdAt: F.t0), prior: P.prior)
            }
        }
    }

    func facts(_ creator: MemberID = Self.creator) async throws -> CreatorVerificationFacts {
        try await store.readEconomy { tx in
            try await tx.creatorVerificationFacts(creator, upheldSince: Self.now.advanced(by: .seconds(-Self.criteria.upheldReportWindowDays * 86_400)))
        }
    }

    func unmet() async throws -> [String] { Self.criteria.check(try await facts()).filter { !$0.met }.map(\.criterion) }

    // MARK: Cases

    func criteriaEdges() async throws {
        // Nothing published: every criterion but the reports fails, with the current values.
        let empty = Self.criteria.check(try await facts())
        #expect(empty.map(\.current) == ["0", "no ratings", "0", "0"])
        #expect(empty.map(\.met) == [false, false, false, true])

        // One published pack (a draft and another creator's pack do not count), 19 raters at 5★.
        try await insert(
            P.pack("a1"), P.pack("draft1", status: .draft), P.pack("o1", creator: Self.other), P.pack("a2", status: .draft))
        try await rate("a1", raters: 1..<20, stars: 5)
        try await rate("o1", raters: 100..<130, stars: 5)
        #expect(try await facts().publishedPacks == 1)
        #expect(try await unmet() == ["published packs", "distinct raters"])

        // The second pack published; rater 1 rating it too is still 19 distinct raters.
        try await store.writePacks { tx in
            var pack = try #require(try await tx.pack(PackID("a2")))
            pack.status = .published
            try await tx.updatePack(pack)
        }
        try await rate("a2", raters: 1..<2, stars: 5)
        #expect(try await facts().distinctRaters == 19)
        #expect(try await facts().ratingCount == 20)
        #expect(try await unmet() == ["distinct raters"])

        // The 20th distinct rater at 1★ pulls the mean to (19×5 + 5 + 1) / 21 = 4.81: all met.
        try await rate("a2", raters: 20..<21, stars: 1)
        #expect(try await facts().distinctRaters == 20)
        #expect(try await unmet() == [])

        // Exactly 4.0 passes, just under fails: 17 raters down from 5★ to 4★ make 84 over 21 ratings.
        try await rate("a1", raters: 1..<18, stars: 4)
        #expect(try await facts().ratingSum == 84)
        #expect(try await facts().ratingCount == 21)
        #expect(try await unmet() == [])
        // One star less (rater 18 from 5★ to 4★): 83 / 21 = 3.95, under.
        try await rate("a1", raters: 18..<19, stars: 4)
        #expect(try await unmet() == ["mean rating"])
        #expect(Self.criteria.check(try await facts())[1].current == "3.9")
        try await rate("a1", raters: 18..<19, stars: 5)

        // An operator's hide inside 90 days is an upheld report; one 91 days ago, or an automatic
        // hide pending review, is not.
        try await store.writePacks { tx in
            try await tx.appendAudit(PackAuditRecord(pack: PackID("a1"), actor: MemberID(1), action: .hide, reason: "", at: Self.now.advanced(by: .seconds(-91 * 86_400))))
            try await tx.appendAudit(PackAuditRecord(pack: PackID("a1"), actor: MemberID(0), action: .autoHide, reason: "", at: Self.now))
        }
        #expect(try await unmet() == [])
        try await store.writePacks { tx in
            try await tx.appendAudit(PackAuditRecord(pack: PackID("a2"), actor: MemberID(1), action: .remove, reason: "", at: Self.now.advanced(by: .seconds(-89 * 86_400))))
        }
        #expect(try await facts().upheldReports == 1)
        #expect(try await unmet() == ["upheld reports in the last 90 days"])
    }

    /// Two published packs, 20 raters at 5★: eligible.
    func makeEligible(_ creator: MemberID = Self.creator) async throws {
        let prefix = "e\(creator.rawValue)"
        try await insert(P.pack(prefix + "a", creator: creator), P.pack(prefix + "b", creator: creator))
        try await rate(prefix + "a", raters: 1..<21, stars: 5)
    }

    func queueIsIdempotent() async throws {
        let verification = CreatorVerification(store: store, criteria: Self.criteria)
        // Not eligible: not queued, the checks say why.
        guard case .notEligible(let checks) = try await verification.apply(Self.creator, now: Self.now) else {
            Issue.record("an empty creator was queued")
            return
        }
        #expect(checks.filter(\.met).count == 1)
        #expect(try await verification.queue().isEmpty)

        try await makeEligible()
        try await makeEligible(Self.other)
        // Applying at once from two places, then again: one entry, the first time kept.
        let outcomes = try await withThrowingTaskGroup(of: CreatorVerification.Outcome.self) { group in
            for offset in 0..<3 { group.addTask { try await verification.apply(Self.creator, now: Self.now.advanced(by: .seconds(Int64(offset)))) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .queued(true, _) = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .queued(false, _) = $0 { true } else { false } }.count == 2)
        _ = try await verification.apply(Self.other, now: Self.now.advanced(by: .seconds(10)))
        let queue = try await verification.queue()
        #expect(queue.map(\.creator) == [Self.creator, Self.other])
        #expect(queue.first?.appliedAt ?? Self.now >= Self.now)
        let requested = try await store.read { try await $0.analyticsEvents(player: nil, name: .creatorVerificationRequested, limit: 10) }
        #expect(requested.count == 2)

        // Verified: out of the queue, and applying says so.
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creator, verified: true, at: Self.now) })
        #expect(try await verification.queue().map(\.creator) == [Self.other])
        #expect(try await verification.apply(Self.creator, now: Self.now) == .alreadyVerified(since: Self.now))
    }

    func packService() -> PackService {
        let blobs = FileBlobStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("creator-cases-\(UUID().uuidString)"))
        return PackService(store: store, blobs: blobs, random: SeededRandomSource(seed: 5), time: GameTime { Self.now })
    }

    func publishCapUnderConcurrency() async throws {
        let service = packService()
        let drafts = (1...5).map { P.pack("cap\($0)", status: .draft) }
        try await store.writePacks { tx in
            for pack in drafts {
                try await tx.insertPack(pack)
                try await tx.upsertCharacters([P.character(pack.id.rawValue, "c")])
            }
        }
        try await service.publish(pack: PackID("cap1"), creator: PlayerID(guild: P.g1, member: Self.creator), cap: 3)
        // Four publishes at once under a cap of 3 with one pack published: exactly two pass.
        let results = await withTaskGroup(of: Result<PackRecord, any Error>.self) { group in
            for n in 2...5 {
                group.addTask {
                    do {
                        return .success(try await service.publish(pack: PackID("cap\(n)"), creator: PlayerID(guild: P.g1, member: Self.creator), cap: 3))
                    } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let passed = results.filter { if case .success = $0 { true } else { false } }.count
        let capped = results.filter { if case .failure(let error) = $0 { (error as? PackServiceError) == .publishCapReached(cap: 3) } else { false } }.count
        #expect(passed == 2)
        #expect(capped == 2)
        let published = try await store.readPacks { try await $0.packs(creator: Self.creator) }.filter { $0.status == .published }
        #expect(published.count == 3)
        // No cap (a Pro creator): the fourth publishes.
        let last = try #require(drafts.map(\.id).first { id in !published.contains { $0.id == id } })
        #expect(try await service.publish(pack: last, creator: PlayerID(guild: P.g1, member: Self.creator)).status == .published)
    }

    func badgeInViews() async throws {
        let service = packService()
        try await insert(
            P.pack("v1", name: "Verified dragons", tags: ["dragons"], published: 1),
            P.pack("u1", creator: Self.other, name: "Unverified dragons", tags: ["dragons"], published: 2))
        try await store.writePacks { tx in try await tx.refreshPackScores(asOf: Self.now, prior: P.prior) }
        func badges(_ page: PackPage) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: page.entries.map { ($0.summary.pack.id.rawValue, $0.creatorVerified) })
        }
        #expect(badges(try await service.browse(sort: .new)) == ["v1": false, "u1": false])
        #expect(try await service.creatorProfile(Self.creator).verified == false)
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creator, verified: true, at: Self.now) })
        #expect(badges(try await service.browse(sort: .new)) == ["v1": true, "u1": false])
        #expect(badges(try await service.search("dragons")) == ["v1": true, "u1": false])
        #expect(try await service.creatorProfile(Self.creator).verified)
        #expect(try await service.creatorProfile(Self.other).verified == false)
        #expect(try await store.readPacks { try await $0.verifiedCreators(among: [Self.creator, Self.other, Self.creator]) } == [Self.creator])
        #expect(try await store.readPacks { try await $0.verifiedCreators(among: []) }.isEmpty)
    }

    func append(_ name: EventName, by member: MemberID, at time: Timestamp = Self.now, _ properties: [String: String]) async throws {
        try await store.write { tx in
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: name, player: PlayerID(guild: P.g1, member: member), at: time, properties: properties))
        }
    }

    func notificationsFromOutbox() async throws {
        let notifier = CreatorNotifier(store: store)
        try await insert(P.pack("n1", name: "Sea <@&1> @everyone"))
        try await append("pack_rated", by: MemberID(70), ["pack": "n1", "stars": "4"])
        try await append("pack_reported", by: MemberID(71), ["pack": "n1", "reason": "spam"])
        try await append("pack_hidden", by: MemberID(1), ["pack": "n1", "by": "operator"])
        try await append("pack_restored", by: MemberID(1), ["pack": "n1", "by": "operator"])
        try await append("payout_paid", by: Self.creator, ["payout": "po_1", "amount": "12345", "currency": "usd"])
        try await append("payout_failed", by: Self.creator, ["payout": "po_2", "amount": "10000", "currency": "usd"])
        try await append("referral_converted", by: MemberID(72), ["creator": String(Self.creator.rawValue), "pack": "n1", "amount": "150", "currency": "usd"])
        // Not for creators, an unknown pack, a day-old event: no notification.
        try await append("pack_enabled", by: MemberID(70), ["pack": "n1"])
        try await append("pack_rated", by: MemberID(70), ["pack": "nope", "stars": "5"])
        try await append("pack_rated", by: MemberID(70), at: Self.now.advanced(by: .seconds(-2 * 86_400)), ["pack": "n1", "stars": "1"])

        #expect(try await notifier.collect(now: Self.now) == 7)
        #expect(try await notifier.collect(now: Self.now) == 0)
        let recorded = try await notifier.notifications(creator: Self.creator)
        #expect(Set(recorded.map(\.kind)) == Set(CreatorNotificationKind.allCases))
        #expect(recorded.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.nextAttemptAt == Self.now })
        #expect(recorded.first { $0.kind == .rated }?.subject == "Sea <@&1> @everyone")
        #expect(recorded.first { $0.kind == .rated }?.detail == "4")
        #expect(recorded.first { $0.kind == .payoutPaid }?.detail == "123.45 USD")
        #expect(try await notifier.due(now: Self.now).count == 7)

        // A kind turned off records nothing more of that kind; the others go on.
        try await notifier.set(.rated, enabled: false, creator: Self.creator, at: Self.now)
        #expect(try await notifier.disabledKinds(Self.creator) == [.rated])
        try await append("pack_rated", by: MemberID(73), ["pack": "n1", "stars": "5"])
        try await append("pack_reported", by: MemberID(73), ["pack": "n1", "reason": "other"])
        #expect(try await notifier.collect(now: Self.now) == 1)
        #expect(try await notifier.notifications(creator: Self.creator, limit: 1).first?.kind == .reported)
        #expect(try await notifier.notifications(creator: Self.other).isEmpty)

        // A small batch with a full overlap behind the cursor still drains every new event.
        for stars in 1...5 { try await append("pack_reported", by: MemberID(80 + UInt64(stars)), ["pack": "n1", "reason": "spam"]) }
        let small = CreatorNotifier(store: store, batch: 2, overlap: 3)
        var drained = 0
        for _ in 0..<10 {
            let recorded = try await small.collect(now: Self.now)
            if recorded == 0 { break }
            drained += recorded
        }
        #expect(drained == 5)
        #expect(try await notifier.collect(now: Self.now) == 0)
        try await notifier.set(.rated, enabled: true, creator: Self.creator, at: Self.now)
        #expect(try await notifier.disabledKinds(Self.creator).isEmpty)
    }

    func notificationRetriesThenGivesUp() async throws {
        let policy = NotificationRetryPolicy(maxAttempts: 3, firstDelay: .seconds(60))
        let notifier = CreatorNotifier(store: store, policy: policy)
        try await insert(P.pack("r1"))
        try await append("pack_rated", by: MemberID(70), ["pack": "r1", "stars": "5"])
        try await append("pack_rated", by: MemberID(71), ["pack": "r1", "stars": "3"])
        #expect(try await notifier.collect(now: Self.now) == 2)
        var due = try await notifier.due(now: Self.now)
        #expect(due.count == 2)
        try await notifier.delivered(due[1], at: Self.now)

        // 50007, then backoff 60 s, 120 s, then given up after the third attempt.
        var failing = due[0]
        failing = try await notifier.failed(failing, error: "HTTP 403, code 50007: Cannot send messages to this user", at: Self.now)
        #expect(failing.status == .pending && failing.attempts == 1 && failing.nextAttemptAt == Self.now.advanced(by: .seconds(60)))
        #expect(try await notifier.due(now: Self.now.advanced(by: .seconds(59))).isEmpty)
        due = try await notifier.due(now: Self.now.advanced(by: .seconds(60)))
        #expect(due.map(\.eventID) == [failing.eventID])
        failing = try await notifier.failed(due[0], error: "HTTP 403, code 50007", at: Self.now.advanced(by: .seconds(60)))
        #expect(failing.nextAttemptAt == Self.now.advanced(by: .seconds(180)))
        #expect(try await notifier.due(now: Self.now.advanced(by: .seconds(179))).isEmpty)
        due = try await notifier.due(now: Self.now.advanced(by: .seconds(180)))
        failing = try await notifier.failed(due[0], error: "HTTP 403, code 50007", at: Self.now.advanced(by: .seconds(180)))
        #expect(failing.status == .failed && failing.attempts == 3 && failing.nextAttemptAt == nil)
        #expect(try await notifier.due(now: Self.now.advanced(by: .seconds(86_400 * 365))).isEmpty)
        let stored = try await notifier.notifications(creator: Self.creator)
        #expect(stored.map(\.status) == [.sent, .failed])
        #expect(stored.last?.lastError == "HTTP 403, code 50007")
    }

    func memberPayoutRequest() async throws {
        var configuration = EconomyConfiguration()
        configuration.payoutMinimum = 10_000
        configuration.payoutHoldDays = 30
        let service = PayoutService(store: store, configuration: configuration)
        func credit(_ key: String, _ amount: Int64, at time: Timestamp) async throws {
            _ = try await store.writeEconomy { tx in
                try await tx.postMoneyTransaction(
                    MoneyTransaction(
                        idempotencyKey: key, kind: .allocation, reference: key, user: Self.creator, at: time,
                        entries: [
                            MoneyEntry(account: .platformRevenue, currency: "usd", amount: amount),
                            MoneyEntry(account: .creatorPayable(Self.creator), currency: "usd", amount: -amount),
                        ]))
            }
        }
        try await credit("allocation:old", 7_000, at: Self.now.advanced(by: .seconds(-40 * 86_400)))
        try await credit("allocation:new", 5_000, at: Self.now.advanced(by: .seconds(-5 * 86_400)))
        // 70.00 payable, 50.00 in the hold: 30.00 missing, nothing moves.
        await #expect(throws: EconomyError.belowPayoutMinimum(currency: "usd", payable: 7_000, minimum: 10_000, held: 5_000)) {
            _ = try await service.requestPayout(creator: Self.creator, currency: "usd", now: Self.now)
        }
        #expect(EconomyError.belowPayoutMinimum(currency: "usd", payable: 7_000, minimum: 10_000, held: 5_000).description.contains("30.00 USD missing"))
        #expect(try await store.readEconomy { try await $0.payouts(status: nil, creator: Self.creator) }.isEmpty)

        // After the hold: 120.00 payable, requested by the creator, then failed and returned.
        let later = Self.now.advanced(by: .seconds(30 * 86_400))
        let payout = try await service.requestPayout(creator: Self.creator, currency: "usd", now: later)
        #expect(payout.amount == 12_000 && payout.status == .pending)
        let events = try await store.read { try await $0.analyticsEvents(player: nil, name: "payout_requested", limit: 10) }
        #expect(events.map { $0.properties["amount"] } == ["12000"])
        _ = try await service.fail(payout.id, now: later)
        let failed = try await store.read { try await $0.analyticsEvents(player: nil, name: "payout_failed", limit: 10) }
        #expect(failed.map { $0.properties["payout"] } == [payout.id])
        #expect(try await store.readEconomy { try await $0.moneyBalances(.creatorPayable(Self.creator)) } == ["usd": -12_000])
    }
}
