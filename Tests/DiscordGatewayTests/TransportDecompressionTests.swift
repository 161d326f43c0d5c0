import Clocks
import Testing

@testable import DiscordGateway

struct TransportDecompressionTests {
    static let messages = [
        #"{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}"#,
        #"{"op":0,"s":1,"t":"READY","d":{"session_id":"abc","resume_gateway_url":"wss://r"}}"#,
        #"{"op":0,"s":2,"t":"GUILD_CREATE","d":{"id":"1","name":""# + String(repeating: "long guild name ", count: 400) + #""}}"#,
        #"{"op":11}"#,
    ]

    @Test func zlibStreamMessagesSplitAcrossWebsocketFrames() throws {
        let deflater = ZlibStreamDeflater()
        let inflater = try ZlibStreamInflater()
        for message in Self.messages {
            let compressed = deflater.compress(message)
            #expect(Array(compressed.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF])
            // Split into three frames: only the last completes the message.
            let cut1 = compressed.count / 3
            let cut2 = 2 * compressed.count / 3
            #expect(try inflater.feed(compressed[0..<cut1]) == nil)
            #expect(try inflater.feed(compressed[cut1..<cut2]) == nil)
            let inflated = try #require(try inflater.feed(compressed[cut2...]))
            #expect(String(decoding: inflated, as: UTF8.self) == message)
        }
    }

    @Test func zlibStreamSharesOneContextAcrossMessages() throws {
        let deflater = ZlibStreamDeflater()
        let first = deflater.compress(Self.messages[2])
        let second = deflater.compress(Self.messages[2])
        // The second copy refers back to the first: smaller, and undecodable by a fresh context.
        #expect(second.count < first.count / 2)
        let fresh = try ZlibStreamInflater()
        #expect(throws: GatewayDecompressionError.self) { try fresh.feed(second) }
        let shared = try ZlibStreamInflater()
        _ = try shared.feed(first)
        #expect(try shared.feed(second).map { String(decoding: $0, as: UTF8.self) } == Self.messages[2])
    }

    /// A long connection as Discord sends it: messages from a few bytes to 120 KiB (past the
    /// 32 KiB history; some far larger than their compressed size, past the inflater's first
    /// output chunk), many repeating earlier ones so
    /// back-references reach across messages, some split over several websocket frames. Every
    /// message must come out byte for byte.
    @Test func zlibStreamInflatesALongConnectionExactly() throws {
        var random = SeededRandom(seed: 0x7A11B)
        let deflater = ZlibStreamDeflater()
        let inflater = try ZlibStreamInflater()
        var sent: [String] = []
        for index in 0..<400 {
            let size = index % 37 == 0 ? 40_000 + Int(random.next() % 80_000) : 1 + Int(random.next() % 3_000)
            // Every 50th is one record repeated: it compresses ~100 times, so its output needs
            // several of the inflater's output chunks.
            var text = index % 50 == 25 ? String(repeating: #"{"id":"1","name":"same"},"#, count: 4_000) : ""
            while text.utf8.count < size {
                if !sent.isEmpty, random.next() % 3 == 0 {
                    text += sent[Int(random.next() % UInt64(sent.count))].prefix(200)
                } else {
                    text += #"{"id":"\#(random.next())","name":"channel-\#(random.next() % 1000)","topic":"é😀 \#(random.next() % 97)"},"#
                }
            }
            sent.append(text)
            let compressed = deflater.compress(text)
            var frames: [ArraySlice<UInt8>] = [compressed[...]]
            if random.next() % 4 == 0, compressed.count > 8 {
                let cut = 1 + Int(random.next() % UInt64(compressed.count - 1))
                frames = [compressed[..<cut], compressed[cut...]]
            }
            for frame in frames.dropLast() { #expect(try inflater.feed(frame) == nil) }
            let inflated = try #require(try inflater.feed(frames[frames.count - 1]))
            // Compared outside `#expect`, which would print both 100 KiB arrays on a failure.
            let same = inflated.elementsEqual(text.utf8)
            #expect(same, "message \(index) differs: \(inflated.count) bytes out of \(text.utf8.count)")
        }
    }

    @Test func zlibStreamRejectsABadHeaderAndCorruptData() throws {
        #expect(throws: GatewayDecompressionError.self) { try ZlibStreamInflater().feed([0x12, 0x34, 0x00, 0x00, 0xFF, 0xFF]) }
        let deflater = ZlibStreamDeflater()
        var corrupt = deflater.compress(Self.messages[2])
        // Keep the header and the flush marker, scramble the blocks between them.
        for index in 2..<(corrupt.count - 4) { corrupt[index] = 0xFF }
        #expect(throws: GatewayDecompressionError.self) { try ZlibStreamInflater().feed(corrupt) }
    }

    @Test func zstdStreamDecodesEachMessageWithoutAFrameEnd() throws {
        let compressor = ZstdStreamCompressor()
        let decompressor = try ZstdStreamDecompressor()
        for message in Self.messages + Self.messages {
            let compressed = compressor.compress(message)
            let decompressed = try decompressor.decompress(compressed)
            #expect(String(decoding: decompressed, as: UTF8.self) == message)
        }
    }

    @Test func zstdGarbageIsAnError() throws {
        let decompressor = try ZstdStreamDecompressor()
        #expect(throws: GatewayDecompressionError.self) { try decompressor.decompress([1, 2, 3, 4, 5, 6, 7, 8]) }
    }

    @Test func transportDecoderPassesPlainBytesThrough() throws {
        let decoder = try TransportDecoder(.none)
        #expect(try decoder.decode(binary: Array("{}".utf8)) == Array("{}".utf8))
    }
}
