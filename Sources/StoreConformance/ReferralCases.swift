import Clocks
import Economy
import Foundation
import Gacha
import Packs
import Premium
import Storage
import Talk
import Testing

/// Referral codes, attributions, commissions and their refunds, and talk turns in the allocation
/// (docs/economy.md, "Referrals"). The money invariant runs after each, as for every area.
public enum ReferralCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case codesOnePerOwnPublishedPack, redeemOncePerMemberFirstCodeWins, concurrentRedemptionsFirstCodeWins, windowEdges,
        commissionFirstPaymentVersusMonths, trialsAndEarlierPayersDoNotConvert, replayedAndReorderedInvoices,
        concurrentInvoicesEarnOnce, refundReversesUnpaidCommission, refundAfterPayoutClawsBack, talkTurnsInAllocation
    public var testDescription: String { rawValue }
}

extension StoreConformance {
    public func run(_ testCase: ReferralCase) async throws {
        let recordDraws = try #require(recordDraws, "the referral cases need a DrawRecorder")
        try await withStore { store in
            try await ReferralCases(store: store, recordDraws: { try await recordDraws(store, $0) }).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }
}

struct ReferralCases<S: Store & PacksStore & PremiumStore & EconomyStore & TalkStore>: Sendable
where S.Transaction: PacksTransaction & PremiumTransaction & EconomyTransaction & TalkTransaction {
    let store: S
    let recordDraws: @Sendable ([TestPackDraw]) async throws -> Void
    typealias F = Fixture

    static var creatorA: MemberID { MemberID(500) }
    static var creatorB: MemberID { MemberID(501) }
    static var fan: MemberID { MemberID(70) }
    static var otherFan: MemberID { MemberID(71) }
    static var thirdFan: MemberID { MemberID(72) }

    func run(_ testCase: ReferralCase) async throws {
        try await seedPacks()
        switch testCase {
        case .codesOnePerOwnPublishedPack: try await codesOnePerOwnPublishedPack()
        case .redeemOncePerMemberFirstCodeWins: try await redeemOncePerMemberFirstCodeWins()
        case .concurrentRedemptionsFirstCodeWins: try await concurrentRedemptionsFirstCodeWins()
        case .windowEdges: try await windowEdges()
        case .commissionFirstPaymentVersusMonths: try await commissionFirstPaymentVersusMonths()
        case .trialsAndEarlierPayersDoNotConvert: try await trialsAndEarlierPayersDoNotConvert()
        case .replayedAndReorderedInvoices: try await replayedAndReorderedInvoices()
        case .concurrentInvoicesEarnOnce: try await concurrentInvoicesEarnOnce()
        case .refundReversesUnpaidCommission: try await refundReversesUnpaidCommission()
        case .refundAfterPayoutClawsBack: try await refundAfterPayoutClawsBack()
        case .talkTurnsInAllocation: try await talkTurnsInAllocation()
        }
    }

    // MARK: Helpers

    /// A has two published packs and a draft; B one published pack.
    func seedPacks() async throws {
        try await store.writePacks { tx in
            try await tx.insertPack(PackFixture.pack("pa1", creator: Self.creatorA))
            try await tx.insertPack(PackFixture.pack("pa2", creator: Self.creatorA))
            try await tx.insertPack(PackFixture.pack("pad", status: .draft, creator: Self.creatorA))
            try await tx.insertPack(PackFixture.pack("pb1", creator: Self.creatorB))
        }
    }

    /// A service whose clock is `clock` from `F.t0`.
    func service(_ configuration: EconomyConfiguration = EconomyConfiguration(), clock: ManualClock = ManualClock(), seed: UInt64 = 1)
        -> ReferralService
    {
        let time = GameTime(clock: clock, epoch: F.t0)
        return ReferralService(store: store, configuration: configuration, random: SeededRandomSource(seed: seed), now: { time.now() })
    }

    func processor(_ configuration: EconomyConfiguration, now: Timestamp) -> StripeWebhookProcessor {
        StripeWebhookProcessor(store: store, now: { now }, money: EconomyRevenueRecorder(configuration: configuration))
    }

    /// Delivers `invoice.paid` for `member`, created (Stripe's time) `seconds` after `F.t0` and
    /// processed a second later unless `processedAfter` says otherwise.
    @discardableResult
    func pay(
        _ configuration: EconomyConfiguration, _ invoice: String, _ member: MemberID, amount: Int64 = 499, after seconds: Int64,
        event: String? = nil, processedAfter: Int64? = nil
    ) async throws -> StripeEventOutcome {
        let created = F.t0.millisecondsSinceEpoch / 1000 + seconds
        let object = StripeEventBuilder.invoice(
            id: invoice, customer: "cus_\(member.rawValue)", subscription: "sub_\(member.rawValue)",
            metadata: StripeEventBuilder.discordMetadata(user: member.rawValue, guild: 7), amountPaid: amount, amountDue: amount,
            billingReason: "subscription_cycle", periodStart: created, periodEnd: created + 2_592_000)
        let data = StripeEventBuilder.event(id: event ?? "evt_\(invoice)", type: "invoice.paid", created: created, object: object)
        return try await processor(configuration, now: F.t0.advanced(by: .seconds(processedAfter ?? seconds + 1))).process(data)
    }

    /// Delivers `charge.refunded` for `member`'s charge of 499, naming the invoice (as API versions
    /// before 2025-03-31 do) or not, processed `processedAfter` seconds after `F.t0`.
    @discardableResult
    func refund(
        _ configuration: EconomyConfiguration, _ charge: String, _ member: MemberID, refunded: Int64, invoice: String?, event: String,
        processedAfter: Int64 = 2 * 86_400
    ) async throws -> StripeEventOutcome {
        let created = F.t0.millisecondsSinceEpoch / 1000 + processedAfter - 1
        let object = StripeEventBuilder.charge(
            id: charge, customer: "cus_\(member.rawValue)", amount: 499, amountRefunded: refunded, paymentIntent: "pi_\(charge)",
            created: created, metadata: StripeEventBuilder.discordMetadata(user: member.rawValue, guild: 7), invoice: invoice)
        let data = StripeEventBuilder.event(id: event, type: "charge.refunded", created: created, object: object)
        return try await processor(configuration, now: F.t0.advanced(by: .seconds(processedAfter))).process(data)
    }

    func balance(_ account: MoneyAccount, _ currency: String = "usd") async throws -> Int64 {
        try await store.readEconomy { try await $0.moneyBalances(account)[currency] ?? 0 }
    }

    func commissions(_ member: MemberID) async throws -> [ReferralCommission] {
        try await store.readEconomy { try await $0.referralCommissions(member: member) }
    }

    func events(_ name: EventName) async throws -> [AnalyticsEvent] {
        try await store.read { try await $0.analyticsEvents(player: nil, name: name, limit: 50) }
    }

    /// A's code for pa1, redeemed by `member` at `F.t0`.
    func redeemA(_ members: MemberID..., configuration: EconomyConfiguration = EconomyConfiguration()) async throws -> ReferralCode {
        let code = try await service(configuration).code(for: "pa1", creator: Self.creatorA)
        for member in members { _ = try await service(configuration).redeem(code.code, member: member, guild: GuildID(7)) }
        return code
    }

    // MARK: Codes and redemptions

    func codesOnePerOwnPublishedPack() async throws {
        let referrals = service()
        let first = try await referrals.code(for: "pa1", creator: Self.creatorA)
        #expect(first.code.count == 8 && ReferralCodeText.normalize(first.code) == first.code)
        // Stable: asked again, the same code.
        #expect(try await referrals.code(for: "pa1", creator: Self.creatorA) == first)
        // The same random draws for another pack: the first candidate is taken (the code's unique
        // constraint says so) and the next one is used.
        let second = try await service(seed: 1).code(for: "pa2", creator: Self.creatorA)
        #expect(second.code != first.code && second.packID == "pa2")
        await #expect(throws: ReferralError.notYourPack) { _ = try await referrals.code(for: "pb1", creator: Self.creatorA) }
        await #expect(throws: ReferralError.packNotPublished) { _ = try await referrals.code(for: "pad", creator: Self.creatorA) }
        await #expect(throws: ReferralError.packNotFound) { _ = try await referrals.code(for: "nope", creator: Self.creatorA) }
        #expect(try await store.readEconomy { try await $0.referralCode(first.code)?.packID } == "pa1")
    }

    func redeemOncePerMemberFirstCodeWins() async throws {
        let referrals = service()
        let a = try await referrals.code(for: "pa1", creator: Self.creatorA)
        let b = try await referrals.code(for: "pb1", creator: Self.creatorB)
        await #expect(throws: ReferralError.ownCode) { _ = try await referrals.redeem(a.code, member: Self.creatorA, guild: nil) }
        await #expect(throws: ReferralError.unknownCode) { _ = try await referrals.redeem("not a code", member: Self.fan, guild: nil) }
        await #expect(throws: ReferralError.unknownCode) { _ = try await referrals.redeem("22222222", member: Self.fan, guild: nil) }
        // Case and dashes do not matter.
        let typed = a.code.lowercased().prefix(4) + "-" + a.code.lowercased().dropFirst(4)
        let referral = try await referrals.redeem(String(typed), member: Self.fan, guild: GuildID(7))
        #expect(referral.creator == Self.creatorA && referral.code == a.code && referral.packID == "pa1")
        #expect(referral.expiresAt == F.t0.advanced(by: .seconds(30 * 86_400)))
        await #expect(throws: ReferralError.alreadyAttributed(code: a.code)) {
            _ = try await referrals.redeem(b.code, member: Self.fan, guild: GuildID(8))
        }
        // The creator B can redeem A's code (only their own is refused).
        #expect(try await referrals.redeem(a.code, member: Self.creatorB, guild: nil).creator == Self.creatorA)
        let redeemed = try await events("referral_redeemed")
        #expect(redeemed.count == 2)
        #expect(redeemed.allSatisfy { $0.properties["creator"] == String(Self.creatorA.rawValue) && $0.properties["code"] == a.code })
        #expect(try await store.readEconomy { try await $0.referral(member: Self.fan)?.code } == a.code)
    }

