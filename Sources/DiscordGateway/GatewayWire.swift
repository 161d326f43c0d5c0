import DiscordModels
import Foundation

/// Turns a decompressed gateway message into the state machine's input, and builds the
/// payloads the shard sends. The only place that touches gateway JSON.
enum GatewayWire {
    struct Parsed: Sendable {
        var inbound: GatewayInbound
        var header: GatewayFrameHeader
    }

    struct MalformedMessage: Error, CustomStringConvertible {
        var description: String { "not a gateway payload (no op)" }
    }

    private struct HelloData: Decodable {
        var heartbeat_interval: Int
    }

    private struct ReadyData: Decodable {
        var session_id: String
        var resume_gateway_url: String
    }

    private struct RateLimitedData: Decodable {
        var opcode: Int
        var retry_after: Double
    }

    /// Pre-scans `op`/`s`/`t` and decodes only the small control payloads the state machine
    /// needs (Hello, READY's session fields, op 9's flag); other dispatch bodies stay bytes.
    static func parse(_ bytes: [UInt8]) throws -> Parsed {
        try parse(bytes, header: GatewayFrameHeader.scan(bytes))
    }

    /// `parse` with the header already scanned from `bytes` (nil: it did not scan).
    static func parse(_ bytes: [UInt8], header: GatewayFrameHeader?) throws -> Parsed {
        guard let header else { throw MalformedMessage() }
        let inbound: GatewayInbound
        switch header.op {
        case .dispatch:
            let name = header.eventName ?? ""
            switch name {
            case "READY":
                let ready = try decode(ReadyData.self, header: header, bytes: bytes)
                inbound = .ready(sessionID: ready.session_id, resumeURL: ready.resume_gateway_url, sequence: header.sequence)
            case "RESUMED": inbound = .resumed(sequence: header.sequence)
            default: inbound = .dispatch(name: name, sequence: header.sequence)
            }
        case .heartbeat: inbound = .heartbeatRequest
        case .reconnect: inbound = .reconnect
        case .invalidSession:
            inbound = .invalidSession(resumable: (try? decode(Bool.self, header: header, bytes: bytes)) ?? false)
        case .hello:
            let hello = try decode(HelloData.self, header: header, bytes: bytes)
            inbound = .hello(heartbeatInterval: .milliseconds(hello.heartbeat_interval))
        case .heartbeatAck: inbound = .heartbeatAck
        default: inbound = .other(opcode: header.op.rawValue)
        }
        return Parsed(inbound: inbound, header: header)
    }

    static func rateLimit(header: GatewayFrameHeader, bytes: [UInt8]) -> GatewayRateLimit? {
        guard let d = try? decode(RateLimitedData.self, header: header, bytes: bytes) else { return nil }
        return GatewayRateLimit(opcode: d.opcode, retryAfter: d.retry_after)
    }

    private static func decode<T: Decodable>(_ type: T.Type, header: GatewayFrameHeader, bytes: [UInt8]) throws -> T {
        guard let data = header.data(in: bytes) else { throw MalformedMessage() }
        return try JSONDecoder().decode(T.self, from: Data(data))
    }

    // MARK: - Outbound

    static func heartbeat(sequence: Int?) -> String {
        "{\"op\":1,\"d\":\(sequence.map(String.init) ?? "null")}"
    }

    private struct IdentifyPayload: Encodable {
        struct Properties: Encodable {
            var os: String
            var browser: String
            var device: String
        }
        struct D: Encodable {
            var token: String
            var intents: GatewayIntents
            var properties: Properties
            var shard: [Int]
            var large_threshold: Int
            var compress: Bool
        }
        var op = 2
        var d: D
    }

    private struct ResumePayload: Encodable {
        struct D: Encodable {
            var token: String
            var session_id: String
            var seq: Int
        }
        var op = 6
        var d: D
    }

    /// op 2. Holds the token: never log the result.
    static func identify(_ configuration: GatewayConfiguration) -> String {
        let payload = IdentifyPayload(d: .init(
            token: configuration.token.secret,
            intents: configuration.intents,
            properties: .init(os: "linux", browser: "gachabot", device: "gachabot"),
            shard: [configuration.shardID, configuration.shardCount],
            large_threshold: configuration.largeThreshold,
            compress: false))
        return encode(payload)
    }

    /// op 6. Holds the token: never log the result.
    static func resume(token: BotToken, sessionID: String, sequence: Int) -> String {
        encode(ResumePayload(d: .init(token: token.secret, session_id: sessionID, seq: sequence)))
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        let data = (try? encoder.encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
