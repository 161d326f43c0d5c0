import Clocks
import DiscordModels
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Discord's REST API for one bot token: rate-limited, retrying, with typed errors.
///
/// Each client owns its `RateLimiter`, so limits are kept per token: two bots in one process do
/// not share state. Requests go out on the client's own keep-alive connections
/// (`HTTP1ConnectionPool`) on the given event loops, closed when the client goes away.
public final class DiscordRESTClient: Sendable {
    /// Tuning beyond the usual parameters; the defaults follow Discord's documented limits.
    public struct Options: Sendable {
        /// How long one attempt may take, from sending to the last byte of the answer.
        public var requestTimeout: Duration
        public var retry: RetryPolicy
        public var rateLimits: RateLimiter.Configuration
        /// 429s in a row on one call before giving up with `.rateLimited`.
        public var maximumRateLimitRetries: Int
        /// Answers larger than this are cut off as a transport error.
        public var maximumResponseBytes: Int
        /// Keep-alive connections to Discord open at once; further requests wait for one. HTTP/1.1
        /// carries one request at a time per connection, so this bounds the REST throughput at
        /// about `maximumConnections` ÷ the round trip: 8 connections at a 50 ms round trip allow
        /// ~160 requests a second, and a burst of interactions would wait past Discord's 3-second
        /// window for a connection (the watchdog's deferral too). 64 matches the dispatcher's
        /// concurrent handlers, so no interaction's callback waits for another's. Connections are
        /// opened on demand and closed after 45 s idle.
        public var maximumConnections: Int

        public init(
            requestTimeout: Duration = .seconds(15), retry: RetryPolicy = RetryPolicy(),
            rateLimits: RateLimiter.Configuration = .init(), maximumRateLimitRetries: Int = 5,
            maximumResponseBytes: Int = 8 << 20, maximumConnections: Int = 64
        ) {
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.rateLimits = rateLimits
            self.maximumRateLimitRetries = maximumRateLimitRetries
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumConnections = maximumConnections
        }
    }

    public static let defaultBaseURL = "https://discord.com/api/v10"

    public let rateLimiter: RateLimiter
    public let baseURL: String
    /// `DiscordBot (url, version)`: https://discord.com/developers/docs/reference#user-agent
    public let userAgent: String
    public let options: Options
    private let token: BotToken
    /// The connections to the base URL's origin, or why there can be none (an unusable base URL).
    private let connections: Result<HTTP1ConnectionPool, HTTP1TransportError>
    /// `Host` and `User-Agent` header lines, with and without the bot's `Authorization`.
    private let fixedHeaders: (withAuthorization: [UInt8], withoutAuthorization: [UInt8])
    private let timeline: Timeline
    private let random: any RandomSource
    private let logger: Logger
    private let counters = Mutex(RESTMetrics())
    /// The Prometheus side: answers by route, method and status class, 429s by scope.
    private let exported: DiscordRESTMetrics

    public init(
        token: BotToken,
        baseURL: String = DiscordRESTClient.defaultBaseURL,
        tls: TLSConfiguration = .makeClientConfiguration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any Clock<Duration> = ContinuousClock(),
        random: any RandomSource = SystemRandomSource(),
        userAgentURL: String = "https://github.com/gachabot/gachabot",
        version: String = "0.1.0",
        options: Options = Options(),
        metrics: DiscordRESTMetrics = .disabled,
        logger: Logger = Logger(label: "gachabot.rest")
    ) {
        self.exported = metrics
        self.token = token
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeline = Timeline(clock)
        self.random = random
        self.userAgent = "DiscordBot (\(userAgentURL), \(version))"
        self.options = options
        self.logger = logger
        self.rateLimiter = RateLimiter(configuration: options.rateLimits, clock: clock)
        let connections: Result<HTTP1ConnectionPool, HTTP1TransportError>
        do {
            let headerValues = [userAgent, token.authorizationHeader]
            if headerValues.contains(where: { $0.utf8.contains { $0 < 0x20 || $0 == 0x7F } }) {
                throw HTTP1TransportError.invalidRequest("the token or the user agent holds a control character")
            }
            let origin = try HTTP1ConnectionPool.Origin(baseURL: self.baseURL)
            connections = .success(
                try HTTP1ConnectionPool(
                    origin: origin, group: eventLoopGroup, tls: tls,
                    maximumConnections: max(1, options.maximumConnections)))
        } catch let error as HTTP1TransportError {
            connections = .failure(error)
        } catch {
            connections = .failure(.unsupportedURL("TLS configuration: \(error)"))
        }
        self.connections = connections
        let authority = (try? connections.get().origin.authority) ?? ""
        let common = "Host: \(authority)\r\nUser-Agent: \(userAgent)\r\n"
        self.fixedHeaders = (Array((common + "Authorization: \(token.authorizationHeader)\r\n").utf8), Array(common.utf8))
    }

