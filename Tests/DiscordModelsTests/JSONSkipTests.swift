import Foundation
import Testing

@testable import DiscordModels

/// The word-at-a-time `JSONScanner.skipValue` against the byte-at-a-time reference it replaced.
@Suite struct JSONSkipTests {
    /// Runs both skips on `bytes` from `offset`: same verdict, and the same end when they accept.
    func agree(_ bytes: [UInt8], from offset: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var fast = JSONScanner(buffer)
            fast.index = offset
            var reference = JSONScanner(buffer)
            reference.index = offset
            let fastResult = fast.skipValue()
            let referenceResult = reference.skipValueBytewise()
            #expect(
                fastResult == referenceResult, "\(String(decoding: bytes, as: UTF8.self)) from \(offset)", sourceLocation: sourceLocation)
            if fastResult && referenceResult {
                #expect(fast.index == reference.index, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
            }
            return fastResult
        }
    }

    @Test func knownValues() {
        #expect(agree(Array(#"{"a":"}","b":[1,{"c":"\"]"}]} tail"#.utf8)))
        #expect(agree(Array(#""0123456789abcdef\"0123456789" x"#.utf8)))
        #expect(agree(Array(#"[[[[[[[[[[]]]]]]]]]]"#.utf8)))
        #expect(agree(Array("\"ü日本語😀 long enough to span words\"".utf8)))
        #expect(!agree(Array("\"raw\ncontrol byte in a long string\"".utf8)))
        #expect(!agree(Array(#"{"unterminated":"\"}"#.utf8)))
        #expect(!agree(Array(#"{"open":[1,2,3,4,5,6,7,8,9]"#.utf8)))
        #expect(!agree(Array(#""ends with a backslash\"#.utf8)))
        #expect(agree(Array("12345.5e-3,".utf8)))
        #expect(!agree([]))
    }

    /// Long inputs with sparse special bytes, so strings, escapes and brackets straddle the 64-byte
    /// blocks of the fast skip (and many blocks have no backslash at all).
    @Test func longSparseInputsAgree() {
        var random = SplitMix64(seed: 0x6C6F_6E67)
        let specials = Array(#"{}[]"\"#.utf8) + [0x0A, 0x1F]
        var accepted = 0
        for _ in 0..<20_000 {
            let count = 60 + Int(random.next() % 400)
            let density = 2 + random.next() % 30
            var bytes: [UInt8] = [UInt8(ascii: random.next() % 2 == 0 ? "[" : "{")]
            for _ in 0..<count {
                if random.next() % density == 0 {
                    let special = specials[Int(random.next() % UInt64(specials.count))]
                    // Control bytes and backslashes are rarer than quotes and brackets.
                    if (special < 0x20 || special == UInt8(ascii: "\\")) && random.next() % 4 != 0 { continue }
                    bytes.append(special)
                } else {
                    bytes.append(UInt8(ascii: "a") + UInt8(random.next() % 26))
                }
            }
            bytes.append(contentsOf: Array(repeating: UInt8(ascii: "]"), count: Int(random.next() % 8)))
            if agree(bytes, from: 0) { accepted += 1 }
        }
        #expect(accepted > 1_000)
    }

    /// Kilobytes of plain going (members and channels, as GUILD_CREATE carries them): the blocks
    /// skipped whole, and a control byte, an unbalanced bracket or an escape far inside them.
    @Test func longPlainContainersAgree() {
        for count in [3, 40, 400] {
            let members = (0..<count).map {
                #"{"user":{"id":"\#(1_000_000 + $0)","username":"member \#($0)"},"roles":["1","2"],"nick":null}"#
            }
            let array = "[" + members.joined(separator: ",") + "]"
            #expect(agree(Array((array + ",\"tail\":1").utf8)))
            #expect(agree(Array((#"{"members":"# + array + #","name":"g"}"#).utf8)))
            // Inside the middle member's name.
            let inside = array.range(of: "member \(count / 2)\"")!.lowerBound
            var withControl = array
            withControl.insert("\u{01}", at: inside)
            #expect(!agree(Array(withControl.utf8)))
            #expect(!agree(Array(array.dropLast().utf8)), "one bracket short")
            var withEscape = array
            withEscape.insert(contentsOf: #"\"]"#, at: inside)
            #expect(agree(Array(withEscape.utf8)))
        }
    }

    /// Escapes and control bytes on every position around a 64-byte block boundary: a backslash
    /// as byte 63 escapes byte 0 of the next block, an escaped backslash escapes nothing, and a
    /// control byte fails only inside a string.
    @Test func escapesAndControlBytesAtBlockBoundaries() {
        for length in 52...76 {
            let filler = String(repeating: "a", count: length)
            // An escaped quote leaves the string open: nothing closes the array.
            #expect(!agree(Array(("[\"" + filler + #"\"]"#).utf8)))
            // An escaped backslash, then the quote that ends the string.
            #expect(agree(Array(("[\"" + filler + #"\\"]"#).utf8)))
            #expect(agree(Array(("{\"k\":\"" + filler + #"\\\"\n\u0041"}"#).utf8)))
            // A raw newline: fails inside a string, is whitespace outside.
            #expect(!agree(Array(("[\"" + filler + "\n\"]").utf8)))
            #expect(agree(Array(("[" + String(repeating: " ", count: length) + "\n]").utf8)))
            // Deep nesting closing in a later block; one bracket too few never closes.
            let opens = String(repeating: "[", count: length)
            #expect(agree(Array((opens + String(repeating: "]", count: length)).utf8)))
            #expect(!agree(Array((opens + String(repeating: "]", count: length - 1)).utf8)))
            // Brackets inside strings do not count.
            #expect(agree(Array(("[\"" + String(repeating: "]", count: length) + "\"]").utf8)))
        }
    }

    /// 30,000 seeded random and mutated inputs, each skipped from a random offset so every
    /// alignment of the 8-byte loads and every tail length is exercised.
    @Test func seededRandomAndMutatedInputsAgree() throws {
        var random = SplitMix64(seed: 0x736B_6970)
        let seeds = try ["guild_create", "ready", "interaction_slash_subcommand", "entitlement_create"].map { name -> [UInt8] in
            let bytes = try Fixture.bytes(name)
            let header = try #require(GatewayFrameHeader.scan(bytes))
            return Array(try #require(header.data(in: bytes)))
        }
        let alphabet = Array(#"{}[]":,\ 0123456789abcnrtu"#.utf8) + [0x0A, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for round in 0..<30_000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                let count = Int(random.next() % 80)
                bytes = (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                if random.next() % 2 == 0 { bytes.insert(UInt8(ascii: random.next() % 2 == 0 ? "{" : "\""), at: 0) }
            } else {
                bytes = seeds[Int(random.next() % UInt64(seeds.count))]
                let mutations = Int(random.next() % 4)
                for _ in 0..<mutations where !bytes.isEmpty {
                    mutate(&bytes, alphabet: alphabet, random: &random)
                }
            }
            let offset = bytes.isEmpty || random.next() % 2 == 0 ? 0 : Int(random.next() % UInt64(bytes.count))
            if agree(bytes, from: offset) { accepted += 1 }
        }
        #expect(accepted > 1_000)
    }
}
