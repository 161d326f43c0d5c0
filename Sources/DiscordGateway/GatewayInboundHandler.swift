import DiscordModels
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// What the gateway connection's channel pipeline hands to the shard's async code: only what
/// someone needs (see `GatewayInboundHandler`).
enum GatewayInboundMessage: Sendable {
    /// A gateway message for the state machine: its pre-scan, and the bytes of its `d` (the
    /// header's `dataRange` is rebased onto them: `0..<data.count`, or nil without `d`).
    case message(data: [UInt8], parsed: GatewayWire.Parsed)
    /// The peer's close frame (its code, nil when it carried none). The socket ends soon after.
    case closed(code: Int?)
}

/// The shard's side of the per-connection fast path, shared between the event loop (the
/// handler) and the shard's reading task.
final class GatewayIngest: Sendable {
    /// Delivers a subscribed dispatch from the event loop: its name, sequence and the bytes of
    /// its `d` (valid during the call). Returns false when it must be handed on instead (the
    /// event stream is full: the reading task waits for room, and socket reads stop behind it).
    typealias Deliver = @Sendable (_ name: String, _ sequence: Int?, _ data: UnsafeRawBufferPointer?) -> Bool

    /// Dispatch names handed on as events (nil: all of them, so there is no unsubscribed path).
    private let subscribed: Set<String>?
    /// Records the sequence of a dispatch nobody subscribed to, in the state machine.
    private let recordSequence: @Sendable (Int?) -> Void
    private let deliver: Deliver?
    let metrics: GatewayMetrics
    /// Messages handed to the reading task and not yet fully processed by it.
    private let backlog = Atomic<Int>(0)
    /// The peer's close frame, recorded on the event loop as soon as it is parsed (see `peerClose`).
    private let closeFrame = Mutex<PeerClose?>(nil)

    /// A close frame the peer sent: its code, nil when it carried none.
    struct PeerClose: Sendable, Equatable {
        var code: Int?
    }

    init(
        subscribed: Set<String>?, metrics: GatewayMetrics = .disabled, recordSequence: @escaping @Sendable (Int?) -> Void,
        deliver: Deliver? = nil
    ) {
        self.subscribed = subscribed
        self.metrics = metrics
        self.recordSequence = recordSequence
        self.deliver = deliver
    }

    /// Handles a plain dispatch (not READY, RESUMED or RATE_LIMITED) on the event loop when
    /// nothing handed on earlier is still waiting, so the state machine still sees sequences,
    /// and the consumer events, in the order they arrived: an unsubscribed one only has its
    /// sequence recorded, a subscribed one is delivered (`Deliver`). Returns false when the
    /// message must be handed on. `message` is the whole gateway message `header` was read from.
    func takeFastPath(_ header: GatewayFrameHeader, message: UnsafeRawBufferPointer) -> Bool {
        guard header.op == .dispatch, let name = header.eventName else { return false }
        switch name {
        case "READY", "RESUMED", "RATE_LIMITED": return false
        default: break
        }
        guard backlog.load(ordering: .acquiring) == 0 else { return false }
        if let subscribed, !subscribed.contains(name) {
            recordSequence(header.sequence)
            return true
        }
        guard let deliver else { return false }
        let start = ContinuousClock.now
        let delivered = deliver(name, header.sequence, header.dataRange.map { UnsafeRawBufferPointer(rebasing: message[$0]) })
        if delivered { metrics.dispatched(since: start) }
        return delivered
    }

    func handedOn() { backlog.add(1, ordering: .relaxed) }

    /// Records the peer's close frame (the first one only).
    func receivedClose(code: Int?) {
        closeFrame.withLock { if $0 == nil { $0 = PeerClose(code: code) } }
    }

    /// The peer's close frame, if one was received on this connection. It decides how the
    /// connection ended whatever the socket did after it (a TCP reset, EOF, a failed echo), even
    /// when the reading task never saw it: the error that followed in the same read, or the
    /// connection's tasks being cancelled, can keep it from the task.
    var peerClose: PeerClose? { closeFrame.withLock { $0 } }