    deinit {
        if case .success(let pool) = connections { pool.shutdown() }
    }

    /// What this client has done so far.
    public var metrics: RESTMetrics { counters.withLock { $0 } }

    /// Connections open to the base URL's origin, idle or busy (nil when the base URL is unusable).
    var openConnections: Int? { try? connections.get().openConnections }

    /// Sends a request, waiting on rate limits and retrying server errors and transport failures,
    /// and returns a 2xx answer; anything else ends as a `DiscordRESTError`.
    public func send(_ request: DiscordRequest) async throws(DiscordRESTError) -> DiscordResponse {
        let route = request.route
        var failedAttempts = 0
        var rateLimitRetries = 0
        while true {
            let ticket: RateLimitTicket
            do {
                ticket = try await rateLimiter.acquire(route)
            } catch {
                if case .cancelled = error {} else { counters.withLock { $0.refusedLocally += 1 } }
                throw error
            }
            counters.withLock { $0.requestsSent += 1 }

            let response: DiscordResponse
            do {
                response = try await perform(request)
            } catch {
                rateLimiter.release(ticket)
                if Task.isCancelled { throw .cancelled }
                failedAttempts += 1
                counters.withLock { $0.transportFailures += 1 }
                let message = redact(String(describing: error), route: route)
                guard failedAttempts < options.retry.maximumAttempts else {
                    logger.warning("request failed", metadata: ["route": "\(route)", "error": "\(message)"])
                    throw .transport(message: message, attempts: failedAttempts)
                }
                try await backOff(after: failedAttempts, route: route, reason: message)
                continue
            }
            counters.withLock { $0.responsesByStatus[response.status, default: 0] += 1 }
            exported.answered(route, status: response.status)

            // A single-use route learns nothing from an answer but a 429 (see `RateLimiter.learn`).
            let headers = route.isSingleUse && response.status != 429 ? RateLimitHeaders() : RateLimitHeaders(response.headers)
            let summary: RateLimitBodySummary? =
                if response.status == 429, let body = try? JSONDecoder().decode(RateLimitBody.self, from: response.body) {
                    RateLimitBodySummary(retryAfter: body.retryAfter, global: body.global)
                } else { nil }
            switch rateLimiter.record(
                status: response.status, headers: headers, body: summary, for: route, ticket: ticket)
            {
            case .tokenRejected:
                logger.error("Discord rejected the bot token; every further request will fail at once", metadata: ["route": "\(route)"])
                throw .tokenRejected
            case .retry(let after, let global, let scope):
                counters.withLock {
                    $0.rateLimited += 1
                    if global { $0.globalRateLimited += 1 }
                    if scope == .shared { $0.sharedRateLimited += 1 }
                    if !headers.hasDiscordHeaders && summary == nil { $0.cloudflareRateLimited += 1 }
                }
                exported.rateLimited(
                    global ? .global : !headers.hasDiscordHeaders && summary == nil ? .cloudflare : scope == .shared ? .shared : .user)
                rateLimitRetries += 1
                logger.notice(
                    "rate limited", metadata: ["route": "\(route)", "retry_after": "\(after)", "global": "\(global)"])
                guard rateLimitRetries <= options.maximumRateLimitRetries else {
                    throw .rateLimited(retryAfter: after, global: global, endpoint: route.endpoint)
                }
                continue
            case .deliver:
                break
            }

            if (200..<300).contains(response.status) { return response }
            if options.retry.retriedStatuses.contains(response.status) {
                failedAttempts += 1
                if failedAttempts < options.retry.maximumAttempts {
                    try await backOff(after: failedAttempts, route: route, reason: "HTTP \(response.status)")
                    continue
                }
            }
            throw httpError(status: response.status, body: response.body, route: route)
        }
    }

    /// Sends a request and decodes its JSON answer.
    public func send<Response: Decodable>(
        _ request: DiscordRequest, decoding type: Response.Type
    ) async throws(DiscordRESTError) -> Response {
        let response = try await send(request)
        do {
            return try JSONDecoder().decode(Response.self, from: response.body)
        } catch {
            throw .decoding(message: redact("\(Response.self): \(error)", route: request.route))
        }
    }

    // MARK: - One attempt

