import Analytics
import Storage
import Testing

@Suite struct FunnelDefinitionTests {
    let now = T.at(T.d0 + 60)

    func funnel(_ members: [AnalyticsMemberFacts], _ granularity: Granularity = .day) -> FunnelReport {
        ReportDefinitions.funnel(header: T.header(.all, granularity, now: now), members: members)
    }

    @Test func everyStepInOrderWithinThirtyDays() {
        let seen = T.at(T.d0, 10)
        let m = AnalyticsMemberFacts(
            player: T.p(1), firstSeen: seen, firstRoll: T.at(T.d0, 11), firstTalk: T.at(T.d0 + 1), firstTrialStart: T.at(T.d0 + 2),
            firstConversion: T.at(T.d0 + 29, 9, ms: 59 * 60_000 + 59_999))
        let report = funnel([m])
        #expect(report.total == FunnelCohort(startDay: T.d0, newMembers: 1, rolled: 1, talked: 1, trial: 1, paid: 1))
        #expect(report.total.shares.map(\.value) == [1, 1, 1, 1])
    }

    @Test func theThirtyDayWindowEndsExactlyThirtyDaysAfterFirstSeen() {
        let seen = T.at(T.d0, 10)
        // 30 days later to the millisecond is outside; one millisecond earlier is inside.
        let outside = AnalyticsMemberFacts(player: T.p(1), firstSeen: seen, firstRoll: T.at(T.d0 + 30, 10))
        let inside = AnalyticsMemberFacts(player: T.p(2), firstSeen: seen, firstRoll: T.at(T.d0 + 30, 10, ms: -1))
        let report = funnel([outside, inside])
        #expect(report.total.newMembers == 2)
        #expect(report.total.rolled == 1)
        #expect(report.total.shares[0].percentText == "50.0%")
    }

    @Test func outOfOrderStepsDoNotCount() {
        let seen = T.at(T.d0)
        // Talked before rolling: rolled, not talked, and so no later step either.
        let talkFirst = AnalyticsMemberFacts(
            player: T.p(1), firstSeen: seen, firstRoll: T.at(T.d0, 5), firstTalk: T.at(T.d0, 4), firstTrialStart: T.at(T.d0, 6),
            firstConversion: T.at(T.d0, 7))
        // Converted before the trial: reached trial, not paid.
        let paidFirst = AnalyticsMemberFacts(
            player: T.p(2), firstSeen: seen, firstRoll: T.at(T.d0, 1), firstTalk: T.at(T.d0, 2), firstTrialStart: T.at(T.d0, 4),
            firstConversion: T.at(T.d0, 3))
        // The same instant as the previous step counts ("at or after").
        let sameInstant = AnalyticsMemberFacts(
            player: T.p(3), firstSeen: seen, firstRoll: seen, firstTalk: seen, firstTrialStart: seen, firstConversion: seen)
        let report = funnel([talkFirst, paidFirst, sameInstant])
        #expect(report.total == FunnelCohort(startDay: T.d0, newMembers: 3, rolled: 3, talked: 2, trial: 2, paid: 1))
    }

    @Test func aStepNeedsThePreviousOne() {
        let m = AnalyticsMemberFacts(player: T.p(1), firstSeen: T.at(T.d0), firstTalk: T.at(T.d0, 1), firstTrialStart: T.at(T.d0, 2))
        #expect(funnel([m]).total == FunnelCohort(startDay: T.d0, newMembers: 1))
    }

    @Test func dailyCohortsSplitAtMidnightUTCAndWeeklyOnesOnMonday() {
        // d0 is a Friday; d0 + 3 the next Monday.
        let members = [
            AnalyticsMemberFacts(player: T.p(1), firstSeen: T.at(T.d0, 23, ms: 3_599_999)),
            AnalyticsMemberFacts(player: T.p(2), firstSeen: T.at(T.d0 + 1)),
            AnalyticsMemberFacts(player: T.p(3), firstSeen: T.at(T.d0 + 2, 23)),
            AnalyticsMemberFacts(player: T.p(4), firstSeen: T.at(T.d0 + 3)),
        ]
        #expect(funnel(members).cohorts.map(\.startDay) == [T.d0, T.d0 + 1, T.d0 + 2, T.d0 + 3])
        let weekly = funnel(members, .week)
        #expect(weekly.cohorts.map(\.startDay) == [T.d0 - 4, T.d0 + 3])
        #expect(weekly.cohorts.map(\.newMembers) == [3, 1])
        #expect(ReportFormat.date(day: T.d0 + 3) == "2024-10-07")
        #expect(Granularity.week.bucket(of: 0) == -3)  // 1970-01-01 was a Thursday
    }

    @Test func membersWithoutFirstSeenOrOutsideTheWindowAreLeftOut() {
        let members = [
            AnalyticsMemberFacts(player: T.p(1), firstRoll: T.at(T.d0)),
            AnalyticsMemberFacts(player: T.p(2), firstSeen: T.at(T.d0 + 60 - 7)),
            AnalyticsMemberFacts(player: T.p(3), firstSeen: T.at(T.d0 + 60 - 6)),
        ]
        let report = ReportDefinitions.funnel(header: T.header(.days7, now: now), members: members)
        #expect(report.total.newMembers == 1)
        #expect(report.cohorts.map(\.startDay) == [T.d0 + 54])
    }
}
