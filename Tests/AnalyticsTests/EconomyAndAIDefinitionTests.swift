import Analytics
import Storage
import Testing

@Suite struct EconomyAndAIDefinitionTests {
    @Test func mintedBurnedNetAndItems() {
        let now = T.at(T.d0 + 1, 12)
        let g = GuildID(1)
        let rollups = [
            AnalyticsRollup(guild: g, day: T.d0, metric: .minted, key: "daily", value: 100),
            AnalyticsRollup(guild: g, day: T.d0, metric: .minted, key: "duplicate", value: 30),
            AnalyticsRollup(guild: g, day: T.d0, metric: .burned, key: "shop_purchase", value: 150),
            AnalyticsRollup(guild: g, day: T.d0 + 1, metric: .minted, key: "daily", value: 10),
            AnalyticsRollup(guild: g, day: T.d0, metric: .purchases, key: "pull_5", value: 2),
            AnalyticsRollup(guild: g, day: T.d0 + 1, metric: .purchases, key: "extra_roll", value: 2),
            AnalyticsRollup(guild: g, day: T.d0 + 1, metric: .purchases, key: "pull_10", value: 3),
        ]
        let report = ReportDefinitions.economy(header: T.header(.days7, now: now), rollups: rollups, activeMembers: 4, balances: [])
        #expect(report.buckets.map(\.net) == [-20, 10])
        #expect(report.total.totalMinted == 140)
        #expect(report.total.totalBurned == 150)
        #expect(report.spentPerActiveMember == 37.5)
        #expect(report.items.map(\.item) == ["pull_10", "extra_roll", "pull_5"])
        #expect(report.balanceMedian == nil)
    }

    @Test func balanceMedianAndTopOnePercent() {
        let odd = ReportDefinitions.balanceDistribution([5, 1, 3])
        #expect(odd.median == 3)
        #expect(odd.top1PercentShare == 5.0 / 9)  // ⌈3 ÷ 100⌉ = 1 member
        let even = ReportDefinitions.balanceDistribution([1, 2, 3, 10])
        #expect(even.median == 2.5)
        // 101 members: the top ⌈1.01⌉ = 2 hold 100 + 100 of 299.
        let many = ReportDefinitions.balanceDistribution(Array(repeating: 1, count: 99) + [100, 100])
        #expect(many.top1PercentShare == 200.0 / 299)
        #expect(ReportDefinitions.balanceDistribution([0, 0]).top1PercentShare == nil)
    }

    @Test func percentilesInterpolateLikePercentileInc() {
        // Values 10, 20, 30, 40: p50 at rank 1.5 → 25; p95 at rank 2.85 → 38.5.
        let f: [Int64: Int64] = [10: 1, 20: 1, 30: 1, 40: 1]
        #expect(ReportDefinitions.percentile(f, 0.5) == 25)
        #expect(abs(ReportDefinitions.percentile(f, 0.95)! - 38.5) < 1e-9)
        // Repeated values: 5, 5, 5, 100 → p50 = 5.
        #expect(ReportDefinitions.percentile([5: 3, 100: 1], 0.5) == 5)
        #expect(ReportDefinitions.percentile([:], 0.5) == nil)
        #expect(ReportDefinitions.percentile([7: 1], 0.95) == 7)
    }

    @Test func aiCostPerTalkerAndAgainstRevenue() {
        let g1 = GuildID(1), g2 = GuildID(2)
        let rollups = [
            AnalyticsRollup(guild: g1, day: T.d0, metric: .talkCalls, value: 3),
            AnalyticsRollup(guild: g1, day: T.d0, metric: .talkTokens, value: 600),
            AnalyticsRollup(guild: g1, day: T.d0, metric: .talkCost, value: 3_000_000),
            AnalyticsRollup(guild: g1, day: T.d0, metric: .tokensPerCall, key: "100", value: 2),
            AnalyticsRollup(guild: g1, day: T.d0, metric: .tokensPerCall, key: "400", value: 1),
            AnalyticsRollup(guild: g1, day: T.d0, metric: .revenue, key: "usd", value: 1000),
            AnalyticsRollup(guild: g2, day: T.d0, metric: .talkCalls, value: 1),
            AnalyticsRollup(guild: g2, day: T.d0, metric: .talkCost, value: 1_000),
        ]
        let report = ReportDefinitions.ai(header: T.header(now: T.at(T.d0 + 1)), rollups: rollups, talkingMembers: 4)
        #expect(report.calls == 4)
        #expect(report.tokensPerCallMean == 150)
        #expect(report.tokensPerCallP50 == 100)
        #expect(report.costPerTalkingMember == 3_001_000.0 / 4)
        #expect(report.guilds.map(\.guild) == [g1, g2])
        #expect(report.guilds[0].costToRevenue == 3.0 / 10.0)
        #expect(report.guilds[1].costToRevenue == nil)
    }
}