    /// The reading task has processed one handed-on message (state machine and its actions).
    func processed() { backlog.subtract(1, ordering: .releasing) }
}

/// The gateway's websocket, read on the connection's event loop: parses the server's frames
/// from the socket's bytes (`WebSocketFrameParser`), reassembles fragmented messages (up to
/// `maximumMessageBytes`), answers pings, decompresses with the connection's context into a
/// reused buffer, pre-scans `op`/`s`/`t`, and records the sequence of dispatches nobody subscribed
/// to without leaving the event loop (`GatewayIngest`). Everything else (Hello, ACKs, READY,
/// subscribed dispatches, op 7/9, the peer's close) goes on, in order, to the shard's reading task
/// through `NIOAsyncChannel`, whose bounded buffer stops socket reads while the shard's consumer is
/// behind. Outbound frames pass through to NIO's `WebSocketFrameEncoder`, which masks them.
///
/// It also completes the close handshake: echoes the peer's close frame, and closes the socket
/// if the peer does not end it within `closeTimeout` after a close frame either way. A frame that
/// breaks RFC 6455 closes the connection with 1002 (1009 when it is too large).
final class GatewayInboundHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = GatewayInboundMessage
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let decoder: TransportDecoder
    private let ingest: GatewayIngest
    private let maximumMessageBytes: Int
    private let closeTimeout: TimeAmount
    private let logger: Logger
    /// The decompressed message, reused from message to message.
    private let message = MessageBuffer()
    /// Received bytes that do not yet make a whole frame.
    private var unparsed: ByteBuffer?
    private var fragments: ByteBuffer?
    private var fragmentsAreBinary = false
    /// A frame broke the protocol: nothing more is read from this connection.
    private var failed = false
    private var closeSent = false
    private var closeReceived = false
    private var closeTimer: Scheduled<Void>?

    init(decoder: TransportDecoder, ingest: GatewayIngest, maximumMessageBytes: Int, closeTimeout: TimeAmount, logger: Logger) {
        self.decoder = decoder
        self.ingest = ingest
        self.maximumMessageBytes = maximumMessageBytes
        self.closeTimeout = closeTimeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if var earlier = unparsed {
            unparsed = nil
            earlier.writeBuffer(&bytes)
            bytes = earlier
        }
        while !failed && !closeReceived {
            let outcome = bytes.withUnsafeReadableBytes {
                WebSocketFrameParser.parseHead($0, maximumPayload: maximumMessageBytes)
            }
            guard case .head(let head) = outcome else {
                if case .invalid(let violation) = outcome { fail(violation, context: context) }
                break
            }
            guard bytes.readableBytes >= head.frameLength else { break }
            bytes.moveReaderIndex(forwardBy: head.headLength)
            let payload = bytes.readSlice(length: head.payloadLength)!
            received(head, payload: payload, context: context)
        }
        guard !failed, !closeReceived, bytes.readableBytes > 0 else { return }
        // Keep only the partial frame: the next read is appended behind it.
        bytes.discardReadBytes()
        unparsed = bytes
    }

    private func received(_ head: WebSocketFrameParser.Head, payload: ByteBuffer, context: ChannelHandlerContext) {
        switch head.opcode {
        case .text, .binary:
            guard fragments == nil else { return protocolError(context, "a new message inside a fragmented one") }
            if head.fin {
                process(payload, binary: head.opcode == .binary, context: context)
            } else {
                fragments = payload
                fragmentsAreBinary = head.opcode == .binary
            }
        case .continuation:
            guard var buffer = fragments else { return protocolError(context, "a continuation without a message") }
            fragments = nil
            guard buffer.readableBytes + payload.readableBytes <= maximumMessageBytes else {
                return fail(WebSocketFrameParser.tooLarge(maximumMessageBytes), context: context)
            }
            var more = payload
            buffer.writeBuffer(&more)
            if head.fin {
                process(buffer, binary: fragmentsAreBinary, context: context)
            } else {
                fragments = buffer
            }
        case .ping:
            guard !closeSent else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: payload)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            receivedClose(payload, context: context)
        default:
            // A pong: nothing to do (the parser lets no other opcode through).
            break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if unwrapOutboundIn(data).opcode == .connectionClose {
            closeSent = true
            startCloseTimer(context)
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
    }

    // MARK: - Messages

    private func process(_ payload: ByteBuffer, binary: Bool, context: ChannelHandlerContext) {
        guard !closeReceived else { return }
        let complete: Bool
        do {
            complete = try payload.withUnsafeReadableBytes { input in
                try Result { () throws(GatewayDecompressionError) in
                    if binary { return try decoder.decode(binary: input, into: message) }
                    // Text frames are never compressed.
                    message.removeAll()
                    message.append(input)
                    return true
                }.get()
            }
        } catch {
            logger.error("closing the connection: \(error)")
            context.close(promise: nil)
            return
        }
        guard complete else { return }
        let raw = message.bytes
        // Discord puts d last: its bytes are not walked here (only a subscribed event's decoder reads them).
        let scanned = GatewayFrameHeader.scanLeadingFields(raw)
        if let scanned, scanned.op == .dispatch { ingest.metrics.received(scanned.eventName) }
        if let scanned, ingest.takeFastPath(scanned, message: raw) { return }
        guard var header = scanned else {
            logger.warning("skipping an undecodable gateway message (\(raw.count) bytes): \(GatewayWire.MalformedMessage())")
            return
        }
        // Only d leaves the event loop (one copy, which becomes `ShardDispatch.data`).
        var data: [UInt8] = []
        if let range = header.dataRange {
            data = Array(UnsafeRawBufferPointer(rebasing: raw[range]))
            header.dataRange = 0..<data.count
        }
        let parsed: GatewayWire.Parsed
        do {
            parsed = try GatewayWire.parse(data, header: header)
        } catch {
            logger.warning("skipping an undecodable gateway message (\(raw.count) bytes): \(error)")
            return
        }
        ingest.handedOn()
        context.fireChannelRead(wrapInboundOut(.message(data: data, parsed: parsed)))
    }

    private func protocolError(_ context: ChannelHandlerContext, _ what: String) {
        fail(WebSocketFrameParser.Violation(reason: what, closeCode: .protocolError), context: context)
    }

    /// Stops reading this connection and closes it with the violation's code.
    private func fail(_ violation: WebSocketFrameParser.Violation, context: ChannelHandlerContext) {
        logger.error("closing the connection: \(violation)")
        failed = true
        fragments = nil
        unparsed = nil
        sendClose(code: violation.closeCode, context: context)
    }

    // MARK: - Closing

    private func receivedClose(_ payload: ByteBuffer, context: ChannelHandlerContext) {
        guard !closeReceived else { return }
        closeReceived = true
        unparsed = nil
        var data = payload
        let code = data.readInteger(as: UInt16.self)
        ingest.receivedClose(code: code.map(Int.init))
        context.fireChannelRead(wrapInboundOut(.closed(code: code.map(Int.init))))
        if !closeSent {
            // Echo the peer's code (RFC 6455 §5.5.1); the peer then ends the TCP connection.
            var echo = context.channel.allocator.buffer(capacity: 2)
            if let code { echo.writeInteger(code) }
            let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: echo)
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
            closeSent = true
        }
        startCloseTimer(context)
    }

    private func sendClose(code: WebSocketErrorCode, context: ChannelHandlerContext) {
        guard !closeSent else { return }
        var buffer = context.channel.allocator.buffer(capacity: 2)
        buffer.write(webSocketErrorCode: code)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: buffer)
        closeSent = true
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        startCloseTimer(context)
    }

    /// After a close frame (either way) the peer must end the connection; if it does not within
    /// `closeTimeout`, we do.
    private func startCloseTimer(_ context: ChannelHandlerContext) {
        guard closeTimer == nil else { return }
        let channel = context.channel
        closeTimer = context.eventLoop.scheduleTask(in: closeTimeout) { channel.close(promise: nil) }
    }
}
