import Economy
import Storage
import Testing

/// Talk turns with pack characters in the engagement: weighted, under the same guards and the same
/// daily cap as draws.
@Suite("Talk turns in engagement")
struct TalkEngagementTests {
    typealias G = EngagementScoringTests

    static func talk(_ member: MemberID, _ creator: MemberID = G.creator, turns: Int64, day: Int64 = G.day) -> PackTalkRow {
        PackTalkRow(packID: creator == G.creator ? "p1" : "q1", creator: creator, member: member, day: day, turns: turns)
    }

    static var weighted: EconomyConfiguration {
        var configuration = G.open
        configuration.rollWeight = 1
        configuration.talkTurnWeight = 2
        return configuration
    }

    @Test func turnsCountWithTheirWeight() {
        let fan = G.member(createdDaysBefore: 400)
        let result = EngagementScoring.score(
            [G.row(fan)], talk: [Self.talk(fan, G.other, turns: 3)], proMembers: [fan], configuration: Self.weighted)
        // 1 draw × 1 for the creator, 3 turns × 2 for the other.
        #expect(result.engagement == [G.creator: 1_000, G.other: 6_000])
        #expect(result.talkTurns == [G.other: 3])
        // Weight 0 (the shipped default) leaves talk out.
        var off = Self.weighted
        off.talkTurnWeight = 0
        #expect(EngagementScoring.score([], talk: [Self.talk(fan, turns: 3)], proMembers: [fan], configuration: off).engagement.isEmpty)
    }

    @Test func theGuardsApplyToTalk() {
        var configuration = Self.weighted
        configuration.minimumAccountAgeDays = 30
        let fan = G.member(createdDaysBefore: 400)
        let young = G.member(createdDaysBefore: 29, salt: 1)
        let free = G.member(createdDaysBefore: 400, salt: 2)
        let result = EngagementScoring.score(
            [],
            talk: [
                Self.talk(fan, turns: 1), Self.talk(young, turns: 5), Self.talk(free, turns: 5),
                Self.talk(G.creator, turns: 5),  // the creator with their own pack
            ],
            proMembers: [fan, young, G.creator], configuration: configuration)
        #expect(result.engagement == [G.creator: 2_000])
        #expect(result.excluded.youngAccounts == 1 && result.excluded.notPro == 1 && result.excluded.ownPacks == 1)
    }

    /// Draws and talk share one cap a member-day: 2 draws (2) + 4 turns × 2 (8) = 10 units with a
    /// cap of 5 keep 2 × 5/10 = 1.000 and 8 × 5/10 = 4.000.
    @Test func drawsAndTalkShareTheDailyCap() {
        var configuration = Self.weighted
        configuration.dailyEngagementCap = 5
        let fan = G.member(createdDaysBefore: 400)
        let result = EngagementScoring.score(
            [G.row(fan, pack: "a"), G.row(fan, pack: "b")], talk: [Self.talk(fan, G.other, turns: 4)], proMembers: [fan],
            configuration: configuration)
        #expect(result.engagement == [G.creator: 1_000, G.other: 4_000])
        #expect(result.excluded.cappedDays == 1)
    }
}
