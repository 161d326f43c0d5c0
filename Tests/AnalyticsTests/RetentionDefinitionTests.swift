import Analytics
import Storage
import Testing

@Suite struct RetentionDefinitionTests {
    @Test func retainedOnOrAfterDayNAndCensoredAtTheEnd() {
        let seen = T.at(T.d0, 12)
        let now = seen.advanced(by: .milliseconds(7 * T.day))  // exactly first_seen + 7 days
        let members = [
            // Active exactly 1 day later: D1 yes; D7 no.
            AnalyticsMemberFacts(player: T.p(1), firstSeen: seen, lastActivity: seen.advanced(by: .milliseconds(T.day))),
            // Active one millisecond short of a day: not D1.
            AnalyticsMemberFacts(player: T.p(2), firstSeen: seen, lastActivity: seen.advanced(by: .milliseconds(T.day - 1))),
            // Active at the report's end: D1 and D7.
            AnalyticsMemberFacts(player: T.p(3), firstSeen: seen, lastActivity: now),
            // Never active after first_seen.
            AnalyticsMemberFacts(player: T.p(4), firstSeen: seen),
            // Seen an hour later: D7 would be after the end, so not counted for D7.
            AnalyticsMemberFacts(player: T.p(5), firstSeen: seen.advanced(by: .milliseconds(T.hour)), lastActivity: now),
        ]
        let report = ReportDefinitions.retention(header: T.header(now: now), members: members)
        #expect(report.total.newMembers == 5)
        #expect(report.total.d1 == Ratio(3, of: 5))
        #expect(report.total.d7 == Ratio(1, of: 4))
        #expect(report.total.d30 == Ratio(0, of: 0))
        #expect(report.total.d30.percentText == "n/a")
    }
}
