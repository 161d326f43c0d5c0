import NIOWebSocket

/// Reads the head of a websocket frame as a client must read what a server sends
/// (RFC 6455 §5.2), straight from the socket's bytes.
///
/// Why not NIO's `WebSocketFrameDecoder`: behind a `ByteToMessageHandler`, every frame became a
/// `WebSocketFrame` boxed into an existential, cast back out by the next handler, with runtime
/// exclusivity checks and generic metadata lookups along the way. At gateway ingest rates that
/// was 15% of the client's CPU (BENCHMARKS.md, "Fifth round"). The handshake stays NIO's.
///
/// Stricter than NIO's decoder where the RFC says a client must fail the connection: a masked
/// frame, reserved bits without a negotiated extension, a reserved opcode, a fragmented or
/// over-125-byte control frame, a 64-bit length with its top bit set.
enum WebSocketFrameParser {
    struct Head: Equatable, Sendable {
        var fin: Bool
        var opcode: WebSocketOpcode
        /// Bytes of the head: 2, 4 or 10 (a server never sends a masking key).
        var headLength: Int
        var payloadLength: Int

        var frameLength: Int { headLength + payloadLength }
    }

    /// Why the connection must fail, and the close code that says so.
    struct Violation: Error, Equatable, Sendable, CustomStringConvertible {
        var reason: String
        var closeCode: WebSocketErrorCode
        var description: String { reason }
    }

    enum Outcome: Equatable, Sendable {
        /// Not enough bytes yet for the whole head.
        case incomplete
        case head(Head)
        case invalid(Violation)
    }

    /// Parses the head at the start of `bytes`. Payloads over `maximumPayload` bytes are refused
    /// here, before their bytes are buffered.
    static func parseHead(_ bytes: UnsafeRawBufferPointer, maximumPayload: Int) -> Outcome {
        guard bytes.count >= 2 else { return .incomplete }
        let first = bytes[0]
        let second = bytes[1]
        guard first & 0x70 == 0 else {
            return .invalid(Violation(reason: "a frame with reserved bits set (no extension was negotiated)", closeCode: .protocolError))
        }
        let code = first & 0x0F
        guard let opcode = WebSocketOpcode(encodedWebSocketOpcode: code), code <= 0x2 || (code >= 0x8 && code <= 0xA) else {
            return .invalid(Violation(reason: "a frame with the reserved opcode \(code)", closeCode: .protocolError))
        }
        guard second & 0x80 == 0 else {
            return .invalid(Violation(reason: "a masked frame from the server", closeCode: .protocolError))
        }
        let fin = first & 0x80 != 0
        var headLength = 2
        var length = Int(second & 0x7F)
        if length == 126 {
            guard bytes.count >= 4 else { return .incomplete }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            headLength = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return .incomplete }
            guard bytes[2] & 0x80 == 0 else {
                return .invalid(Violation(reason: "a frame length with its most significant bit set", closeCode: .protocolError))
            }
            var wide: UInt64 = 0
            for index in 2..<10 { wide = wide << 8 | UInt64(bytes[index]) }
            guard wide <= UInt64(maximumPayload) else { return .invalid(tooLarge(maximumPayload)) }
            length = Int(wide)
            headLength = 10
        }
        if code >= 0x8 {
            guard fin else { return .invalid(Violation(reason: "a fragmented control frame", closeCode: .protocolError)) }
            guard length <= 125 else {
                return .invalid(Violation(reason: "a control frame of \(length) bytes (at most 125)", closeCode: .protocolError))
            }
        }
        guard length <= maximumPayload else { return .invalid(tooLarge(maximumPayload)) }
        return .head(Head(fin: fin, opcode: opcode, headLength: headLength, payloadLength: length))
    }

    static func tooLarge(_ maximum: Int) -> Violation {
        Violation(reason: "a message over \(maximum) bytes", closeCode: .messageTooLarge)
    }
}
