import Analytics
import OwnerInsights
import Storage
import Testing

/// Each rule on a case built to trigger it and on one built not to, plus the ranking.
@Suite("Insight rules")
struct InsightRulesTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_764_720_000_000)
    static let header = ReportHeader(guild: GuildID(1), period: .days30, granularity: .day, window: ReportPeriod.days30.window(now: now))

    static func retention(d7 retained: Int64, of eligible: Int64) -> RetentionReport {
        RetentionReport(
            header: header, cohorts: [],
            total: RetentionCohort(startDay: 0, newMembers: eligible, d7: Ratio(retained, of: eligible)))
    }

    static func funnel(new: Int64, rolled: Int64 = 0, talked: Int64 = 0) -> FunnelReport {
        FunnelReport(header: header, cohorts: [], total: FunnelCohort(startDay: 0, newMembers: new, rolled: rolled, talked: talked))
    }

    static func economy(_ items: [String: Int64]) -> EconomyReport {
        EconomyReport(
            header: header, buckets: [], total: EconomyBucket(startDay: 0), spentPerActiveMember: nil, activeMembers: 0,
            items: items.map { ItemPopularity(item: $0.key, purchases: $0.value) }, balanceMedian: nil, top1PercentShare: nil)
    }

    static func ai(costMicros: Int64, revenueCents: Int64, calls: Int64 = 100) -> AIReport {
        AIReport(
            header: header, calls: calls, tokens: 0, tokensPerCallMean: nil, tokensPerCallP50: nil, tokensPerCallP95: nil,
            costMicros: costMicros, talkingMembers: 1, costPerTalkingMember: nil,
            guilds: [GuildAICost(guild: GuildID(1), costMicros: costMicros, revenue: revenueCents, costToRevenue: nil)])
    }

    static func revenue(mrr: [Double]) -> RevenueReport {
        RevenueReport(
            header: header, mrr: mrr.last ?? 0, payingCustomers: 1, arpu: nil,
            mrrSeries: mrr.enumerated().map { MRRPoint(day: 20_000 + Int64($0.offset), mrr: $0.element) }, guilds: [],
            trialToPaid: Ratio(0, of: 0), monthlyChurn: Ratio(0, of: 0), ltv: nil)
    }

    static func churn(endingTrials: Int) -> ChurnReport {
        ChurnReport(
            header: header, fallingGuilds: [],
            endingTrials: (0..<endingTrials).map { EndingTrial(player: PlayerID(guild: GuildID(1), member: MemberID(UInt64($0 + 1))), endsAt: now) },
            inactivePro: [])
    }

    static func report(
        funnel: FunnelReport = funnel(new: 0), retention: RetentionReport = retention(d7: 0, of: 0), revenue: RevenueReport = revenue(mrr: []),
        economy: EconomyReport = economy([:]), ai: AIReport = ai(costMicros: 0, revenueCents: 0), churn: ChurnReport = churn(endingTrials: 0)
    ) -> OwnerReport {
        OwnerReport(funnel: funnel, retention: retention, revenue: revenue, economy: economy, ai: ai, churn: churn)
    }

    @Test func retentionFell() throws {
        // 39% → 32%: a fall of 17.9% of its previous value.
        let fired = try #require(InsightRules.retentionFell(current: Self.retention(d7: 16, of: 50), previous: Self.retention(d7: 39, of: 100)))
        #expect(fired.headline == "D7 retention fell 17.9%")
        #expect(fired.numbers.contains("32.0% (16/50)") && fired.numbers.contains("39.0% (39/100)"))
        #expect(!fired.action.isEmpty)
        // 39% → 35%: a fall of 10%, under the 15% threshold.
        #expect(InsightRules.retentionFell(current: Self.retention(d7: 35, of: 100), previous: Self.retention(d7: 39, of: 100)) == nil)
        // Too few eligible members to judge, and no previous period.
        #expect(InsightRules.retentionFell(current: Self.retention(d7: 1, of: 9), previous: Self.retention(d7: 39, of: 100)) == nil)
        #expect(InsightRules.retentionFell(current: Self.retention(d7: 16, of: 50), previous: nil) == nil)
    }

    @Test func newMembersChanged() throws {
        let fell = try #require(InsightRules.newMembersChanged(current: Self.funnel(new: 60), previous: Self.funnel(new: 100)))
        #expect(fell.headline == "New members fell 40.0%")
        #expect(fell.numbers == "60 new members against 100 the period before")
        let rose = try #require(InsightRules.newMembersChanged(current: Self.funnel(new: 13), previous: Self.funnel(new: 10)))
        #expect(rose.headline == "New members rose 30.0%")
        #expect(InsightRules.newMembersChanged(current: Self.funnel(new: 80), previous: Self.funnel(new: 100)) == nil)
        #expect(InsightRules.newMembersChanged(current: Self.funnel(new: 0), previous: Self.funnel(new: 9)) == nil)
    }

    @Test func sourceDrivesFirstTalks() throws {
        let fired = try #require(InsightRules.sourceDrivesFirstTalks(["Moonlit <Pack>": 8, "the base characters": 12]))
        #expect(fired.headline == "the base characters drives 60.0% of first talks")
        #expect(fired.numbers == "12 of 20 first talks in the period")
        #expect(InsightRules.sourceDrivesFirstTalks(["a": 3, "b": 3, "c": 4]) != nil, "4 of 10 is exactly 40%: it fires")
        #expect(InsightRules.sourceDrivesFirstTalks(["a": 3, "b": 4, "c": 4, "d": 4]) == nil)  // 26.7%
        #expect(InsightRules.sourceDrivesFirstTalks(["a": 9]) == nil)  // under 10 first talks
    }

    @Test func itemNobodyBuys() throws {
        let fired = try #require(InsightRules.itemNobodyBuys(Self.economy(["pull_5": 15, "pull_10": 5, "pack_subscription": 2]), shopItems: InsightInputs.defaultShopItems))
        #expect(fired.headline == "Nobody bought extra_roll")
        #expect(fired.numbers == "0 of 22 shop purchases in the period")
        #expect(InsightRules.itemNobodyBuys(Self.economy(["extra_roll": 1, "pull_5": 15, "pull_10": 5, "pack_subscription": 2]), shopItems: InsightInputs.defaultShopItems) == nil)
        #expect(InsightRules.itemNobodyBuys(Self.economy(["pull_5": 19]), shopItems: InsightInputs.defaultShopItems) == nil, "too few purchases")
    }

    @Test func aiCostShare() throws {
        // $35 of cost against $100 of revenue: exactly the threshold.
        let fired = try #require(InsightRules.aiCostShare(Self.ai(costMicros: 35_000_000, revenueCents: 10_000)))
        #expect(fired.headline == "AI cost is 35.0% of revenue")
        #expect(fired.numbers == "$35.00 for 100 talk calls against $100.00 revenue")
        #expect(InsightRules.aiCostShare(Self.ai(costMicros: 34_999_999, revenueCents: 10_000)) == nil)
        let noRevenue = try #require(InsightRules.aiCostShare(Self.ai(costMicros: 1_000_000, revenueCents: 0)))
        #expect(noRevenue.headline == "AI cost $1.00 with no revenue")
        #expect(InsightRules.aiCostShare(Self.ai(costMicros: 999_999, revenueCents: 0)) == nil)
    }

    @Test func talkStepLeaks() throws {
        let fired = try #require(InsightRules.talkStepLeaks(Self.funnel(new: 50, rolled: 40, talked: 4)))
        #expect(fired.headline == "Only 10.0% of members who rolled went on to talk")
        #expect(InsightRules.talkStepLeaks(Self.funnel(new: 50, rolled: 40, talked: 10)) == nil)  // 25%
        #expect(InsightRules.talkStepLeaks(Self.funnel(new: 50, rolled: 19, talked: 0)) == nil)
    }

    @Test func mrrChanged() throws {
        let fired = try #require(InsightRules.mrrChanged(Self.revenue(mrr: [10_000, 10_500, 12_000])))
        #expect(fired.headline == "MRR rose 20.0%")
        #expect(fired.numbers.contains("$120.00") && fired.numbers.contains("$100.00"))
        #expect(InsightRules.mrrChanged(Self.revenue(mrr: [10_000, 10_900])) == nil)
        #expect(InsightRules.mrrChanged(Self.revenue(mrr: [0, 5_000])) == nil, "no base to compare with")
    }

    @Test func trialsEndingUnpaid() throws {
        let fired = try #require(InsightRules.trialsEndingUnpaid(Self.churn(endingTrials: 2)))
        #expect(fired.headline == "2 trials end within 3 days with no payment method")
        #expect(InsightRules.trialsEndingUnpaid(Self.churn(endingTrials: 0)) == nil)
    }

    @Test func rankingKeepsTheFiveMostNotable() {
        let current = Self.report(
            funnel: Self.funnel(new: 40, rolled: 40, talked: 2), retention: Self.retention(d7: 16, of: 50),
            revenue: Self.revenue(mrr: [10_000, 13_000]), economy: Self.economy(["pull_5": 30]),
            ai: Self.ai(costMicros: 90_000_000, revenueCents: 10_000), churn: Self.churn(endingTrials: 1))
        let previous = Self.report(funnel: Self.funnel(new: 100), retention: Self.retention(d7: 39, of: 100))
        let insights = InsightRules.insights(InsightInputs(current: current, previous: previous, firstTalksBySource: ["x": 10]))
        // Eight rules fire; the five largest scores are kept, largest first.
        #expect(insights.count == 5)
        #expect(insights.map(\.rule) == [.sourceDrivesFirstTalks, .aiCostShare, .talkStepLeaks, .newMembersChanged, .itemNobodyBuys])
        #expect(zip(insights, insights.dropFirst()).allSatisfy { $0.score >= $1.score })
        // Nothing notable: nothing shown.
        #expect(InsightRules.insights(InsightInputs(current: Self.report(), previous: Self.report())).isEmpty)
    }
}
