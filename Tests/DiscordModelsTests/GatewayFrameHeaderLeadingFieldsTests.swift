import Foundation
import Testing

@testable import DiscordModels

/// `GatewayFrameHeader.scanLeadingFields`: stops at `d` when `op`, `s` and `t` came first.
@Suite struct GatewayFrameHeaderLeadingFieldsTests {
    @Test func agreesWithTheFullScanOnEveryDocsFixture() throws {
        for name in ["hello", "ready", "guild_create", "entitlement_create", "rate_limited", "interaction_slash_subcommand"] {
            let bytes = try Fixture.bytes(name)
            let full = try #require(GatewayFrameHeader.scan(bytes), "\(name)")
            #expect(GatewayFrameHeader.scanLeadingFields(bytes) == full, "\(name)")
        }
    }

    @Test func discordsOrderWithWhitespaceAndNulls() throws {
        let json = " {\"t\" : \"MESSAGE_CREATE\", \"s\":42 ,\"op\":0,\"d\" : {\"content\":\"}\"} \n} \r\n"
        let bytes = Array(json.utf8)
        let header = try #require(GatewayFrameHeader.scanLeadingFields(bytes))
        #expect(header == GatewayFrameHeader.scan(bytes))
        #expect(header.op == .dispatch && header.sequence == 42 && header.eventName == "MESSAGE_CREATE")
        #expect(header.data(in: bytes).map { String(decoding: $0, as: UTF8.self) } == #"{"content":"}"}"#)
        let ack = Array(#"{"t":null,"s":null,"op":11,"d":null}"#.utf8)
        #expect(GatewayFrameHeader.scanLeadingFields(ack) == GatewayFrameHeader.scan(ack))
        #expect(GatewayFrameHeader.scanLeadingFields(ack)?.dataIsNull == true)
    }

    @Test func otherKeyOrdersWalkTheWholePayload() throws {
        // s after d: the full scan decides, and it rejects the unterminated d.
        #expect(GatewayFrameHeader.scanLeadingFields(Array(#"{"t":"X","op":0,"d":{"a":"},"s":1}"#.utf8)) == nil)
        let json = Array(#"{"op":0,"d":{"x":[1]},"s":7,"t":"GUILD_CREATE"}"#.utf8)
        #expect(GatewayFrameHeader.scanLeadingFields(json) == GatewayFrameHeader.scan(json))
    }

    /// What it does not check: bytes inside or after `d` when `op`, `s` and `t` came first. The
    /// decoders of `d` reject what lies beyond the value.
    @Test func theUnwalkedDataIsLeftToItsDecoder() throws {
        let trailing = Array(#"{"t":"GUILD_CREATE","s":3,"op":0,"d":{"id":"1"},"x":2}"#.utf8)
        #expect(GatewayFrameHeader.scan(trailing) != nil)
        let header = try #require(GatewayFrameHeader.scanLeadingFields(trailing))
        let d = try #require(header.data(in: trailing))
        #expect(throws: GuildCreateSummary.DecodingError.self) { try GuildCreateSummary.decode(d) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(GuildCreate.self, from: Data(d)) }
        #expect(GatewayFrameHeader.scanLeadingFields(Array(#"{"t":null,"s":null,"op":1,"d":"#.utf8)) == nil)
        #expect(GatewayFrameHeader.scanLeadingFields(Array(#"{"t":null,"s":null,"op":1,"d":null"#.utf8)) == nil)
    }

    /// Seeded random mutations of the fixtures: never a crash; the range stays inside the buffer;
    /// and whenever both scans accept, they agree on op, s and t.
    @Test func fuzzAgreesOnTheLeadingFields() throws {
        var random = SplitMix64(seed: 0x6C65_6164)
        let seeds = try ["hello", "ready", "rate_limited", "guild_create", "entitlement_create"].map { try Fixture.bytes($0) }
        let alphabet = Array(#"{}[]":,\ 0123456789opdst-enulrfa"#.utf8)
        var agreed = 0
        for _ in 0..<10_000 {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(min(bytes.count, 64)))
                switch random.next() % 3 {
                case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                }
            }
            let lazy = GatewayFrameHeader.scanLeadingFields(bytes)
            if let range = lazy?.dataRange { #expect(range.upperBound <= bytes.count && range.lowerBound <= range.upperBound) }
            if let lazy, let full = GatewayFrameHeader.scan(bytes) {
                #expect(lazy.op == full.op && lazy.sequence == full.sequence && lazy.eventName == full.eventName)
                agreed += 1
            }
        }
        #expect(agreed > 100)
    }
}
