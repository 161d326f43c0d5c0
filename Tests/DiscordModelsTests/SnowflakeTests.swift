import Foundation
import Testing

@testable import DiscordModels

@Suite struct SnowflakeTests {
    @Test func timestampFromDocsExample() {
        // Docs: 175928847299117063 was minted 2016-04-30 11:18:25.796 UTC.
        let id: UserID = 175_928_847_299_117_063
        #expect(id.timestamp.timeIntervalSince1970 == 1_462_015_105.796)
        #expect(id.description == "175928847299117063")
    }

    @Test func codableAsStringAcceptsNumber() throws {
        let fromString = try JSONDecoder().decode([GuildID].self, from: Data(#"["41771983423143937"]"#.utf8))
        let fromNumber = try JSONDecoder().decode([GuildID].self, from: Data("[41771983423143937]".utf8))
        #expect(fromString == fromNumber)
        #expect(String(decoding: try JSONEncoder().encode(fromString), as: UTF8.self) == #"["41771983423143937"]"#)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([GuildID].self, from: Data(#"["-1"]"#.utf8)) }
    }

    @Test func parsingAndOrdering() {
        #expect(ChannelID("123") == 123)
        #expect(ChannelID("") == nil)
        #expect(ChannelID("+1") == nil)
        #expect(ChannelID("18446744073709551616") == nil)
        #expect(MessageID(1) < MessageID(2))
        #expect(GuildID(41_771_983_423_143_937).shardIndex(shardCount: 1) == 0)
    }

    @Test func dictionaryKeyedBySnowflakeDecodesFromObject() throws {
        let decoded = try JSONDecoder().decode([UserID: Int].self, from: Data(#"{"5":1,"7":2}"#.utf8))
        #expect(decoded == [5: 1, 7: 2])
    }

    @Test func timestampsWithAndWithoutFraction() throws {
        let a = try #require(DiscordTimestamp(iso8601: "2017-03-13T19:19:14.040000+00:00"))
        let b = try #require(DiscordTimestamp(iso8601: "2017-03-13T19:19:14Z"))
        let c = try #require(DiscordTimestamp(iso8601: "2017-03-13T21:19:14+02:00"))
        #expect(abs(a.date.timeIntervalSince(b.date) - 0.04) < 0.0001)
        #expect(b == c)
        #expect(b.date.timeIntervalSince1970 == 1_489_432_754)
        #expect(DiscordTimestamp(iso8601: "yesterday") == nil)
        #expect(a.description == "2017-03-13T19:19:14.040+00:00")
    }
}

@Suite struct BotTokenTests {
    @Test func neverPrintsTheSecret() {
        let secret = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.supersecretpart_abcdefghijklmnop"
        let token = BotToken(secret)
        var dumped = ""
        dump(token, to: &dumped)
        let identify = Identify(token: token, intents: .guilds)
        var dumpedIdentify = ""
        dump(identify, to: &dumpedIdentify)
        for text in [
            token.description, token.debugDescription, "\(token)", String(reflecting: token), dumped,
            String(describing: [token]), dumpedIdentify,
        ] {
            #expect(!text.contains("supersecretpart"), "\(text)")
        }
        #expect(token.redact("echo \(secret)!") == "echo [redacted]!")
        #expect(token.applicationIDHint == "1234567890123456789")
    }
}
