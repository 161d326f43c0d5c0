import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

#if canImport(Glibc)
    import Glibc  // linger, for the reset after a close frame
#endif

/// Serves one gateway websocket: Hello, heartbeats, Identify/Resume, dispatches and faults.
/// Two tasks per connection: one reads frames into the connection's event stream (which the
/// sandbox also feeds with dispatches and faults); this one acts on events in order.
struct GatewayConnection {
    let core: SandboxCore
    let channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>
    let requestURI: String
    let viaResumeURL: Bool

    private enum Ending {
        case closed(UInt16, String)
        /// A close frame, then a TCP reset at once.
        case reset(UInt16, String)
        case dropped
        case clientClosed(UInt16?)
        case ended
    }

    func run() async {
        let query = Self.query(of: requestURI)
        let compression = query["compress"].flatMap(TransportCompression.init(rawValue:))
        let events = ConnectionEventQueue()
        let (id, startFaults) = core.registerConnection(compression: compression?.rawValue, viaResumeURL: viaResumeURL, events: events)
        defer { core.unregisterConnection(id) }
        let logger = core.logger

        do {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await Self.read(inbound: inbound, connection: id, core: core, into: events)
                    }
                    var session = ConnectionSession(
                        core: core, id: id, channel: channel.channel, outbound: outbound, compressor: compression?.makeCompressor(),
                        events: events)
                    var ending = try await session.run(startFaults: startFaults)
                    if case .closed(let code, let reason) = ending, core.configuration.resetAfterClose { ending = .reset(code, reason) }
                    switch ending {
                    case .reset(let code, let reason):
                        core.recordClose(connection: id, code: code, origin: .server)
                        // Flushed to the socket before the reset, so the client reads the frame, then the reset.
                        try? await channel.channel.writeAndFlush(Self.closeFrame(code: code, reason: reason)).get()
                        try? await (channel.channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
                    case .closed(let code, let reason):
                        core.recordClose(connection: id, code: code, origin: .server)
                        try? await outbound.write(Self.closeFrame(code: code, reason: reason))
                        // The closing handshake: give the client a moment to answer the close frame,
                        // so closing the socket cannot overtake the frame.
                        let leftover = session.pending
                        _ = try? await withSandboxTimeout(.seconds(1), "the client's close") {
                            // The events already taken first, then new ones until the queue finishes.
                            var batch = leftover
                            while true {
                                for event in batch {
                                    switch event {
                                    case .clientClosed, .inboundEnded: return true
                                    default: continue
                                    }
                                }
                                batch = await events.next()[...]
                                if batch.isEmpty { return false }
                            }
                        }
                    case .dropped:
                        core.recordClose(connection: id, code: nil, origin: .serverDroppedTCP)
                    case .clientClosed(let code):
                        try? await outbound.write(Self.closeFrame(code: code ?? 1000, reason: ""))
                    case .ended:
                        break
                    }
                    try? await channel.channel.close()
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("gateway connection \(id) ended: \(error)")
        }
    }

    static func read(
        inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, connection id: Int, core: SandboxCore,
        into events: ConnectionEventQueue
    ) async throws {
        var fragments: [UInt8] = []
        do {
            for try await frame in inbound {
                switch frame.opcode {
                case .text, .binary, .continuation:
                    var data = frame.unmaskedData
                    fragments.append(contentsOf: data.readBytes(length: data.readableBytes) ?? [])
                    guard frame.fin else { continue }
                    let message = fragments
                    fragments.removeAll(keepingCapacity: true)
                    if let (code, reason) = core.recordInbound(connection: id, bytes: message) {
                        events.yield(.protocolClose(code, reason: reason))
                    } else {
                        events.yield(.message(message))
                    }
                case .connectionClose:
                    var data = frame.unmaskedData
                    let code = data.readInteger(as: UInt16.self)
                    core.recordClose(connection: id, code: code, origin: .client)
                    events.yield(.clientClosed(code: code))
                    return
                default:
                    continue
                }
            }
        } catch {}
        events.yield(.inboundEnded)
    }

