import Economy
import Storage
import Testing

/// Each gaming guard on its own, with the others out of the way.
@Suite("Engagement guards")
struct EngagementScoringTests {
    static let day: Int64 = 20_400  // 2025-11-07
    static let creator = MemberID(500)
    static let other = MemberID(501)

    /// A user id whose account was created `daysBefore` days before `day`.
    static func member(createdDaysBefore daysBefore: Int64, salt: UInt64 = 0) -> MemberID {
        let created = (day - daysBefore) * 86_400_000 - 1_420_070_400_000
        return MemberID(UInt64(created) << 22 | salt)
    }

    static func row(_ member: MemberID, _ creator: MemberID = creator, pack: String = "p1", day: Int64 = day) -> PackEngagementRow {
        PackEngagementRow(packID: pack, creator: creator, member: member, day: day)
    }

    static var open: EconomyConfiguration {
        var configuration = EconomyConfiguration()
        configuration.minimumAccountAgeDays = 0
        configuration.dailyEngagementCap = 1_000
        return configuration
    }

    @Test func snowflakesCarryTheirCreationTime() {
        // Discord's documented example: 175928847299117063 was created 2016-04-30T11:18:25.796Z.
        #expect(EngagementScoring.accountCreated(MemberID(175_928_847_299_117_063)).millisecondsSinceEpoch == 1_462_015_105_796)
    }

    @Test func onlyPaidProMembersCount() {
        let pro = Self.member(createdDaysBefore: 400)
        let free = Self.member(createdDaysBefore: 400, salt: 1)
        let result = EngagementScoring.score([Self.row(pro), Self.row(free)], proMembers: [pro], configuration: Self.open)
        #expect(result.engagement == [Self.creator: 1_000])
        #expect(result.excluded.notPro == 1)
    }

    @Test func creatorsOwnDrawsDoNotCount() {
        let fan = Self.member(createdDaysBefore: 400)
        let result = EngagementScoring.score(
            [Self.row(Self.creator), Self.row(fan), Self.row(Self.creator, Self.other)], proMembers: [fan, Self.creator],
            configuration: Self.open)
        // The creator's draw from another creator's pack counts; from their own, not.
        #expect(result.engagement == [Self.creator: 1_000, Self.other: 1_000])
        #expect(result.excluded.ownPacks == 1)
    }

    @Test func youngAccountsDoNotCount() {
        var configuration = Self.open
        configuration.minimumAccountAgeDays = 30
        let old = Self.member(createdDaysBefore: 30)
        let young = Self.member(createdDaysBefore: 29)
        let result = EngagementScoring.score([Self.row(old), Self.row(young)], proMembers: [old, young], configuration: configuration)
        #expect(result.engagement == [Self.creator: 1_000])
        #expect(result.excluded.youngAccounts == 1)
        // The same young member counts once old enough, on a later day.
        let later = EngagementScoring.score([Self.row(young, day: Self.day + 1)], proMembers: [young], configuration: configuration)
        #expect(later.engagement == [Self.creator: 1_000])
    }

    @Test func aMembersDayIsCappedAndSplitProportionally() {
        var configuration = Self.open
        configuration.dailyEngagementCap = 2
        configuration.rollWeight = 1
        let fan = Self.member(createdDaysBefore: 400)
        // Six draws in a day (4 from one creator, 2 from the other), capped at 2 units.
        let rows = (0..<4).map { Self.row(fan, pack: "a\($0)") } + (0..<2).map { Self.row(fan, Self.other, pack: "b\($0)") }
        let result = EngagementScoring.score(rows, proMembers: [fan], configuration: configuration)
        #expect(result.engagement == [Self.creator: 1_333, Self.other: 666])
        #expect(result.excluded.cappedDays == 1)
        #expect(result.draws == [Self.creator: 4, Self.other: 2])
        // Another day counts on its own.
        let twoDays = EngagementScoring.score(rows + [Self.row(fan, pack: "a0", day: Self.day + 1)], proMembers: [fan], configuration: configuration)
        #expect(twoDays.engagement[Self.creator] == 2_333)
    }

    @Test func weightsScaleEngagement() {
        var configuration = Self.open
        configuration.rollWeight = 3
        let fan = Self.member(createdDaysBefore: 400)
        #expect(EngagementScoring.score([Self.row(fan)], proMembers: [fan], configuration: configuration).engagement == [Self.creator: 3_000])
    }
}
