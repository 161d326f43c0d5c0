import DiscordModels
import Logging
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import DiscordGateway

/// `GatewayInboundHandler` on an `EmbeddedChannel`, fed the bytes a server sends: what stays on the
/// event loop, what goes on, in which order, and the websocket duties (frames split across reads,
/// fragments, pings, closes, size limit, frames that break the protocol).
@Suite(.timeLimit(.minutes(1))) struct GatewayInboundHandlerTests {
    final class Recorder: Sendable {
        let sequences = Locked<[Int?]>([])
    }

    static func makeChannel(
        subscribed: Set<String>? = ["TYPING_START"], maximumMessageBytes: Int = 1 << 20
    ) throws -> (EmbeddedChannel, GatewayIngest, Recorder) {
        let recorder = Recorder()
        let ingest = GatewayIngest(subscribed: subscribed) { sequence in recorder.sequences.withLock { $0.append(sequence) } }
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        let handler = GatewayInboundHandler(
            decoder: try TransportDecoder(.none), ingest: ingest, maximumMessageBytes: maximumMessageBytes,
            closeTimeout: .seconds(5), logger: logger)
        let channel = EmbeddedChannel(handler: handler)
        return (channel, ingest, recorder)
    }

    static func dispatch(_ name: String, _ sequence: Int, body: String = #"{"id":"1"}"#) -> ByteBuffer {
        text(#"{"t":"\#(name)","s":\#(sequence),"op":0,"d":\#(body)}"#)
    }

    static func text(_ json: String, fin: Bool = true, opcode: WebSocketOpcode = .text) -> ByteBuffer {
        ServerFrame.bytes(opcode: opcode, fin: fin, payload: Array(json.utf8))
    }

    static func closeCode(_ channel: EmbeddedChannel) throws -> UInt16? {
        let close = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        var data = close.data
        #expect(close.opcode == .connectionClose)
        return data.readInteger(as: UInt16.self)
    }

    static func handedOn(_ channel: EmbeddedChannel) throws -> [GatewayInboundMessage] {
        var messages: [GatewayInboundMessage] = []
        while let message = try channel.readInbound(as: GatewayInboundMessage.self) { messages.append(message) }
        return messages
    }

    static func sequence(_ message: GatewayInboundMessage) -> Int? {
        if case .message(_, let parsed) = message { parsed.header.sequence } else { nil }
    }

    @Test func unsubscribedDispatchesStayOnTheEventLoopAndOnlyRecordTheirSequence() throws {
        let (channel, _, recorder) = try Self.makeChannel()
        try channel.writeInbound(Self.dispatch("MESSAGE_CREATE", 1))
        try channel.writeInbound(Self.dispatch("PRESENCE_UPDATE", 2))
        #expect(try Self.handedOn(channel).isEmpty)
        #expect(recorder.sequences.value == [1, 2])
        // Subscribed events, READY/RESUMED/RATE_LIMITED and control frames go on.
        try channel.writeInbound(Self.dispatch("TYPING_START", 3, body: #"{"user_id":"9"}"#))
        try channel.writeInbound(Self.dispatch("RATE_LIMITED", 4, body: #"{"opcode":8,"retry_after":1.5}"#))
        try channel.writeInbound(Self.text(#"{"t":null,"s":null,"op":11,"d":null}"#))
        let handed = try Self.handedOn(channel)
        #expect(handed.count == 3)
        guard case .message(let data, let parsed) = handed.first else {
            Issue.record("not a message")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == #"{"user_id":"9"}"#, "only d is handed on")
        #expect(parsed.header.dataRange == 0..<data.count)
        #expect(parsed.inbound == .dispatch(name: "TYPING_START", sequence: 3))
        #expect(recorder.sequences.value == [1, 2])
    }

    @Test func withoutSubscriptionsEveryDispatchGoesOn() throws {
        let (channel, _, recorder) = try Self.makeChannel(subscribed: nil)
        try channel.writeInbound(Self.dispatch("MESSAGE_CREATE", 1))
        #expect(try Self.handedOn(channel).map(Self.sequence) == [1])
        #expect(recorder.sequences.value.isEmpty)
    }

    /// While a handed-on message waits for the shard, later unsubscribed dispatches go on behind it
    /// (so the state machine sees sequences in arrival order, and the bounded hand-off holds them
    /// back); once it is processed, the fast path resumes.
    @Test func theFastPathWaitsForWhatWasHandedOnBefore() throws {
        let (channel, ingest, recorder) = try Self.makeChannel()
        try channel.writeInbound(Self.dispatch("TYPING_START", 1))
        try channel.writeInbound(Self.dispatch("MESSAGE_CREATE", 2))
        try channel.writeInbound(Self.dispatch("MESSAGE_CREATE", 3))
        let handed = try Self.handedOn(channel)
        #expect(handed.map(Self.sequence) == [1, 2, 3])
        #expect(recorder.sequences.value.isEmpty)
        for _ in handed { ingest.processed() }
        try channel.writeInbound(Self.dispatch("MESSAGE_CREATE", 4))
        #expect(try Self.handedOn(channel).isEmpty)
        #expect(recorder.sequences.value == [4])
    }

    /// A subscribed dispatch is delivered from the event loop when nothing handed on earlier is
    /// waiting (here: READY, which goes through the reading task); otherwise, or when delivery
    /// is refused (a full event stream), it is handed on behind what came before.
    @Test func subscribedDispatchesAreDeliveredInPlaceOnlyBehindNothing() throws {
        let delivered = Locked<[String]>([])
        let refuse = Locked(false)
        let ingest = GatewayIngest(
            subscribed: ["TYPING_START"], recordSequence: { _ in },
            deliver: { name, sequence, data in
                guard !refuse.value else { return false }
                let d = data.map { String(decoding: $0, as: UTF8.self) } ?? "-"
                delivered.withLock { $0.append("\(name) \(sequence ?? -1) \(d)") }
                return true
            })
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        let channel = EmbeddedChannel(
            handler: GatewayInboundHandler(
                decoder: try TransportDecoder(.none), ingest: ingest, maximumMessageBytes: 1 << 20, closeTimeout: .seconds(5),
                logger: logger))
        try channel.writeInbound(Self.dispatch("TYPING_START", 1, body: #"{"user_id":"1"}"#))
        #expect(delivered.value == [#"TYPING_START 1 {"user_id":"1"}"#])
        #expect(try Self.handedOn(channel).isEmpty)
        try channel.writeInbound(Self.dispatch("READY", 2, body: #"{"session_id":"s","resume_gateway_url":"wss://g.example"}"#))
        try channel.writeInbound(Self.dispatch("TYPING_START", 3))
        let handed = try Self.handedOn(channel)
        #expect(handed.map(Self.sequence) == [2, 3], "behind READY")
        for _ in handed { ingest.processed() }
        refuse.withLock { $0 = true }
        try channel.writeInbound(Self.dispatch("TYPING_START", 4))
        #expect(try Self.handedOn(channel).map(Self.sequence) == [4], "refused: handed on")
        ingest.processed()
        refuse.withLock { $0 = false }
        try channel.writeInbound(Self.dispatch("TYPING_START", 5))
        #expect(delivered.value.count == 2 && delivered.value.last?.hasPrefix("TYPING_START 5 ") == true)
    }

    @Test func fragmentedMessagesAreReassembled() throws {
        let (channel, _, _) = try Self.makeChannel()
        let json = #"{"t":"TYPING_START","s":7,"op":0,"d":{"user_id":"12345"}}"#
        let cut1 = json.index(json.startIndex, offsetBy: 10)
        let cut2 = json.index(json.startIndex, offsetBy: 30)
        try channel.writeInbound(Self.text(String(json[..<cut1]), fin: false))
        try channel.writeInbound(Self.text(String(json[cut1..<cut2]), fin: false, opcode: .continuation))
        #expect(try Self.handedOn(channel).isEmpty)
        try channel.writeInbound(Self.text(String(json[cut2...]), opcode: .continuation))
        let handed = try Self.handedOn(channel)
        #expect(handed.map(Self.sequence) == [7])
    }

    @Test func pingsAreAnsweredWithMaskedPongs() throws {
        let (channel, _, _) = try Self.makeChannel()
        try channel.writeInbound(ServerFrame.bytes(opcode: .ping, payload: Array("hi".utf8)))
        let pong = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(pong.opcode == .pong && pong.maskKey != nil)
        // The frame encoder masks with the key on the way out: the data is still plain here.
        #expect(String(buffer: pong.data) == "hi")
    }

    @Test func thePeersCloseIsReportedAndEchoed() throws {
        let (channel, _, _) = try Self.makeChannel()
        try channel.writeInbound(ServerFrame.bytes(opcode: .connectionClose, payload: [0x0F, 0xA4]))
        let handed = try Self.handedOn(channel)
        guard case .closed(let code)? = handed.first else {
            Issue.record("no close reported: \(handed)")
            return
        }
        #expect(code == 4004)
        let echo = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        var echoed = echo.data
        #expect(echo.opcode == .connectionClose && echo.maskKey != nil && echoed.readInteger(as: UInt16.self) == 4004)
        // Nothing after the close is handed on.
        try channel.writeInbound(Self.dispatch("TYPING_START", 9))
        #expect(try Self.handedOn(channel).isEmpty)
    }

    @Test func aMessageOverTheLimitClosesWith1009() throws {
        let (channel, _, _) = try Self.makeChannel(maximumMessageBytes: 64)
        try channel.writeInbound(Self.text(String(repeating: "x", count: 40), fin: false))
        try channel.writeInbound(Self.text(String(repeating: "x", count: 40), fin: false, opcode: .continuation))
        #expect(try Self.closeCode(channel) == 1009)
    }

    /// A frame's declared length is checked before its bytes are buffered.
    @Test func aFrameOverTheLimitClosesWith1009BeforeItsPayloadArrives() throws {
        let (channel, _, _) = try Self.makeChannel(maximumMessageBytes: 64)
        let frame = Self.text(String(repeating: "x", count: 200))
        try channel.writeInbound(frame.getSlice(at: frame.readerIndex, length: 4)!)
        #expect(try Self.closeCode(channel) == 1009)
    }

    /// Frames arrive cut anywhere by TCP: three messages (one of them fragmented, with a ping in
    /// between, one with a 16-bit length) come out the same whatever the cuts, in order.
    @Test func framesCutAnywhereAcrossReadsComeOutWhole() throws {
        let bigData = #"{"user_id":"\#(String(repeating: "7", count: 300))"}"#
        let big = #"{"t":"TYPING_START","s":3,"op":0,"d":\#(bigData)}"#
        var stream: [UInt8] = []
        stream += Self.bytes(Self.dispatch("TYPING_START", 1))
        stream += Self.bytes(Self.text(#"{"t":"TYPING_START","s":2,"#, fin: false))
        stream += ServerFrame.bytes(opcode: .ping, payload: [1, 2, 3]).readableBytesView
        stream += Self.bytes(Self.text(#""op":0,"d":{"user_id":"5"}}"#, opcode: .continuation))
        stream += Self.bytes(Self.text(big))
        for chunk in [1, 2, 3, 5, 7, 64, 127, 1000] {
            let (channel, ingest, _) = try Self.makeChannel()
            var offset = 0
            while offset < stream.count {
                let end = min(offset + chunk, stream.count)
                try channel.writeInbound(ByteBuffer(bytes: stream[offset..<end]))
                offset = end
            }
            let handed = try Self.handedOn(channel)
            for _ in handed { ingest.processed() }
            #expect(handed.map(Self.sequence) == [1, 2, 3], "cut every \(chunk) bytes")
            if case .message(let data, _)? = handed.last {
                #expect(data == Array(bigData.utf8), "cut every \(chunk) bytes")
            }
            let pong = try #require(try channel.readOutbound(as: WebSocketFrame.self))
            #expect(pong.opcode == .pong && Array(pong.data.readableBytesView) == [1, 2, 3])
        }
    }

    /// RFC 6455 §5.1: a client closes the connection when the server masks a frame; nothing the
    /// server sends after the bad frame is read.
    @Test func aFrameThatBreaksTheProtocolClosesWith1002AndStopsReading() throws {
        let (channel, _, _) = try Self.makeChannel(subscribed: nil)
        var bytes = Self.bytes(Self.dispatch("TYPING_START", 1))
        bytes[1] |= 0x80  // the mask bit, with no key after it: the head alone is refused
        try channel.writeInbound(ByteBuffer(bytes: bytes + Self.bytes(Self.dispatch("TYPING_START", 2))))
        #expect(try Self.closeCode(channel) == 1002)
        try channel.writeInbound(Self.dispatch("TYPING_START", 3))
        #expect(try Self.handedOn(channel).isEmpty)
    }

    @Test func aContinuationWithoutAMessageClosesWith1002() throws {
        let (channel, _, _) = try Self.makeChannel()
        try channel.writeInbound(Self.text("{}", opcode: .continuation))
        #expect(try Self.closeCode(channel) == 1002)
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    /// Counts the reads that reach the socket end of the pipeline.
    final class ReadCounter: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = Any
        let reads = Locked(0)
        func read(context: ChannelHandlerContext) {
            reads.withLock { $0 += 1 }
            context.read()
        }
    }

    /// Back-pressure: with the shard not consuming, the `NIOAsyncChannel` buffer fills (subscribed
    /// events, and the unsubscribed ones queued behind them) and socket reads stop; consuming
    /// resumes them.
    @Test func aSlowConsumerStopsSocketReads() async throws {
        let recorder = Recorder()
        let ingest = GatewayIngest(subscribed: ["TYPING_START"]) { sequence in recorder.sequences.withLock { $0.append(sequence) } }
        let counter = ReadCounter()
        let channel = NIOAsyncTestingChannel()
        let asyncChannel = try await channel.testingEventLoop.executeInContext {
            var logger = Logger(label: "test.gateway")
            logger.logLevel = .critical
            try channel.pipeline.syncOperations.addHandler(counter)
            try channel.pipeline.syncOperations.addHandler(
                GatewayInboundHandler(
                    decoder: try TransportDecoder(.none), ingest: ingest, maximumMessageBytes: 1 << 20, closeTimeout: .seconds(5),
                    logger: logger))
            return try NIOAsyncChannel<GatewayInboundMessage, WebSocketFrame>(
                wrappingChannelSynchronously: channel,
                configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 4)))
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        try await channel.testingEventLoop.executeInContext { channel.read() }
        #expect(counter.reads.value == 1)
        try await channel.writeInbound(Self.dispatch("TYPING_START", 1))
        for sequence in 2...8 { try await channel.writeInbound(Self.dispatch("MESSAGE_CREATE", sequence)) }
        // Above the high watermark: the read the channel asks for does not reach the socket.
        try await channel.testingEventLoop.executeInContext { channel.read() }
        await channel.testingEventLoop.run()
        #expect(counter.reads.value == 1)
        #expect(recorder.sequences.value.isEmpty, "nothing bypassed the queue")
        try await asyncChannel.executeThenClose { inbound, _ in
            var iterator = inbound.makeAsyncIterator()
            var sequences: [Int?] = []
            for _ in 1...8 {
                let message = try #require(try await iterator.next())
                sequences.append(Self.sequence(message))
                ingest.processed()
            }
            #expect(sequences == Array(1...8))
            // Drained below the low watermark: reading resumed.
            await channel.testingEventLoop.run()
            #expect(counter.reads.value > 1)
        }
    }
}
