import Foundation
import Testing

@testable import DiscordModels

@Suite struct GatewayFrameHeaderTests {
    func dString(_ json: String) -> String? {
        let bytes = Array(json.utf8)
        guard let header = GatewayFrameHeader.scan(bytes), let d = header.data(in: bytes) else { return nil }
        return String(decoding: d, as: UTF8.self)
    }

    @Test func docsOrder() throws {
        let json = #"{"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"content":"hi","nested":{"a":[1,2,{"b":"}"}]}}}"#
        let header = try #require(GatewayFrameHeader.scan(Array(json.utf8)))
        #expect(header.op == .dispatch && header.sequence == 42 && header.eventName == "MESSAGE_CREATE")
        #expect(dString(json) == #"{"content":"hi","nested":{"a":[1,2,{"b":"}"}]}}"#)
    }

    @Test func typeAndSequenceAfterD() throws {
        let json = #"{"op":0,"d":{"x":"t\"s","y":[{"op":9}]},"s":7,"t":"GUILD_CREATE"}"#
        let header = try #require(GatewayFrameHeader.scan(Array(json.utf8)))
        #expect(header.op == .dispatch && header.sequence == 7 && header.eventName == "GUILD_CREATE")
        #expect(dString(json) == #"{"x":"t\"s","y":[{"op":9}]}"#)
    }

    @Test func escapedQuotesAndBracesInStrings() throws {
        let json = " {\n \"d\" : \"{[\\\"}]\\\\\" , \"op\": 0 , \"t\" : \"A\\u0042\\\"C\", \"s\" : null } \n"
        let header = try #require(GatewayFrameHeader.scan(Array(json.utf8)))
        #expect(header.op == .dispatch)
        #expect(header.sequence == nil)
        #expect(header.eventName == "AB\"C")
        #expect(dString(json) == #""{[\"}]\\""#)
    }

    @Test func nullsAndNonDispatch() throws {
        let json = #"{"t":null,"s":null,"op":11,"d":null}"#
        let header = try #require(GatewayFrameHeader.scan(Array(json.utf8)))
        #expect(header.op == .heartbeatAck && header.eventName == nil && header.sequence == nil)
        #expect(header.dataIsNull)
        let invalid = try #require(GatewayFrameHeader.scan(Array(#"{"op":9,"d":false}"#.utf8)))
        #expect(invalid.op == .invalidSession && !invalid.dataIsNull)
        #expect(GatewayFrameHeader.scan(Array(#"{"op":55}"#.utf8))?.op == .unknown(55))
        #expect(GatewayFrameHeader.scan(Data(#"{"op":7,"d":null}"#.utf8))?.op == .reconnect)
    }

    @Test(arguments: [
        "", "{", "}", "[]", "{}", #"{"d":{}}"#, #"{"op":"0"}"#, #"{"op":1.5}"#, #"{"op":1,}"#, #"{"op":1 "d":2}"#,
        #"{"op":1,"d":{"a":"}"#, #"{"op":1,"d":"\"}"#, #"{"op":1}x"#, #"{"op":99999999999999999999}"#,
        #"{"op":1,"t":5}"#, #"{"op":1,"s":"1"}"#, "{\"op\":1,\"t\":\"a\nb\"}", #"{"op":1,"d":}"#,
    ])
    func malformedReturnsNil(_ json: String) {
        #expect(GatewayFrameHeader.scan(Array(json.utf8)) == nil)
    }

    @Test func allDocsFixturesScan() throws {
        for (name, op, s, t) in [
            ("hello", GatewayOpcode.hello, nil, nil), ("ready", .dispatch, 1, "READY"),
            ("guild_create", .dispatch, 2, "GUILD_CREATE"), ("entitlement_create", .dispatch, 9, "ENTITLEMENT_CREATE"),
            ("rate_limited", .dispatch, 12, "RATE_LIMITED"),
            ("interaction_slash_subcommand", .dispatch, 7, "INTERACTION_CREATE"),
        ] as [(String, GatewayOpcode, Int?, String?)] {
            let bytes = try Fixture.bytes(name)
            let header = try #require(GatewayFrameHeader.scan(bytes), "\(name)")
            #expect(header.op == op && header.sequence == s && header.eventName == t, "\(name)")
            // The d range is itself valid JSON that JSONSerialization agrees on.
            let d = try #require(header.data(in: bytes))
            let whole = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let viaScan = try JSONSerialization.jsonObject(with: Data(d), options: .fragmentsAllowed) as? NSObject
            #expect(viaScan == whole["d"] as? NSObject, "\(name)")
        }
    }

    /// 20,000 random and mutated inputs: never a crash, never a hang, and whenever the scan accepts
    /// an input that JSONSerialization also accepts, they agree on op.
    @Test func fuzzNeverCrashes() throws {
        var random = SplitMix64(seed: 0x6761_6368_6162_6F74)
        let seeds = try ["hello", "ready", "rate_limited", "interaction_slash_subcommand", "entitlement_create"].map {
            try Fixture.bytes($0)
        }
        let alphabet = Array(#"{}[]":,\ 0123456789opdst-enulrfa"#.utf8)
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                let count = Int(random.next() % 64)
                bytes = (0..<count).map { _ in
                    random.next() % 2 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: random.next())
                }
            } else {
                bytes = seeds[Int(random.next() % UInt64(seeds.count))]
                let mutations = 1 + Int(random.next() % 4)
                for _ in 0..<mutations where !bytes.isEmpty {
                    mutate(&bytes, alphabet: alphabet, random: &random)
                }
            }
            if let header = GatewayFrameHeader.scan(bytes) {
                accepted += 1
                if let range = header.dataRange { #expect(range.upperBound <= bytes.count) }
                if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                    let op = object["op"] as? Int
                {
                    #expect(header.op.rawValue == op)
                }
            }
        }
        #expect(accepted > 0)
    }
}