    static func closeFrame(code: UInt16, reason: String) -> WebSocketFrame {
        var buffer = ByteBuffer()
        buffer.writeInteger(code)
        buffer.writeString(reason)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: buffer)
    }

    static func query(of uri: String) -> [String: String] {
        guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var result: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            result[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        return result
    }

    /// The per-connection protocol state.
    private struct ConnectionSession {
        let core: SandboxCore
        let id: Int
        /// The connection's channel, for writes that wait for their flush (`sendPaced`).
        let channel: any Channel
        let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
        let compressor: (any TransportCompressor)?
        let events: ConnectionEventQueue
        /// Events taken from the queue and not handled yet, oldest first.
        var pending: ArraySlice<ConnectionEvent> = []
        var identified = false
        var lastSeqSent = 0
        var seqAtPreviousHeartbeat = 0
        var withheldACKs = 0
        /// `ConnectionStartFault.rejectIdentify`: the close code Identify gets on this connection.
        var identifyRejection: UInt16?

        init(
            core: SandboxCore, id: Int, channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>,
            compressor: (any TransportCompressor)?, events: ConnectionEventQueue
        ) {
            self.core = core
            self.id = id
            self.channel = channel
            self.outbound = outbound
            self.compressor = compressor
            self.events = events
        }

        mutating func run(startFaults: [ConnectionStartFault]) async throws -> Ending {
            if core.configuration.helloDelay > .zero { try await Task.sleep(for: core.configuration.helloDelay) }
            for fault in startFaults {
                switch fault {
                case .reconnectBeforeHello: try await send(#"{"t":null,"s":null,"op":7,"d":null}"#)
                case .delayHello(let duration): try await core.sleep(for: duration)
                case .closeBeforeHello(let code): return .closed(code, "")
                case .dropBeforeHello: return .dropped
                case .rejectIdentify(let code): identifyRejection = code
                }
            }
            let interval = core.configuration.heartbeatInterval
            let ms = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
            core.markHelloSent(id)
            try await send(#"{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":\#(ms),"_trace":["[\"gachabot-sandbox\"]"]}}"#)

            while true {
                if pending.isEmpty {
                    pending = await events.next()[...]
                    if pending.isEmpty { return .ended }
                }
                let event = pending.removeFirst()
                if let ending = try await handle(event) { return ending }
            }
        }

        mutating func handle(_ event: ConnectionEvent) async throws -> Ending? {
            switch event {
            case .send, .sendBurst:
                // This and the sends queued right behind it: one write, one flush, except that a
                // burst asking for slices is flushed every `framesPerFlush` frames, so the client
                // reads its start while the rest is still being compressed.
                var frames: [WebSocketFrame] = []
                var next: ConnectionEvent? = event
                while let send = next {
                    switch send {
                    case .send(let text, let seq):
                        frames.append(frame(for: text))
                        if let seq { lastSeqSent = max(lastSeqSent, seq) }
                    case .sendBurst(let dispatches, let framesPerFlush):
                        for dispatch in dispatches {
                            frames.append(frame(for: dispatch.text))
                            lastSeqSent = max(lastSeqSent, dispatch.seq)
                            if frames.count >= framesPerFlush {
                                try await outbound.write(contentsOf: frames)
                                frames.removeAll(keepingCapacity: true)
                            }
                        }
                    default:
                        preconditionFailure("only sends are gathered")
                    }
                    next = nil
                    if let following = pending.first, following.isSend { next = pending.removeFirst() }
                }
                if !frames.isEmpty { try await outbound.write(contentsOf: frames) }
                return nil
            case .sendPaced(let dispatches):
                // One frame per write; the next waits until the previous one is flushed to the socket.
                for dispatch in dispatches {
                    try await channel.writeAndFlush(frame(for: dispatch.text)).get()
                    lastSeqSent = max(lastSeqSent, dispatch.seq)
                }
                return nil
            case .fault(let fault):
                return try await apply(fault)
            case .protocolClose(let code, let reason):
                return .closed(code, reason)
            case .clientClosed(let code):
                return .clientClosed(code)
            case .inboundEnded:
                return .ended
            case .message(let bytes):
                return try await receive(bytes)
            }
        }

        mutating func apply(_ fault: GatewayFault) async throws -> Ending? {
            switch fault {
            case .reconnect:
                try await send(#"{"t":null,"s":null,"op":7,"d":null}"#)
            case .invalidSession(let resumable):
                if !resumable { core.forgetSession(connection: id) }
                try await send(#"{"t":null,"s":null,"op":9,"d":\#(resumable)}"#)
            case .withholdHeartbeatACKs(let count):
                withheldACKs = count
            case .close(let code):
                return .closed(code, "")
            case .closeThenReset(let code):
                return .reset(code, "")
            case .dropConnection:
                return .dropped
            case .rateLimited(let opcode, let retryAfter):
                let data: JSON = ["opcode": .int(Int64(opcode)), "retry_after": .double(retryAfter), "meta": ["guild_id": nil]]
                _ = try? core.dispatch(event: "RATE_LIMITED", data: data.serialized, shard: core.shard(of: id) ?? 0)
            }
            return nil
        }

        mutating func receive(_ bytes: [UInt8]) async throws -> Ending? {
            guard let json = try? JSON(parsing: bytes), let op = json["op"]?.intValue else {
                return .closed(4002, "Error while decoding payload.")
            }
            let data = json["d"] ?? .null
            switch op {
            case 1:
                if let seq = data.intValue, seq > lastSeqSent {
                    core.recordViolation(
                        .heartbeatSequence, connection: id, detail: "heartbeat d=\(seq) but last sequence sent is \(lastSeqSent)")
                } else if (data.intValue ?? 0) < seqAtPreviousHeartbeat {
                    core.recordViolation(
                        .heartbeatSequence, connection: id,
                        detail:
                            "heartbeat d=\(data.intValue.map(String.init) ?? "null") older than \(seqAtPreviousHeartbeat), sent before the previous heartbeat"
                    )
                }
                seqAtPreviousHeartbeat = lastSeqSent
                if withheldACKs > 0 {
                    withheldACKs -= 1
                } else {
                    try await send(#"{"t":null,"s":null,"op":11,"d":null}"#)
                }
            case 2:
                if identified { return .closed(4005, "Already authenticated.") }
                if let identifyRejection { return .closed(identifyRejection, "Identify rejected (scripted).") }
                switch core.identify(connection: id, data: data) {
                case .ready: identified = true
                case .close(let code, let reason): return .closed(code, reason)
                }
            case 6:
                if identified { return .closed(4005, "Already authenticated.") }
                switch core.resume(connection: id, data: data) {
                case .resumed: identified = true
                case .invalidSession: try await send(#"{"t":null,"s":null,"op":9,"d":false}"#)
                case .close(let code, let reason): return .closed(code, reason)
                }
            case 3, 4, 8, 31:
                if !identified { return .closed(4003, "Not authenticated.") }
            default:
                return .closed(4001, "Unknown opcode.")
            }
            return nil
        }

        func send(_ text: String) async throws {
            try await outbound.write(frame(for: text))
        }

        /// The frame carrying `text`: compressed on the connection's stream context when the client
        /// asked for transport compression, so frames must be made in the order they are sent.
        func frame(for text: String) -> WebSocketFrame {
            if let compressor {
                var buffer = ByteBuffer()
                var text = text
                text.withUTF8 { compressor.compress(UnsafeRawBufferPointer($0), into: &buffer) }
                return WebSocketFrame(fin: true, opcode: .binary, data: buffer)
            }
            return WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
        }
    }
}

extension SandboxCore {
    func shard(of connection: Int) -> Int? {
        state.withLock { $0.connections[connection]?.info.shard }
    }

    func recordViolation(_ kind: ProtocolViolation.Kind, connection: Int?, detail: String) {
        state.withLock { $0.recordViolation(kind, connection: connection, detail: detail) }
    }
}