    func concurrentRedemptionsFirstCodeWins() async throws {
        let a = try await service().code(for: "pa1", creator: Self.creatorA)
        let b = try await service().code(for: "pb1", creator: Self.creatorB)
        let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<8 {
                let code = index.isMultiple(of: 2) ? a.code : b.code
                group.addTask {
                    do {
                        return try await service(seed: UInt64(index + 10)).redeem(code, member: Self.fan, guild: GuildID(7)).code
                    } catch ReferralError.alreadyAttributed {
                        return nil
                    }
                }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        let winners = outcomes.compactMap { $0 }
        #expect(winners.count == 1, "exactly one redemption wins: \(outcomes)")
        let stored = try await store.readEconomy { try await $0.referral(member: Self.fan) }
        #expect(stored?.code == winners.first)
        #expect(try await events("referral_redeemed").count == 1)
    }

    // MARK: Commissions

    func windowEdges() async throws {
        let clock = ManualClock()
        let configuration = EconomyConfiguration()
        // One service: its time is F.t0 plus how far the clock has moved since it was made.
        let referrals = service(configuration, clock: clock)
        let code = try await referrals.code(for: "pa1", creator: Self.creatorA)
        // fan redeems at t0, thirdFan a second before a day later, otherFan a day later.
        _ = try await referrals.redeem(code.code, member: Self.fan, guild: nil)
        clock.advance(by: .seconds(86_399))
        #expect(try await referrals.redeem(code.code, member: Self.thirdFan, guild: nil).redeemedAt == F.t0.advanced(by: .seconds(86_399)))
        clock.advance(by: .seconds(1))
        #expect(try await referrals.redeem(code.code, member: Self.otherFan, guild: nil).expiresAt == F.t0.advanced(by: .seconds(31 * 86_400)))
        let window: Int64 = 30 * 86_400
        // fan: the last second inside the window, by Stripe's time, though processed a day late.
        #expect(try await pay(configuration, "in_fan", Self.fan, after: window - 1, processedAfter: window + 86_400) == .applied)
        // otherFan: exactly at the end (exclusive): no commission.
        #expect(try await pay(configuration, "in_other", Self.otherFan, after: 86_400 + window) == .applied)
        // thirdFan: a payment a second before redeeming does not convert.
        #expect(try await pay(configuration, "in_third", Self.thirdFan, after: 86_398, processedAfter: 86_400 + 10) == .applied)
        #expect(try await commissions(Self.fan).map(\.invoiceID) == ["in_fan"])
        #expect(try await commissions(Self.otherFan).isEmpty)
        #expect(try await commissions(Self.thirdFan).isEmpty)
        let converted = try await events("referral_converted")
        #expect(converted.count == 1)
        #expect(converted.first?.player.member == Self.fan && converted.first?.properties["code"] == code.code)
    }

    func commissionFirstPaymentVersusMonths() async throws {
        var once = EconomyConfiguration()
        once.referralCommissionMonths = 1
        _ = try await redeemA(Self.fan)
        for month in 0..<3 { try await pay(once, "in_f\(month)", Self.fan, after: Int64(month) * 2_592_000 + 60) }
        // 499 × 20% = 99.8 → 99; fee floor(99 × 15%) = floor(14.85) = 14; credit 85.
        let fanCommissions = try await commissions(Self.fan)
        #expect(fanCommissions.map(\.invoiceID) == ["in_f0"])
        #expect(fanCommissions.map(\.commission) == [99] && fanCommissions.map(\.fee) == [14] && fanCommissions.map(\.credit) == [85])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -85)
        // A commission is a creator credit with the allocation's hold: held first, payable after.
        let now = F.t0.advanced(by: .seconds(120))
        let held = try #require(try await CreatorEarnings.load(Self.creatorA, configuration: once, now: now, store: store).earnings.first)
        #expect(held.pending == 85 && held.payable == 0 && held.monthToDate == 85)
        let matured = now.advanced(by: .seconds(once.payoutHoldDays * 86_400))
        let payable = try #require(try await CreatorEarnings.load(Self.creatorA, configuration: once, now: matured, store: store).earnings.first)
        #expect(payable.pending == 0 && payable.payable == 85)

        var three = EconomyConfiguration()
        three.referralCommissionMonths = 3
        _ = try await redeemA(Self.otherFan)
        for month in 0..<5 { try await pay(three, "in_o\(month)", Self.otherFan, after: Int64(month) * 2_592_000 + 60) }
        let otherCommissions = try await commissions(Self.otherFan)
        #expect(otherCommissions.map(\.invoiceID) == ["in_o0", "in_o1", "in_o2"])
        #expect(otherCommissions.map(\.ordinal) == [1, 2, 3])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -85 * 4)
        #expect(try await balance(.platformFee) == -14 * 4)
        // Revenue 8 × 499, less 4 commissions of 99.
        #expect(try await balance(.platformRevenue) == -8 * 499 + 4 * 99)
        let converted = try await events("referral_converted")
        #expect(converted.count == 2)
        #expect(converted.allSatisfy { $0.properties["creator"] == String(Self.creatorA.rawValue) && $0.properties["pack"] == "pa1" })
    }

    func trialsAndEarlierPayersDoNotConvert() async throws {
        let configuration = EconomyConfiguration()
        // otherFan paid for Pro before redeeming: a renewal inside the window is no conversion.
        try await pay(configuration, "in_before", Self.otherFan, after: -86_400)
        _ = try await redeemA(Self.fan, Self.otherFan)
        // A trial's invoice pays nothing: no commission, and the conversion is still open.
        #expect(try await pay(configuration, "in_trial", Self.fan, amount: 0, after: 60) == .applied)
        #expect(try await commissions(Self.fan).isEmpty)
        try await pay(configuration, "in_after_trial", Self.fan, after: 7 * 86_400)
        #expect(try await commissions(Self.fan).map(\.invoiceID) == ["in_after_trial"])
        try await pay(configuration, "in_renewal", Self.otherFan, after: 120)
        #expect(try await commissions(Self.otherFan).isEmpty)
    }

    func replayedAndReorderedInvoices() async throws {
        var two = EconomyConfiguration()
        two.referralCommissionMonths = 2
        two.referralWindowDays = 60
        _ = try await redeemA(Self.fan, configuration: two)
        // The second month's invoice arrives first; the first month's is delivered twice and resent
        // in another event; a third invoice then earns nothing (two months).
        #expect(try await pay(two, "in_2", Self.fan, after: 2_592_000 + 60) == .applied)
        #expect(try await pay(two, "in_1", Self.fan, after: 60, processedAfter: 2_592_000 + 120) == .applied)
        #expect(try await pay(two, "in_1", Self.fan, after: 60, processedAfter: 2_592_000 + 180) == .duplicate)
        #expect(try await pay(two, "in_1", Self.fan, after: 60, event: "evt_in_1_resent", processedAfter: 2_592_000 + 240) == .applied)
        #expect(try await pay(two, "in_2", Self.fan, after: 2_592_000 + 60) == .duplicate)
        #expect(try await pay(two, "in_3", Self.fan, after: 2 * 2_592_000 + 60) == .applied)
        #expect(Set(try await commissions(Self.fan).map(\.invoiceID)) == ["in_1", "in_2"])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -85 * 2)
        let posted = try await store.readEconomy { tx in
            [
                try await tx.moneyTransaction(idempotencyKey: "referral-commission:in_1:70"),
                try await tx.moneyTransaction(idempotencyKey: "referral-commission:in_2:70"),
            ]
        }
        #expect(posted.allSatisfy { $0?.kind == .allocation && $0?.user == Self.creatorA })
        #expect(try await events("referral_converted").count == 1)
    }

    func concurrentInvoicesEarnOnce() async throws {
        _ = try await redeemA(Self.fan)
        let configuration = EconomyConfiguration()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask { try await pay(configuration, "in_c\(index)", Self.fan, after: 60 + Int64(index)) }
            }
            try await group.waitForAll()
        }
        #expect(try await commissions(Self.fan).count == 1, "one month configured: one commission")
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -85)
        #expect(try await events("referral_converted").count == 1)
    }

    // MARK: Refunds

    func refundReversesUnpaidCommission() async throws {
        let configuration = EconomyConfiguration()
        _ = try await redeemA(Self.fan)
        try await pay(configuration, "in_1", Self.fan, after: 60)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -85)
        // 200 of 499 refunded (the charge names its invoice): credit floor(85 × 200/499) = 34 and
        // fee floor(14 × 200/499) = 5 come back.
        #expect(try await refund(configuration, "ch_1", Self.fan, refunded: 200, invoice: "in_1", event: "evt_r1") == .applied)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -(85 - 34))
        #expect(try await balance(.platformFee) == -(14 - 5))
        // The rest, in a charge that does not name its invoice (API 2025-03-31): the member's latest
        // commissioned payment. Replays change nothing.
        #expect(try await refund(configuration, "ch_1", Self.fan, refunded: 499, invoice: nil, event: "evt_r2") == .applied)
        #expect(try await refund(configuration, "ch_1", Self.fan, refunded: 499, invoice: nil, event: "evt_r2") == .duplicate)
        #expect(try await refund(configuration, "ch_1", Self.fan, refunded: 499, invoice: nil, event: "evt_r3") == .applied)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == 0)
        #expect(try await balance(.platformFee) == 0)
        #expect(try await balance(.creatorClawback(Self.creatorA)) == 0)
        // Revenue net of the commission is whole again; the refund itself is booked as before.
        #expect(try await balance(.platformRevenue) == -499)
        #expect(try await balance(.refunds) == 499)
    }

    func refundAfterPayoutClawsBack() async throws {
        var configuration = EconomyConfiguration()
        configuration.payoutHoldDays = 0
        configuration.payoutMinimum = 50
        _ = try await redeemA(Self.fan, Self.otherFan, configuration: configuration)
        try await pay(configuration, "in_1", Self.fan, after: 60)
        let payouts = PayoutService(store: store, configuration: configuration)
        let hour = F.t0.advanced(by: .seconds(3_600))
        let requested = try await payouts.requestPayouts(now: hour)
        #expect(requested.map(\.amount) == [85])
        _ = try await payouts.markPaid(try #require(requested.first).id, reference: "bank-1", now: hour)
        // Refunded after the payout: nothing is left in the payable to take back, so the credit is
        // owed (clawback) and the payable stays at 0, never in debit. The fee comes back as usual.
        try await refund(configuration, "ch_1", Self.fan, refunded: 499, invoice: "in_1", event: "evt_r1", processedAfter: 7_200)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == 0)
        #expect(try await balance(.creatorClawback(Self.creatorA)) == 85)
        #expect(try await balance(.platformFee) == 0)
        // The next commission (4999 × 20% = 999, fee 149, credit 850) pays out less what is owed.
        try await pay(configuration, "in_2", Self.otherFan, amount: 4_999, after: 10_000)
        let later = F.t0.advanced(by: .seconds(20_000))
        let earnings = try await CreatorEarnings.load(Self.creatorA, configuration: configuration, now: later, store: store).earnings
        #expect(earnings.first?.payable == Int64(765))
        let next = try await payouts.requestPayouts(now: later)
        #expect(next.map(\.amount) == [765])
        #expect(try await balance(.creatorClawback(Self.creatorA)) == 0)
        #expect(try await balance(.creatorPayable(Self.creatorA)) == 0)
    }

    // MARK: Talk in the allocation

    /// Hand-computed (docs/economy.md, "Worked example: talk turns"): roll weight 1, talk weight 2,
    /// cap 10 a member-day. fan: 1 draw of A's pa1 (1) + 3 turns with B's pb1 (6) = 7 units.
    /// otherFan: 8 turns with pa1 = 16 units, over the cap: A gets 10. creatorB's turns with their
    /// own pack do not count; character turns never do. A = 11, B = 6 (E = 17).
    /// Revenue 3 × 1000 (fan, otherFan, creatorB) → pool 900: A = 900 × 11/17 = 582.35 → 582,
    /// B = 317.65 → 317, and the cent left goes to B (0.65 > 0.35): 318. Fees floor(87.3) = 87
    /// and floor(47.7) = 47; credits 495 and 271.
    func talkTurnsInAllocation() async throws {
        var configuration = EconomyConfiguration()
        configuration.minimumAccountAgeDays = 0
        configuration.rollWeight = 1
        configuration.talkTurnWeight = 2
        configuration.dailyEngagementCap = 10
        for (key, member) in [("in_fan", Self.fan), ("in_other", Self.otherFan), ("in_b", Self.creatorB)] {
            _ = try await store.writeEconomy { tx in
                try await tx.postMoneyTransaction(
                    MoneyTransaction(
                        idempotencyKey: key, kind: .revenue, reference: key, user: member, at: F.t0,
                        entries: [
                            MoneyEntry(account: .stripeClearing, currency: "usd", amount: 1_000),
                            MoneyEntry(account: .platformRevenue, currency: "usd", amount: -1_000),
                        ]))
            }
        }
        try await recordDraws([TestPackDraw(player: PlayerID(guild: GuildID(7), member: Self.fan), pack: PackID("pa1"), day: F.t0.utcDay)])
        @Sendable func turns(_ member: MemberID, _ character: String, count: Int, guild: UInt64 = 7) -> [TalkTurnRecord] {
            (0..<count).flatMap { index in
                [TalkRole.member, .character].map { role in
                    TalkTurnRecord(
                        player: PlayerID(guild: GuildID(guild), member: member), characterID: character,
                        seq: Int64(index * 2 + (role == .member ? 1 : 2)), role: role, text: "hi", at: F.t0.advanced(by: .seconds(Int64(index))),
                        estimatedTokens: 1)
                }
            }
        }
        try await store.writeTalk { tx in
            try await tx.appendTurns(turns(Self.fan, "pk:pb1:c1", count: 3))
            try await tx.appendTurns(turns(Self.otherFan, "pk:pa1:c1", count: 8))
            try await tx.appendTurns(turns(Self.creatorB, "pk:pb1:c1", count: 5))
            try await tx.appendTurns(turns(Self.fan, "sakura", count: 4))  // a base character: no creator
        }
        let talk = try await store.readEconomy { try await $0.packTalkTurns(fromDay: F.t0.utcDay, toDay: F.t0.utcDay + 1) }
        #expect(talk.map(\.turns).sorted() == [3, 5, 8])
        let month = try AllocationMonth("2023-11")
        let outcome = try await RevenueAllocator(store: store, configuration: configuration)
            .allocate(month, now: month.end.advanced(by: .seconds(60)))
        let report = outcome.report
        #expect(report.creators.map(\.engagement) == [11_000, 6_000])
        #expect(report.excluded.ownPacks == 1 && report.excluded.cappedDays == 1)
        let usd = try #require(report.currencies.first)
        #expect(usd.pool == 900)
        #expect(usd.lines.map(\.share) == [582, 318])
        #expect(usd.lines.map(\.fee) == [87, 47])
        #expect(usd.lines.map(\.credit) == [495, 271])
        #expect(try await balance(.creatorPayable(Self.creatorA)) == -495)
        #expect(try await balance(.creatorPayable(Self.creatorB)) == -271)
    }
}
