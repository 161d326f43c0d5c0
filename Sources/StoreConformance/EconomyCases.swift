import Economy
import Foundation
import Packs
import Premium
import Storage
import Testing

/// The creator economy's cases: the money ledger's balance and uniqueness rules, the monthly
/// allocation (hand-computed, idempotent, once under a race), refunds, payouts' state machine and
/// Stripe's money booked in the webhook's transaction. The money invariant runs after each.
public enum EconomyCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case moneyLedger, unbalancedAndDebitPayableRefused, allocationHandComputed, allocationRerunChangesNothing,
        concurrentAllocations, refundsReduceNextPool, payoutStateMachine, concurrentPayoutRequests, webhookBooksRevenueAndRefunds,
        allocationRefusesUnfinishedMonth, verifiedCreators
    public var testDescription: String { rawValue }
}

struct EconomyCases<S: Store & PacksStore & PremiumStore & EconomyStore>: Sendable
where S.Transaction: PacksTransaction & PremiumTransaction & EconomyTransaction {
    let store: S
    let serializesWriters: Bool
    let recordDraws: @Sendable ([TestPackDraw]) async throws -> Void
    typealias F = Fixture

    // 2023-11 holds Fixture.t0 (2023-11-14). `try!` on purpose: these literals always parse, and
    // a typo would stop every economy case at once, which is the clearest failure a fixture can give.
    static var november: AllocationMonth { try! AllocationMonth("2023-11") }
    static var december: AllocationMonth { try! AllocationMonth("2023-12") }
    static var afterNovember: Timestamp { november.end.advanced(by: .seconds(3600)) }
    static var day: Int64 { F.t0.utcDay }
    static var fan: MemberID { MemberID(70) }
    static var otherFan: MemberID { MemberID(71) }
    static var freeMember: MemberID { MemberID(72) }
    static var creatorA: MemberID { MemberID(500) }
    static var creatorB: MemberID { MemberID(501) }
    static var creatorC: MemberID { MemberID(502) }

    /// Guards that would hide the arithmetic are off unless a case turns them on.
    static var configuration: EconomyConfiguration {
        var configuration = EconomyConfiguration()
        configuration.minimumAccountAgeDays = 0
        configuration.dailyEngagementCap = 100
        return configuration
    }

    func run(_ testCase: EconomyCase) async throws {
        switch testCase {
        case .moneyLedger: try await moneyLedger()
        case .unbalancedAndDebitPayableRefused: try await unbalancedAndDebitPayableRefused()
        case .allocationHandComputed: try await allocationHandComputed()
        case .allocationRerunChangesNothing: try await allocationRerunChangesNothing()
        case .concurrentAllocations: try await concurrentAllocations()
        case .refundsReduceNextPool: try await refundsReduceNextPool()
        case .payoutStateMachine: try await payoutStateMachine()
        case .concurrentPayoutRequests: try await concurrentPayoutRequests()
        case .webhookBooksRevenueAndRefunds: try await webhookBooksRevenueAndRefunds()
        case .allocationRefusesUnfinishedMonth: try await allocationRefusesUnfinishedMonth()
        case .verifiedCreators: try await verifiedCreators()
        }
    }

    // MARK: Helpers

    static func revenue(_ key: String, _ amount: Int64, _ currency: String = "usd", user: MemberID?, at: Timestamp = F.t0) -> MoneyTransaction {
        MoneyTransaction(
            idempotencyKey: key, kind: .revenue, reference: key, user: user, at: at,
            entries: [
                MoneyEntry(account: .stripeClearing, currency: currency, amount: amount),
                MoneyEntry(account: .platformRevenue, currency: currency, amount: -amount),
            ])
    }

    func post(_ transactions: MoneyTransaction...) async throws {
        let posted = try await store.writeEconomy { tx -> [Bool] in
            var posted: [Bool] = []
            for t in transactions { posted.append(try await tx.postMoneyTransaction(t)) }
            return posted
        }
        #expect(posted.allSatisfy { $0 }, "every transaction is new")
    }

    func balance(_ account: MoneyAccount, _ currency: String = "usd") async throws -> Int64 {
        try await store.readEconomy { try await $0.moneyBalances(account)[currency] ?? 0 }
    }

    /// Creators A and B have published packs, C a draft; the fans draw from them.
    func seedPacks() async throws {
        try await store.writePacks { tx in
            try await tx.insertPack(PackFixture.pack("pa1", creator: Self.creatorA))
            try await tx.insertPack(PackFixture.pack("pa2", creator: Self.creatorA))
            try await tx.insertPack(PackFixture.pack("pb1", creator: Self.creatorB))
            try await tx.insertPack(PackFixture.pack("pc1", status: .draft, creator: Self.creatorC))
        }
    }

    static func draw(_ member: MemberID, _ pack: String, day: Int64? = nil, guild: GuildID = GuildID(7)) -> TestPackDraw {
        TestPackDraw(player: PlayerID(guild: guild, member: member), pack: PackID(pack), day: day ?? Self.day)
    }

    func allocator(_ configuration: EconomyConfiguration? = nil) -> RevenueAllocator {
        RevenueAllocator(store: store, configuration: configuration ?? Self.configuration)
    }

    // MARK: Cases

    func moneyLedger() async throws {
        let first = Self.revenue("in_1", 999, user: Self.fan)
        try await post(first)
        // The same key again: refused without a change, the first one kept.
        #expect(try await store.writeEconomy { try await $0.postMoneyTransaction(Self.revenue("in_1", 5, user: nil)) } == false)
        #expect(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "in_1") } == first)
        #expect(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "in_2") } == nil)
        try await post(Self.revenue("in_2", 1_000, "eur", user: nil, at: F.t0.advanced(by: .seconds(10))))
        #expect(try await store.readEconomy { try await $0.moneyBalances(.platformRevenue) } == ["usd": -999, "eur": -1_000])
        #expect(try await store.readEconomy { try await $0.moneyTransactions(reference: "in_2") }.map(\.idempotencyKey) == ["in_2"])
        // Totals honour the window and the kind.
        let window = try await store.readEconomy {
            try await $0.moneyTotals(.platformRevenue, kind: .revenue, from: F.t0, to: F.t0.advanced(by: .seconds(10)))
        }
        #expect(window == ["usd": -999])
        #expect(try await store.readEconomy { try await $0.moneyTotals(.platformRevenue, kind: .refund, from: F.t0, to: Self.afterNovember) }.isEmpty)
        // Postings: newest first.
        let postings = try await store.readEconomy { try await $0.moneyPostings(.stripeClearing, limit: 10) }
        #expect(postings.map(\.idempotencyKey) == ["in_2", "in_1"])
        #expect(postings.map(\.entry.amount) == [1_000, 999])
    }

    func unbalancedAndDebitPayableRefused() async throws {
        let unbalanced = MoneyTransaction(
            idempotencyKey: "bad", kind: .revenue, reference: "x", user: nil, at: F.t0,
            entries: [
                MoneyEntry(account: .stripeClearing, currency: "usd", amount: 100),
                MoneyEntry(account: .platformRevenue, currency: "usd", amount: -99),
            ])
        #expect(unbalanced.problem?.contains("does not balance in usd: off by 1") == true)
        await #expect(throws: StoreError.self) { try await store.writeEconomy { try await $0.postMoneyTransaction(unbalanced) } }
        // Balanced in total but not per currency.
        let mixed = MoneyTransaction(
            idempotencyKey: "mixed", kind: .revenue, reference: "x", user: nil, at: F.t0,
            entries: [
                MoneyEntry(account: .stripeClearing, currency: "usd", amount: 100),
                MoneyEntry(account: .platformRevenue, currency: "eur", amount: -100),
            ])
        await #expect(throws: StoreError.self) { try await store.writeEconomy { try await $0.postMoneyTransaction(mixed) } }

        // A creator is owed 50; taking 60 from the payable is refused, and the whole write with it.
        let credit = MoneyTransaction(
            idempotencyKey: "credit", kind: .allocation, reference: "a", user: Self.creatorA, at: F.t0,
            entries: [
                MoneyEntry(account: .platformRevenue, currency: "usd", amount: 50),
                MoneyEntry(account: .creatorPayable(Self.creatorA), currency: "usd", amount: -50),
            ])
        try await post(credit)
        let overdraw = MoneyTransaction(
            idempotencyKey: "overdraw", kind: .payoutRequested, reference: "po", user: Self.creatorA, at: F.t0,
            entries: [
                MoneyEntry(account: .creatorPayable(Self.creatorA), currency: "usd", amount: 60),
                MoneyEntry(account: .payouts, currency: "usd", amount: -60),
            ])
        await #expect(throws: StoreError.self) {
            try await store.writeEconomy { tx in
                _ = try await tx.postMoneyTransaction(Self.revenue("in_rolled_back", 10, user: nil))
                _ = try await tx.postMoneyTransaction(overdraw)
            }
        }
        #expect(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "in_rolled_back") } == nil)
        #expect(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "bad") } == nil)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -50)
        let payables = try await store.readEconomy { try await $0.creatorPayables() }
        #expect(payables.map { $0.account } == [.creatorPayable(Self.creatorA)])
        #expect(payables.map { $0.balance } == [-50])
    }

    /// Hand-computed: $100.00 and €33.33 of revenue; the fan drew A's packs on two days (two
    /// packs on the first) and B's on one, so A has 3 units and B 1.
    ///   usd: pool = 30% of 10000 = 3000; A 2250 (fee 337, credit 1913), B 750 (fee 112, credit 638)
    ///   eur: pool = floor(3333 × 0.3) = 999; A 999×3/4 = 749.25, B 249.75: the left-over cent goes
    ///        to B (remainder .75 > .25): A 749 (fee 112, credit 637), B 250 (fee 37, credit 213)
    /// Excluded: a non-Pro member, creator A drawing their own pack, a draft pack.
    func allocationHandComputed() async throws {
        try await seedPacks()
        try await post(
            Self.revenue("in_usd", 10_000, user: Self.fan), Self.revenue("in_eur", 3_333, "eur", user: Self.otherFan),
            Self.revenue("in_a", 1, "gbp", user: Self.creatorA))
        try await recordDraws([
            Self.draw(Self.fan, "pa1"), Self.draw(Self.fan, "pa2"), Self.draw(Self.fan, "pa1", day: Self.day + 1),
            Self.draw(Self.fan, "pa1", guild: GuildID(8)),  // another guild, same member-day: counted once
            Self.draw(Self.otherFan, "pb1"),
            Self.draw(Self.freeMember, "pb1"),  // not Pro
            Self.draw(Self.creatorA, "pa1"),  // own pack
            Self.draw(Self.fan, "pc1"),  // draft
            Self.draw(Self.fan, "pb1", day: Self.december.firstDay),  // next month
        ])
        let outcome = try await allocator().allocate(Self.november, now: Self.afterNovember)
        #expect(outcome.applied)
        let report = outcome.report
        #expect(report.excluded.notPro == 1)
        #expect(report.excluded.ownPacks == 1)
        #expect(report.creators.map(\.creator) == [Self.creatorA.rawValue, Self.creatorB.rawValue])
        #expect(report.creators.map(\.engagement) == [3_000, 1_000])
        #expect(report.currencies.map(\.currency) == ["eur", "gbp", "usd"])
        let usd = try #require(report.currencies.last)
        #expect(usd.pool == 3_000)
        #expect(usd.lines.map(\.share) == [2_250, 750])
        #expect(usd.lines.map(\.fee) == [337, 112])
        #expect(usd.lines.map(\.credit) == [1_913, 638])
        let eur = try #require(report.currencies.first)
        #expect(eur.pool == 999)
        #expect(eur.lines.map(\.share) == [749, 250])
        #expect(eur.lines.map(\.fee) == [112, 37])
        #expect(eur.lines.map(\.credit) == [637, 213])
        #expect(eur.unallocated == 0)
        // 1 penny of revenue makes a pool of 0: nothing shared, nothing posted.
        #expect(report.currencies[1].pool == 0 && report.currencies[1].lines.isEmpty)

        #expect(try await balance(.creatorPayable(Self.creatorA)) == -1_913)
        #expect(try await balance(.creatorPayable(Self.creatorB)) == -638)
        #expect(try await balance(.creatorPayable(Self.creatorA), "eur") == -637)
        #expect(try await balance(.platformFee) == -(337 + 112))
        #expect(try await balance(.platformRevenue) == -10_000 + 3_000)
        #expect(try await balance(.platformRevenue, "eur") == -3_333 + 999)
        #expect(try await balance(.platformRevenue, "gbp") == -1)
        let events = try await store.read { try await $0.analyticsEvents(player: nil, name: "revenue_allocated", limit: 10) }
        #expect(events.count == 4)
    }

    func allocationRerunChangesNothing() async throws {
        try await seedPacks()
        try await post(Self.revenue("in_usd", 12_345, user: Self.fan))
        try await recordDraws([Self.draw(Self.fan, "pa1"), Self.draw(Self.fan, "pb1"), Self.draw(Self.fan, "pb1", day: Self.day + 2)])
        let first = try await allocator().allocate(Self.november, now: Self.afterNovember)
        #expect(first.applied)
        let postings = try await store.readEconomy { try await $0.moneyPostings(.platformRevenue, limit: 100) }
        // New revenue and draws after the run change nothing for the month already allocated,
        // and neither does a different configuration.
        try await post(Self.revenue("in_late", 50_000, user: Self.fan, at: F.t0.advanced(by: .seconds(60))))
        try await recordDraws([Self.draw(Self.fan, "pa2", day: Self.day + 3)])
        var other = Self.configuration
        other.creatorPoolBasisPoints = 9_000
        let second = try await allocator(other).allocate(Self.november, now: Self.afterNovember.advanced(by: .seconds(86_400)))
        #expect(second.applied == false)
        #expect(second.report == first.report)
        #expect(second.report.render() == first.report.render())
        let after = try await store.readEconomy { try await $0.moneyPostings(.platformRevenue, limit: 100) }
        #expect(after.count == postings.count + 1)  // only the late revenue
        #expect(try await store.read { try await $0.analyticsEvents(player: nil, name: "revenue_allocated", limit: 10) }.count == 2)
    }

    func concurrentAllocations() async throws {
        try await seedPacks()
        try await post(Self.revenue("in_usd", 10_001, user: Self.fan))
        try await recordDraws([Self.draw(Self.fan, "pa1"), Self.draw(Self.fan, "pb1")])
        let allocator = allocator()
        let outcomes = try await withThrowingTaskGroup(of: RevenueAllocator.Outcome.self) { group in
            for _ in 0..<4 { group.addTask { try await allocator.allocate(Self.november, now: Self.afterNovember) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter(\.applied).count == 1)
        #expect(outcomes.allSatisfy { $0.report == outcomes[0].report })
        // pool 3000 (floor of 3000.3), split 1500/1500, fee 225 each.
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -1_275)
        #expect(try await balance(.creatorPayable(Self.creatorB)) == -1_275)
        #expect(try await balance(.platformFee) == -450)
    }

    func refundsReduceNextPool() async throws {
        try await seedPacks()
        let inDecember = F.t0.advanced(by: .seconds(30 * 86_400))  // 2023-12-14
        #expect(inDecember >= Self.december.start && inDecember < Self.december.end)
        let novemberPayment = StripeMoneyMovement(
            kind: .invoicePaid, eventID: "evt_1", objectID: "in_nov", user: Self.fan, amount: 10_000, currency: "usd", at: F.t0)
        let decemberPayment = StripeMoneyMovement(
            kind: .invoicePaid, eventID: "evt_2", objectID: "in_dec", user: Self.fan, amount: 10_000, currency: "usd", at: inDecember)
        // Stripe reports the running total: 3000, then 4000 (1000 more), then 3000 again late.
        let refunds = [Int64(3_000), 4_000, 3_000].enumerated().map { index, total in
            StripeMoneyMovement(
                kind: .chargeRefunded, eventID: "evt_r\(index)", objectID: "ch_nov", user: Self.fan, amount: total, currency: "usd",
                at: inDecember)
        }
        try await store.writeEconomy { tx in
            for movement in [novemberPayment, decemberPayment] + refunds + [novemberPayment] {
                try await EconomyRevenueRecorder.record(movement, in: tx)
            }
        }
        #expect(try await balance(.refunds) == 4_000)
        #expect(try await balance(.stripeClearing) == 20_000 - 4_000)
        try await recordDraws([Self.draw(Self.fan, "pa1"), Self.draw(Self.fan, "pa1", day: Self.december.firstDay)])
        let november = try await allocator().allocate(Self.november, now: Self.afterNovember)
        #expect(november.report.currencies.first?.pool == 3_000)
        // December: 10000 of revenue less the 4000 refunded of November's payment.
        let december = try await allocator().allocate(Self.december, now: Self.december.end)
        let usd = try #require(december.report.currencies.first)
        #expect(usd.revenue == 10_000 && usd.refunds == 4_000 && usd.net == 6_000 && usd.pool == 1_800)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -(2_550 + 1_530))
    }

    func payoutStateMachine() async throws {
        var configuration = Self.configuration
        configuration.payoutMinimum = 1_000
        configuration.payoutHoldDays = 30
        let credited = Self.afterNovember
        try await store.writeEconomy { tx in
            for (creator, amount) in [(Self.creatorA, Int64(1_500)), (Self.creatorB, 999)] {
                _ = try await tx.postMoneyTransaction(
                    MoneyTransaction(
                        idempotencyKey: "allocation:test:\(creator.rawValue)", kind: .allocation, reference: "allocation:test", user: creator,
                        at: credited,
                        entries: [
                            MoneyEntry(account: .platformRevenue, currency: "usd", amount: amount),
                            MoneyEntry(account: .creatorPayable(creator), currency: "usd", amount: -amount),
                        ]))
            }
        }
        let service = PayoutService(store: store, configuration: configuration)
        // Inside the hold: nothing is payable yet.
        #expect(try await service.requestPayouts(now: credited.advanced(by: .seconds(29 * 86_400))).isEmpty)
        let earnings = try await CreatorEarnings.load(
            Self.creatorA, configuration: configuration, now: credited.advanced(by: .seconds(86_400)), store: store)
        #expect(earnings.earnings.map(\.pending) == [1_500])
        #expect(earnings.earnings.map(\.payable) == [0])
        // After the hold: A's 1500 reaches the minimum, B's 999 does not.
        let matured = credited.advanced(by: .seconds(31 * 86_400))
        let requested = try await service.requestPayouts(now: matured)
        #expect(requested.map(\.creator) == [Self.creatorA])
        #expect(requested.map(\.amount) == [1_500])
        #expect(requested.map(\.status) == [.pending])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == 0)
        #expect(try await balance(.payouts) == -1_500)
        // Nothing more to request while it is pending.
        #expect(try await service.requestPayouts(now: matured.advanced(by: .seconds(1))).isEmpty)

        // pending → failed returns the money; a second settlement is refused.
        let id = requested[0].id
        let failed = try await service.fail(id, now: matured)
        #expect(failed.status == .failed)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -1_500)
        #expect(try await balance(.payouts) == 0)
        await #expect(throws: EconomyError.payoutNotPending(id: id, status: .failed)) {
            _ = try await service.markPaid(id, reference: "tr_1", now: matured)
        }
        await #expect(throws: EconomyError.payoutNotFound("po_missing")) { _ = try await service.fail("po_missing", now: matured) }

        // A new request, paid: the money leaves Stripe's balance.
        let again = try await service.requestPayouts(now: matured.advanced(by: .seconds(60)))
        #expect(again.map(\.amount) == [1_500])
        let paid = try await service.markPaid(again[0].id, reference: "bank-42", now: matured.advanced(by: .seconds(120)))
        #expect(paid.status == .paid && paid.reference == "bank-42")
        #expect(try await store.readEconomy { try await $0.payout(again[0].id) } == paid)
        #expect(try await balance(.payouts) == 0)
        #expect(try await balance(.stripeClearing) == -1_500)
        await #expect(throws: EconomyError.payoutNotPending(id: again[0].id, status: .paid)) {
            _ = try await service.fail(again[0].id, now: matured)
        }
        #expect(try await store.readEconomy { try await $0.payouts(status: nil, creator: Self.creatorA) }.map(\.status) == [.paid, .failed])
        #expect(try await store.readEconomy { try await $0.payouts(status: .pending, creator: nil) }.isEmpty)
        let final = try await CreatorEarnings.load(Self.creatorA, configuration: configuration, now: matured, store: store)
        #expect(final.earnings.map(\.paid) == [1_500])
        #expect(final.earnings.map(\.payable) == [0])
    }

    func concurrentPayoutRequests() async throws {
        var configuration = Self.configuration
        configuration.payoutMinimum = 100
        configuration.payoutHoldDays = 0
        try await post(
            MoneyTransaction(
                idempotencyKey: "allocation:test", kind: .allocation, reference: "allocation:test", user: Self.creatorA, at: F.t0,
                entries: [
                    MoneyEntry(account: .platformRevenue, currency: "usd", amount: 5_000),
                    MoneyEntry(account: .creatorPayable(Self.creatorA), currency: "usd", amount: -5_000),
                ]))
        let service = PayoutService(store: store, configuration: configuration)
        let results = try await withThrowingTaskGroup(of: [PayoutRecord].self) { group in
            for offset in 1...4 { group.addTask { try await service.requestPayouts(now: F.t0.advanced(by: .seconds(Int64(offset)))) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        // The balance is paid out once, whichever request won.
        #expect(results.count == 1)
        #expect(results.map(\.amount) == [5_000])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == 0)
    }

    func webhookBooksRevenueAndRefunds() async throws {
        let processor = StripeWebhookProcessor(
            store: store, now: { F.t0 }, money: EconomyRevenueRecorder())
        let metadata = StripeEventBuilder.discordMetadata(user: Self.fan.rawValue, guild: 7)
        let invoice = StripeEventBuilder.invoice(
            id: "in_1", customer: "cus_1", subscription: "sub_1", metadata: metadata, amountPaid: 499, amountDue: 499,
            billingReason: "subscription_create", periodStart: 1_700_000_000, periodEnd: 1_702_592_000)
        let paid = StripeEventBuilder.event(id: "evt_paid", type: "invoice.paid", created: 1_700_000_000, object: invoice)
        #expect(try await processor.process(paid) == .applied)
        #expect(try await processor.process(paid) == .duplicate)
        let booked = try #require(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "stripe-invoice:in_1") })
        #expect(booked.user == Self.fan && booked.kind == .revenue)
        #expect(try await balance(.platformRevenue) == -499)
        // The same invoice in another event (a resend) is booked once.
        let resent = StripeEventBuilder.event(id: "evt_paid_again", type: "invoice.paid", created: 1_700_000_001, object: invoice)
        #expect(try await processor.process(resent) == .applied)
        #expect(try await balance(.platformRevenue) == -499)
        // With the customer linked (as checkout does), a refund without metadata finds the member.
        _ = try await store.writePremium {
            try await $0.linkStripeCustomer(StripeCustomerRecord(customerID: "cus_1", user: Self.fan, guild: GuildID(7), createdAt: F.t0))
        }
        let charge = StripeEventBuilder.charge(
            id: "ch_1", customer: "cus_1", amount: 499, amountRefunded: 200, paymentIntent: "pi_1", created: 1_700_000_000)
        let refund = StripeEventBuilder.event(id: "evt_refund", type: "charge.refunded", created: 1_700_000_100, object: charge)
        #expect(try await processor.process(refund) == .applied)
        #expect(try await balance(.refunds) == 200)
        #expect(try await store.readEconomy { try await $0.moneyTransactions(reference: "ch_1") }.first?.user == Self.fan)
        // Without a money recorder, refunds stay ignored (as before the economy existed).
        let plain = StripeWebhookProcessor(store: store, now: { F.t0 })
        let other = StripeEventBuilder.event(id: "evt_refund_2", type: "charge.refunded", created: 1_700_000_200, object: charge)
        #expect(try await plain.process(other) == .ignored(type: "charge.refunded"))
        // A malformed refund is refused before anything is written.
        let broken = StripeEventBuilder.event(
            id: "evt_refund_3", type: "charge.refunded", created: 1_700_000_300, object: ["id": "ch_2", "object": "charge"])
        await #expect(throws: StripeEventError.self) { _ = try await processor.process(broken) }
        #expect(try await store.readPremium { try await $0.stripeEvent("evt_refund_3") } == nil)
    }

    func verifiedCreators() async throws {
        let later = F.t0.advanced(by: .seconds(60))
        // Unsigned ids above Int64.max keep their bit pattern.
        let big = MemberID(UInt64.max - 1)
        #expect(try await store.readEconomy { try await $0.creatorVerifiedAt(Self.creatorA) } == nil)
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creatorB, verified: true, at: F.t0) })
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(big, verified: true, at: F.t0) })
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creatorA, verified: true, at: F.t0) })
        // A second grant keeps the first time.
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creatorA, verified: true, at: later) } == false)
        #expect(try await store.readEconomy { try await $0.creatorVerifiedAt(Self.creatorA) } == F.t0)
        let listed = try await store.readEconomy { try await $0.verifiedCreators() }
        #expect(listed.map { $0.creator } == [Self.creatorA, Self.creatorB, big])
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creatorB, verified: false, at: later) })
        #expect(try await store.writeEconomy { try await $0.setCreatorVerified(Self.creatorB, verified: false, at: later) } == false)
        #expect(try await store.readEconomy { try await $0.creatorVerifiedAt(Self.creatorB) } == nil)
        #expect(try await store.readEconomy { try await $0.verifiedCreators() }.map { $0.creator } == [Self.creatorA, big])
    }

    func allocationRefusesUnfinishedMonth() async throws {
        await #expect(throws: EconomyError.monthNotOver("2023-11")) {
            _ = try await allocator().allocate(Self.november, now: Self.november.end.advanced(by: .milliseconds(-1)))
        }
        // Nothing to share: the report says so, and the run is still recorded once.
        let empty = try await allocator().allocate(Self.november, now: Self.afterNovember)
        #expect(empty.applied && empty.report.currencies.isEmpty)
        #expect(empty.report.render().contains("No Pro revenue booked in 2023-11"))
        #expect(try await allocator().allocate(Self.november, now: Self.afterNovember).applied == false)
    }
}
