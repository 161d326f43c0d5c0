import Analytics
import Storage
import Testing

@Suite struct ChurnDefinitionTests {
    @Test func fallingGuildsTrialsEndingAndInactivePro() {
        let now = T.at(T.d0 + 100, 12)
        let g1 = GuildID(1), g2 = GuildID(2), g3 = GuildID(3)
        // g1 fell from 20 a week to 10: flagged (exactly 50%). g2 fell from 20 to 11: not flagged.
        // g3 fell from 8 to 0 but averaged under 10 members: not flagged.
        let weeks: [[GuildID: Int64]] = [[g1: 10, g2: 11]] + Array(repeating: [g1: 20, g2: 20, g3: 8], count: 4)
        let subscriptions = [
            AnalyticsSubscription(subscriptionID: "a", player: T.p(1), paidFrom: T.at(T.d0), endedAt: nil, monthlyAmount: 500, currency: "usd"),
            AnalyticsSubscription(subscriptionID: "b", player: T.p(2), paidFrom: T.at(T.d0), endedAt: nil, monthlyAmount: 500, currency: "usd"),
            AnalyticsSubscription(subscriptionID: "c", player: T.p(3), paidFrom: T.at(T.d0), endedAt: T.at(T.d0 + 50), monthlyAmount: 500, currency: "usd"),
        ]
        let proMembers = [
            // Member 1: last active exactly 14 days ago in one guild, 13 days ago in another: active.
            AnalyticsMemberFacts(player: T.p(1), lastActivity: now.advanced(by: .milliseconds(-14 * T.day))),
            AnalyticsMemberFacts(player: T.p(1, guild: 9), lastActivity: now.advanced(by: .milliseconds(-13 * T.day))),
            // Member 2: exactly 14 days ago: inactive.
            AnalyticsMemberFacts(player: T.p(2), lastActivity: now.advanced(by: .milliseconds(-14 * T.day))),
        ]
        let trials = [
            AnalyticsTrial(player: T.p(5), startedAt: T.at(T.d0), endsAt: now.advanced(by: .milliseconds(3 * T.day)), ended: false, hasPaymentMethod: false),
            AnalyticsTrial(player: T.p(6), startedAt: T.at(T.d0), endsAt: now.advanced(by: .milliseconds(3 * T.day + 1)), ended: false, hasPaymentMethod: false),
            AnalyticsTrial(player: T.p(7), startedAt: T.at(T.d0), endsAt: now.advanced(by: .milliseconds(T.day)), ended: false, hasPaymentMethod: true),
            AnalyticsTrial(player: T.p(8), startedAt: T.at(T.d0), endsAt: now.advanced(by: .milliseconds(T.day)), ended: true, hasPaymentMethod: false),
        ]
        let report = ReportDefinitions.churn(
            header: T.header(now: now), inputs: ChurnInputs(weeks: weeks, subscriptions: subscriptions, trials: trials, proMembers: proMembers))
        #expect(report.fallingGuilds.map(\.guild) == [g1])
        #expect(report.fallingGuilds.first?.drop == 0.5)
        #expect(report.endingTrials.map(\.player) == [T.p(5)])
        #expect(report.inactivePro.map(\.player) == [T.p(2)])
    }
}
