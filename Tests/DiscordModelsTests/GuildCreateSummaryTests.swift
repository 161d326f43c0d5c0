import Foundation
import Testing

@testable import DiscordModels

@Suite struct GuildCreateSummaryTests {
    func full(_ json: String) throws -> GuildCreate { try JSONDecoder().decode(GuildCreate.self, from: Data(json.utf8)) }
    func summary(_ json: String) throws -> GuildCreateSummary { try GuildCreateSummary.decode(Array(json.utf8)) }

    @Test func discordsDocumentedExampleMatchesTheFullDecoder() throws {
        let (_, d) = try Fixture.dispatch("guild_create")
        let summary = try GuildCreateSummary.decode(d)
        #expect(summary == GuildCreateSummary(try JSONDecoder().decode(GuildCreate.self, from: d)))
        #expect(summary.id == 197_038_439_483_310_086)
        #expect(summary.name == "Discord Testers")
        #expect(summary.icon == "f64c482b807da4f539cff778d174971c")
        #expect(summary.owner_id == 73_193_882_359_173_120)
        #expect(summary.member_count == 54321)
        #expect(summary.large == true && summary.unavailable == false)
        #expect(summary.joined_at == DiscordTimestamp(iso8601: "2021-01-01T00:00:00Z"))
        #expect(summary.preferred_locale == "en-US")
    }

    @Test func dispatchDecodingChoosesTheDetail() throws {
        let (_, d) = try Fixture.dispatch("guild_create")
        guard case .guildCreateSummary(let summary) = try GatewayDispatch.decode(eventName: "GUILD_CREATE", data: Array(d), guildCreate: .summary)
        else {
            Issue.record("not a summary")
            return
        }
        #expect(summary.owner_id == 73_193_882_359_173_120)
        guard case .guildCreate(let guild) = try GatewayDispatch.decode(eventName: "GUILD_CREATE", data: Array(d)) else {
            Issue.record("the default is the full model")
            return
        }
        #expect(guild.channels?.count == 3)
        #expect(GatewayDispatch.guildCreateSummary(summary).eventName == "GUILD_CREATE")
    }

    @Test func escapesAndUnicodeInNamesAndKeys() throws {
        let json = #"""
            {"channels":[{"id":"1","type":0,"name":"id"}],"n\u0061me":"Caf\u00e9 \"Q\" \ud83d\ude00 ü \\ \/ \n",
             "id" : "42", "owner_id":"7", "icon":null, "roles":[{"id":"9","name":"}]\"{["}], "large":false}
            """#
        let summary = try summary(json)
        #expect(summary.name == "Café \"Q\" 😀 ü \\ / \n")
        #expect(summary.id == 42 && summary.owner_id == 7 && summary.icon == nil && summary.large == false)
        #expect(summary == GuildCreateSummary(try full(json)))
    }

    @Test func nullsNumbersAndAbsentFields() throws {
        let json = #"{"id":123,"owner_id":null,"member_count":null,"unavailable":true,"joined_at":null}"#
        let summary = try summary(json)
        #expect(summary == GuildCreateSummary(id: 123, unavailable: true))
        #expect(summary == GuildCreateSummary(try full(json)))
        #expect(try self.summary(#"{"id":"5"}"#) == GuildCreateSummary(id: 5))
    }

    @Test(arguments: [
        #"{"name":"no id"}"#, #"{"id":"x1"}"#, #"{"id":"1","name":5}"#, #"{"id":"1","large":"yes"}"#,
        #"{"id":"1","member_count":1.5}"#, #"{"id":"1","joined_at":"yesterday"}"#, #"{"id":"1","roles":[}"#,
        #"{"id":"1"} x"#, #"["id"]"#, #"{"id":"1","name":"a\qb"}"#, "", #"{"id":"1","channels":[{"a":"b}]}"#,
    ])
    func rejectsWhatTheFullDecoderRejects(_ json: String) {
        #expect(throws: GuildCreateSummary.DecodingError.self) { try summary(json) }
        #expect(throws: (any Error).self) { try full(json) }
    }

    /// Once the nine wanted keys are read the rest is not walked: a guild's channels and members
    /// after them cost nothing, and are not validated either (their decoder would).
    @Test func stopsReadingOnceEveryWantedKeyIsRead() throws {
        let head = #"{"id":"1","name":"n","icon":null,"owner_id":"2","member_count":3,"unavailable":false,"joined_at":null,"large":false,"preferred_locale":"fr""#
        let summary = try summary(head + #","channels":[{"not even json"#)
        #expect(summary == GuildCreateSummary(id: 1, name: "n", owner_id: 2, member_count: 3, unavailable: false, large: false, preferred_locale: "fr"))
        // One wanted key missing: everything is read, and a malformed tail is an error.
        let withoutLocale = head.replacingOccurrences(of: #","preferred_locale":"fr""#, with: "")
        #expect(throws: GuildCreateSummary.DecodingError.self) { try self.summary(withoutLocale + #","channels":[{"not even json"#) }
        #expect(try self.summary(withoutLocale + "}").preferred_locale == nil)
    }

    /// Seeded random guilds with nested decoys (keys named like the wanted ones inside channels and
    /// roles, brackets and quotes inside strings): the summary agrees with `JSONDecoder` on each.
    @Test func randomGuildsAgreeWithTheFullDecoder() throws {
        var random = SplitMix64(seed: 20_250_601)
        let awkward = ["plain", "with \\\"quotes\\\"", "br{ack}[ets]", "back\\\\slash", "\\u00e9t\\u00e9", "日本語", "\\ud83c\\udf89", ""]
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        for round in 0..<300 {
            var fields: [String] = []
            let id = random.next() >> 1
            fields.append(#""id":"\#(id)""#)
            if random.next() % 4 != 0 { fields.append(#""name":"\#(pick(awkward))""#) }
            if random.next() % 3 == 0 { fields.append(#""icon":null"#) }
            if random.next() % 2 == 0 { fields.append(#""owner_id":"\#(random.next() >> 1)""#) }
            if random.next() % 2 == 0 { fields.append(#""member_count":\#(random.next() % 100_000)"#) }
            if random.next() % 2 == 0 { fields.append(#""large":\#(random.next() % 2 == 0)"#) }
            if random.next() % 2 == 0 { fields.append(#""unavailable":false"#) }
            if random.next() % 2 == 0 { fields.append(#""joined_at":"2024-0\#(1 + random.next() % 9)-1\#(random.next() % 9)T12:34:56.789000+00:00""#) }
            if random.next() % 2 == 0 { fields.append(#""preferred_locale":"\#(pick(["en-US", "fr", "ja"]))""#) }
            let channels = (0..<Int(random.next() % 12)).map { k in
                #"{"id":"\#(k)","type":0,"name":"\#(pick(awkward))","topic":"\#(pick(awkward))","owner_id":"1","permission_overwrites":[{"id":"2","allow":"0","deny":"1"}]}"#
            }
            fields.append(#""channels":[\#(channels.joined(separator: ","))]"#)
            fields.append(#""roles":[{"id":"3","name":"\#(pick(awkward))","large":true}],"features":["A","B"],"afk_timeout":300"#)
            // Shuffle the top-level keys.
            for index in stride(from: fields.count - 1, to: 0, by: -1) {
                fields.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            let json = "{" + fields.joined(separator: round % 2 == 0 ? "," : " ,\n ") + "}"
            let summary = try summary(json)
            #expect(summary == GuildCreateSummary(try full(json)), "\(json)")
            #expect(summary.id.rawValue == id)
        }
    }
}