    private func perform(_ request: DiscordRequest) async throws -> DiscordResponse {
        let pool = try connections.get()
        let route = request.route
        let payload: (contentType: String, bytes: Data)?
        switch request.body {
        case .none:
            payload = nil
        case .json(let data):
            payload = ("application/json", data)
        case .multipart(let payloadJSON, let files):
            let form = MultipartFormData(boundary: makeBoundary(), payloadJSON: payloadJSON, files: files)
            payload = (form.contentType, form.encoded())
        }

        // The request, head and body, in one buffer: one write on the connection.
        var buffer = ByteBufferAllocator().buffer(capacity: 384 + (payload?.bytes.count ?? 0))
        buffer.writeString(route.method.rawValue)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(pool.origin.pathPrefix)
        try Self.writeTarget(route.path, into: &buffer)
        if !request.query.isEmpty {
            var components = URLComponents()
            components.queryItems = request.query.map { URLQueryItem(name: $0.name, value: $0.value) }
            buffer.writeInteger(UInt8(ascii: "?"))
            try Self.writeTarget(components.percentEncodedQuery ?? "", into: &buffer)
        }
        buffer.writeStaticString(" HTTP/1.1\r\n")
        buffer.writeBytes(route.sendsBotAuthorization ? fixedHeaders.withAuthorization : fixedHeaders.withoutAuthorization)
        if let reason = request.auditLogReason,
            let encoded = reason.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)
        {
            buffer.writeStaticString("X-Audit-Log-Reason: ")
            try Self.writeTarget(encoded, into: &buffer)
            buffer.writeStaticString("\r\n")
        }
        if let payload {
            buffer.writeStaticString("Content-Type: ")
            buffer.writeString(payload.contentType)
            buffer.writeStaticString("\r\nContent-Length: ")
            buffer.writeString(String(payload.bytes.count))
            buffer.writeStaticString("\r\n\r\n")
            buffer.writeBytes(payload.bytes)
        } else if route.method == .POST || route.method == .PUT || route.method == .PATCH {
            buffer.writeStaticString("Content-Length: 0\r\n\r\n")
        } else {
            buffer.writeStaticString("\r\n")
        }

        let timeout = TimeAmount.nanoseconds(
            options.requestTimeout.components.seconds * 1_000_000_000
                + options.requestTimeout.components.attoseconds / 1_000_000_000)
        let response = try await pool.execute(
            buffer, method: route.method, deadline: NIODeadline.now() + timeout, maximumResponseBytes: options.maximumResponseBytes)
        logger.debug("answered", metadata: ["route": "\(route)", "status": "\(response.status)"])
        return DiscordResponse(
            status: response.status,
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Data(response.body.readableBytesView))
    }

    /// A request target (or header value) as is: printable ASCII without spaces only, so nothing
    /// in a path can end the request line or start a header of its own.
    private static func writeTarget(_ text: String, into buffer: inout ByteBuffer) throws(HTTP1TransportError) {
        for byte in text.utf8 where byte <= 0x20 || byte >= 0x7F {
            throw .invalidRequest("a path or header value holds a space, a control or a non-ASCII character")
        }
        buffer.writeString(text)
    }

    private func backOff(after failedAttempts: Int, route: Route, reason: String) async throws(DiscordRESTError) {
        let delay = options.retry.delay(afterFailedAttempt: failedAttempts, random: random)
        counters.withLock { $0.retries += 1 }
        logger.notice(
            "retrying", metadata: ["route": "\(route)", "reason": "\(reason)", "attempt": "\(failedAttempts + 1)", "delay": "\(delay)"])
        do {
            try await timeline.sleep(for: delay)
        } catch {
            throw .cancelled
        }
    }

    /// A message nonce: 20 random decimal digits at most, within Discord's 25 characters.
    func makeNonce() -> String {
        String(random.next(below: UInt64.max))
    }

    private func makeBoundary() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let suffix = (0..<24).map { _ in alphabet[Int(random.next(below: UInt64(alphabet.count)))] }
        return "gachabot-" + String(suffix)
    }

    /// `.http` with Discord's JSON error, anything that echoes a secret redacted before decoding.
    func httpError(status: Int, body data: Data, route: Route) -> DiscordRESTError {
        let text = redact(String(decoding: data, as: UTF8.self), route: route)
        return .http(status: status, body: try? JSONDecoder().decode(DiscordErrorBody.self, from: Data(text.utf8)))
    }

    /// Removes the bot token and any token in the route's path.
    func redact(_ text: String, route: Route) -> String {
        route.redact(token.redact(text))
    }
}
