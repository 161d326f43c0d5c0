import Foundation

/// One part of a `multipart/form-data` body (`payload_json`, `files[0]`, …).
public struct MultipartPart: Sendable, Hashable {
    public var name: String
    public var filename: String?
    public var contentType: String?
    public var data: Data

    public init(name: String, filename: String?, contentType: String?, data: Data) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// A REST request the sandbox received, with the answer it gave.
public struct RecordedRequest: Sendable {
    /// Position in arrival order, from 0.
    public var index: Int
    public var method: String
    /// Path without the query, e.g. `/api/v10/interactions/1/tok/callback`.
    public var path: String
    public var query: String?
    /// The matched OpenAPI path template (e.g. `/interactions/{interaction_id}/{interaction_token}/callback`).
    public var routeTemplate: String?
    /// Header names lowercased; `authorization` is replaced by `Bot [redacted]` (or `[redacted]`).
    public var headers: [String: String]
    /// Whether the request carried `Authorization: Bot <the configured token>`.
    public var authorized: Bool
    public var body: Data
    public var parts: [MultipartPart]
    /// Elapsed time on the sandbox clock since the sandbox started.
    public var receivedAt: Duration
    public var responseStatus: Int
    public var responseBody: Data

    /// The JSON payload: the body, or the `payload_json` part of a multipart body.
    public var payloadJSON: Data? {
        if let part = parts.first(where: { $0.name == "payload_json" }) { return part.data }
        if headers["content-type"]?.lowercased().hasPrefix("application/json") == true { return body }
        return nil
    }

    public var bodyText: String { String(decoding: payloadJSON ?? body, as: UTF8.self) }

    /// Decodes the JSON payload.
    public func decodePayload<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: payloadJSON ?? body)
    }
}

/// A gateway payload the sandbox received from a client.
public struct RecordedGatewayPayload: Sendable {
    public var index: Int
    public var connectionID: Int
    /// The shard the connection identified or resumed as, if it had by then.
    public var shard: Int?
    public var op: Int?
    public var json: String
    public var receivedAt: Duration
}

/// A close frame the sandbox sent or received, or a TCP drop.
public struct RecordedClose: Sendable, Hashable {
    public enum Origin: Sendable, Hashable { case client, server, serverDroppedTCP }
    public var connectionID: Int
    public var shard: Int?
    public var code: UInt16?
    public var origin: Origin
}

/// A rule of Discord's gateway or REST API the client broke.
public struct ProtocolViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case sendRateExceeded, payloadTooLarge, identifyBeforeHello, heartbeatSequence, invalidPayload
        case identifyTooFast, sessionStartLimitExhausted, missingUserAgent, unauthorized
    }
    public var kind: Kind
    public var connectionID: Int?
    public var shard: Int?
    public var detail: String
    public var description: String { "\(kind.rawValue) (connection \(connectionID.map(String.init) ?? "-"), shard \(shard.map(String.init) ?? "-")): \(detail)" }
}

/// A REST body that does not conform to Discord's OpenAPI description.
public struct OpenAPIViolation: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    /// Request path as sent.
    public var path: String
    public var routeTemplate: String?
    /// JSON pointer into the body (`/data/components/0/type`).
    public var pointer: String
    public var message: String
    public var description: String { "\(method) \(path) \(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// A connection the gateway accepted.
public struct GatewayConnectionInfo: Sendable, Hashable {
    public var id: Int
    public var shard: Int?
    public var sessionID: String?
    public var compression: String?
    public var resumed: Bool
    /// Which listener it came to: the main gateway URL or the resume URL.
    public var viaResumeURL: Bool
}
