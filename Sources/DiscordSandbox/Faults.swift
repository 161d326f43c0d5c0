/// A misbehaviour scripted on the gateway connection of one shard. It applies to the shard's
/// current connection at once, or, when the shard has none, right after its next READY/RESUMED.
public enum GatewayFault: Sendable, Hashable {
    /// Send op 7 Reconnect.
    case reconnect
    /// Send op 9 Invalid Session with `d` = `resumable`. With `false` the session is also forgotten.
    case invalidSession(resumable: Bool)
    /// Leave the next `count` heartbeats without an op 11 ACK (`Int.max`: all of them).
    case withholdHeartbeatACKs(count: Int)
    /// Send a close frame with this code, then close the socket.
    case close(code: UInt16)
    /// Send a close frame with this code, then reset the TCP connection at once (`SO_LINGER` 0):
    /// the client reads a reset right behind the frame, often in the same read, and its close
    /// echo or heartbeat is never read.
    case closeThenReset(code: UInt16)
    /// Close the TCP connection without a close frame.
    case dropConnection
    /// Send a `RATE_LIMITED` dispatch (`opcode` = the op that was limited, usually 8).
    case rateLimited(opcode: Int, retryAfter: Double)
}

/// A misbehaviour at the start of the next accepted gateway connection (before Hello; the shard
/// is not known yet at that point, so these apply to whichever connection comes next).
public enum ConnectionStartFault: Sendable, Hashable {
    /// Send op 7 Reconnect before Hello (Discord may).
    case reconnectBeforeHello
    /// Wait this long (on the sandbox clock) before sending Hello.
    case delayHello(Duration)
    /// Close with this code before Hello.
    case closeBeforeHello(code: UInt16)
    /// Drop the TCP connection before Hello.
    case dropBeforeHello
    /// Answer the connection's Identify with a close frame with this code (4004 is what Discord
    /// sends for a token it rejects; 4014 for a disallowed intent), whatever the Identify says.
    /// With `SandboxConfiguration.resetAfterClose` the frame is followed by a TCP reset.
    case rejectIdentify(code: UInt16)
}

/// A misbehaviour of the REST API for matching requests.
public enum RESTFault: Sendable, Hashable {
    /// A per-route 429: bucket headers, `X-RateLimit-Scope: user`, JSON `{message, retry_after, global: false}`.
    case rateLimited(retryAfter: Double)
    /// A global 429: `X-RateLimit-Global: true`, `X-RateLimit-Scope: global`, `global: true`.
    case globalRateLimited(retryAfter: Double)
    /// A shared-resource 429: `X-RateLimit-Scope: shared` (does not count against the bot).
    case sharedRateLimited(retryAfter: Double)
    /// Cloudflare's ban page: HTML body, only a `Retry-After` header, no bucket headers.
    case cloudflareRateLimited(retryAfter: Int)
    /// 500, 502, 503 or 504 with a short body.
    case serverError(status: Int)
    /// Wait this long (sandbox clock) before handling the request normally.
    case delay(Duration)
    /// 401 `{"message": "401: Unauthorized", "code": 0}` whatever the token.
    case unauthorized
    /// Handles the request as usual, then closes the connection without answering: the client
    /// cannot tell whether the request took effect (as when a proxy gives up after Discord acted).
    case answerLost
    /// 403 `{"message": "Cannot send messages to this user", "code": 50007}`: what Discord answers
    /// a DM to a member who closed their DMs or shares no server with the bot.
    case cannotMessageUser
}

/// Which requests a `RESTFault` applies to.
public struct RESTFaultTarget: Sendable, Hashable {
    /// Uppercased HTTP method, or nil for any.
    public var method: String?
    /// OpenAPI path template (e.g. `/channels/{channel_id}/messages`), or nil for any route.
    public var template: String?

    public init(method: String? = nil, template: String? = nil) {
        self.method = method?.uppercased()
        self.template = template
    }

    public static let anyRoute = RESTFaultTarget()
    public static func route(_ method: String? = nil, _ template: String) -> RESTFaultTarget {
        RESTFaultTarget(method: method, template: template)
    }

    func matches(method: String, template: String?) -> Bool {
        if let m = self.method, m != method { return false }
        if let t = self.template, t != template { return false }
        return true
    }
}

/// Errors of the sandbox's own API.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    case notStarted
    case alreadyStarted
    case timedOut(String)
    case noSession(shard: Int)
    case unknownGuild(UInt64)
    case invalidJSON(String)
    case certificateGeneration(String)
    /// An attachment option names a file `uploadAttachment` never stored.
    case unknownAttachment(UInt64)

    public var description: String {
        switch self {
        case .notStarted: "the sandbox is not running: call start() first"
        case .alreadyStarted: "the sandbox was already started"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .noSession(let shard): "shard \(shard) has no gateway session yet: await waitForSession(shard:) first"
        case .unknownGuild(let id): "guild \(id) is not in the sandbox configuration"
        case .invalidJSON(let reason): "invalid JSON: \(reason)"
        case .certificateGeneration(let reason): "could not generate the TLS certificate: \(reason)"
        case .unknownAttachment(let id): "attachment \(id) was not uploaded: call uploadAttachment first"
        }
    }
}
