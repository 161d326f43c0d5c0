import Analytics
import Storage
import Testing

@Suite struct RevenueDefinitionTests {
    func sub(_ id: String, _ member: UInt64, guild: UInt64 = 1, from: Timestamp?, to: Timestamp? = nil, monthly: Double) -> AnalyticsSubscription {
        AnalyticsSubscription(subscriptionID: id, player: T.p(member, guild: guild), paidFrom: from, endedAt: to, monthlyAmount: monthly, currency: "usd")
    }

    @Test func mrrArrArpuChurnAndLTV() {
        let now = T.at(T.d0 + 40)
        let subscriptions = [
            sub("a", 1, from: T.at(T.d0), monthly: 500),  // paying all along
            sub("b", 2, guild: 2, from: T.at(T.d0), to: T.at(T.d0 + 20), monthly: 500),  // lost within the month
            sub("c", 3, guild: 2, from: T.at(T.d0 + 35), monthly: 1000.0 / 12),  // yearly 1000, new this month
            sub("d", 4, from: nil, monthly: 700),  // still in trial: excluded
        ]
        let report = ReportDefinitions.revenue(header: T.header(.days30, now: now), subscriptions: subscriptions, trials: [], rollups: [])
        let yearlyMonthly: Double = 1000.0 / 12
        let mrr: Double = 500 + yearlyMonthly
        let arpu: Double = mrr / 2
        #expect(report.mrr == mrr)
        #expect(report.arr == 12 * mrr)
        #expect(report.payingCustomers == 2)
        #expect(report.arpu == arpu)
        // At the start of the 30 days (d0 + 10): a and b paid; b was lost.
        #expect(report.monthlyChurn == Ratio(1, of: 2))
        #expect(report.ltv == arpu / 0.5)
        #expect(report.guilds.first { $0.guild == GuildID(2) }?.mrr == yearlyMonthly)
    }

    @Test func ltvIsNotAvailableWithoutChurn() {
        let now = T.at(T.d0 + 40)
        let report = ReportDefinitions.revenue(
            header: T.header(now: now), subscriptions: [sub("a", 1, from: T.at(T.d0), monthly: 500)], trials: [], rollups: [])
        #expect(report.monthlyChurn == Ratio(0, of: 1))
        #expect(report.ltv == nil)
    }

    @Test func trialToPaidCountsConversionsWithinThirtyDaysOfTrialsStartedInThePeriod() {
        let now = T.at(T.d0 + 60)
        let trials = [
            AnalyticsTrial(player: T.p(1), startedAt: T.at(T.d0 + 40), endsAt: nil, ended: true, hasPaymentMethod: false),
            AnalyticsTrial(player: T.p(2), startedAt: T.at(T.d0 + 40), endsAt: nil, ended: true, hasPaymentMethod: false),
            AnalyticsTrial(player: T.p(3), startedAt: T.at(T.d0 + 10), endsAt: nil, ended: true, hasPaymentMethod: false),  // before the period
        ]
        let subscriptions = [
            sub("a", 1, from: T.at(T.d0 + 40 + 30, ms: -1), monthly: 500),  // just inside 30 days
            sub("b", 2, from: T.at(T.d0 + 70), monthly: 500),  // 30 days to the millisecond: outside
            sub("c", 3, from: T.at(T.d0 + 11), monthly: 500),
        ]
        let report = ReportDefinitions.revenue(header: T.header(.days30, now: now), subscriptions: subscriptions, trials: trials, rollups: [])
        #expect(report.trialToPaid == Ratio(1, of: 2))
    }
}
