import DiscordModels
import Foundation

/// Turns a decompressed gateway message into the state machine's input, and builds the
/// payloads the shard sends. The only place that touches gateway JSON.
enum GatewayWire {
    struct Parsed {
        var inbound: GatewayInbound
        /// For dispatches: the message bytes, for decoding when subscribed.
        var dispatchName: String?
        var sequence: Int?
    }

    private struct Header: Decodable {
        var op: Int
        var s: Int?
        var t: String?
    }

    private struct Envelope<D: Decodable>: Decodable {
        var d: D
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

    static func parse(_ bytes: [UInt8]) throws -> Parsed {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let header = try decoder.decode(Header.self, from: data)
        switch header.op {
        case 0:
            let name = header.t ?? ""
            switch name {
            case "READY":
                let ready = try decoder.decode(Envelope<ReadyData>.self, from: data).d
                return Parsed(
                    inbound: .ready(sessionID: ready.session_id, resumeURL: ready.resume_gateway_url, sequence: header.s),
                    dispatchName: name, sequence: header.s)
            case "RESUMED":
                return Parsed(inbound: .resumed(sequence: header.s), dispatchName: name, sequence: header.s)
            default:
                return Parsed(inbound: .dispatch(name: name, sequence: header.s), dispatchName: name, sequence: header.s)
            }
        case 1: return Parsed(inbound: .heartbeatRequest)
        case 7: return Parsed(inbound: .reconnect)
        case 9:
            let resumable = (try? decoder.decode(Envelope<Bool>.self, from: data).d) ?? false
            return Parsed(inbound: .invalidSession(resumable: resumable))
        case 10:
            let hello = try decoder.decode(Envelope<HelloData>.self, from: data).d
            return Parsed(inbound: .hello(heartbeatInterval: .milliseconds(hello.heartbeat_interval)))
        case 11: return Parsed(inbound: .heartbeatAck)
        default: return Parsed(inbound: .other(opcode: header.op))
        }
    }

    static func rateLimit(from bytes: [UInt8]) -> GatewayRateLimit? {
        guard let d = try? JSONDecoder().decode(Envelope<RateLimitedData>.self, from: Data(bytes)).d else { return nil }
        return GatewayRateLimit(opcode: d.opcode, retryAfter: d.retry_after)
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
            var intents: UInt64
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
