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
            let cut1 = compressed.count / 3, cut2 = 2 * compressed.count / 3
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
