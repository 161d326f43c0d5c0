import NIOCore
import NIOWebSocket
import Synchronization

/// Sends on one websocket connection through the 120-per-60 s limiter (with the heartbeat
/// reserve) and refuses payloads over 4096 bytes before they reach the socket.
final class ConnectionWriter: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private let limiter: Mutex<GatewaySendLimiter>
    private let time: GatewayTime

    init(outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>, time: GatewayTime, limiter: GatewaySendLimiter = GatewaySendLimiter()) {
        self.outbound = outbound
        self.time = time
        self.limiter = Mutex(limiter)
    }

    func send(_ text: String, kind: GatewaySendLimiter.PayloadKind) async throws {
        let size = text.utf8.count
        guard size <= GatewaySendLimiter.maximumPayloadBytes else {
            throw GatewaySendError.payloadTooLarge(bytes: size, limit: GatewaySendLimiter.maximumPayloadBytes)
        }
        let now = time.now
        let at = limiter.withLock { $0.reserve(kind, now: now) }
        try await time.sleep(until: at)
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
    }

    /// Sends a close frame; the peer answers with its own and ends the connection (see
    /// `GatewayInboundHandler` for the timeout when it does not).
    func close(code: Int, reason: String) async throws {
        var data = ByteBuffer()
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: code))
        // A close frame's payload is at most 125 bytes: 2 for the code, the rest for the reason.
        data.writeString(String(decoding: reason.utf8.prefix(123), as: UTF8.self))
        try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))
    }
}

/// A payload could not be sent on the gateway.
public enum GatewaySendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Discord closes the connection on payloads over 4096 bytes; refused before sending.
    case payloadTooLarge(bytes: Int, limit: Int)
    /// The shard has no open, identified connection right now.
    case notConnected

    public var description: String {
        switch self {
        case .payloadTooLarge(let bytes, let limit): "gateway payload of \(bytes) bytes exceeds the \(limit)-byte limit"
        case .notConnected: "the shard is not connected"
        }
    }
}
