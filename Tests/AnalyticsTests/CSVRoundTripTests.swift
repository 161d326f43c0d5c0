import Analytics
import Foundation
import Storage
import Testing

@Suite struct CSVRoundTripTests {
    @Test func eventsSurviveARoundTripWithAwkwardText() throws {
        let events = [
            AnalyticsEvent(id: 1, name: "talk", player: T.p(1), at: T.at(T.d0, 1, ms: 7), properties: ["character": "a, \"b\"\r\nc", "emoji": "✨"]),
            AnalyticsEvent(id: 2, name: "roll", player: T.p(UInt64.max, guild: UInt64.max), at: T.at(T.d0 + 1)),
            AnalyticsEvent(id: 3, name: "shop_purchase", player: T.p(3), at: T.at(T.d0 + 2), properties: ["item": "pull_5", "note": "line\nbreak"]),
        ]
        let text = AnalyticsCSV.events(events)
        #expect(text.hasPrefix("id,name,guild_id,member_id,at_ms,at_utc,properties\r\n"))
        let rows = try AnalyticsCSV.parse(text)
        #expect(rows.first == AnalyticsCSV.eventColumns)
        let back = try rows.dropFirst().map { row -> AnalyticsEvent in
            #expect(row.count == 7)
            return AnalyticsEvent(
                id: Int64(row[0]), name: EventName(rawValue: row[1]),
                player: PlayerID(guild: GuildID(try #require(UInt64(row[2]))), member: MemberID(try #require(UInt64(row[3])))),
                at: Timestamp(millisecondsSinceEpoch: try #require(Int64(row[4]))), properties: try StringMapJSON.decode(row[6]))
        }
        #expect(back == events)
        #expect(rows[1][5] == "2024-10-04T01:00:00.007Z")
    }

    @Test func rollupsRoundTrip() throws {
        let rollups = [
            AnalyticsRollup(guild: GuildID(1), day: T.d0, metric: .minted, key: "daily", value: 10),
            AnalyticsRollup(guild: GuildID(2), day: T.d0, metric: .purchases, key: "odd,\"key\"", value: 3),
        ]
        let rows = try AnalyticsCSV.parse(AnalyticsCSV.rollups(rollups))
        #expect(rows.count == 3)
        let back = rows.dropFirst().map { r in
            AnalyticsRollup(guild: GuildID(UInt64(r[0])!), day: Int64(r[1])!, metric: RollupMetric(rawValue: r[3])!, key: r[4], value: Int64(r[5])!)
        }
        #expect(back == rollups)
        #expect(rows[1][2] == "2024-10-04")
    }

    @Test func malformedCSVIsRefusedWithTheRow() {
        #expect(throws: AnalyticsCSV.CSVError.strayQuote(row: 1)) { try AnalyticsCSV.parse("a\"b,c\r\n") }
        #expect(throws: AnalyticsCSV.CSVError.unterminatedQuote) { try AnalyticsCSV.parse("\"abc\r\n") }
        #expect(throws: AnalyticsCSV.CSVError.bareCarriageReturn(row: 1)) { try AnalyticsCSV.parse("a\rb") }
    }
}

@Suite struct DefinitionsTextTests {
    @Test func helpFitsOneDiscordMessage() {
        #expect(DefinitionsText.help.count <= 2_000)
        #expect(DefinitionsText.help.contains("30 days"))
    }
}
