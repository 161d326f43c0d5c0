import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Keep-alive HTTP/1.1 connections to Discord's API origin (the REST client's base URL), at most
/// `maximumConnections` at once; a request takes an idle connection, opens a new one, or waits
/// for one to come back.
///
/// Why not AsyncHTTPClient: in the interaction round-trip benchmark, its request preparation,
/// connection-pool state machine, tracing and per-request promises and hops were ~30% of the
/// bot's CPU per interaction. This keeps only what the REST client uses: one origin, plain or TLS
/// (the given trust roots, SNI unless the host is an IP address), a deadline per request,
/// bounded response bodies, no redirects, no decompression. See docs/ARCHITECTURE.md, "Departures".
final class HTTP1ConnectionPool: Sendable {
    /// Scheme, host and port of the base URL, and its path prefix (e.g. `/api/v10`).
    struct Origin: Sendable, Equatable {
        var tls: Bool
        var host: String
        var port: Int
        var pathPrefix: String
        /// The `Host` header value.
        var authority: String

        /// Parses `http(s)://host[:port][/prefix]`; anything else (user info, query) is refused.
        init(baseURL: String) throws(HTTP1TransportError) {
            let rest: Substring
            if baseURL.hasPrefix("https://") {
                tls = true
                rest = baseURL.dropFirst("https://".count)
            } else if baseURL.hasPrefix("http://") {
                tls = false
                rest = baseURL.dropFirst("http://".count)
            } else {
                throw .unsupportedURL("the scheme must be http or https")
            }
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            var prefix = String(rest[authorityEnd...])
            while prefix.hasSuffix("/") { prefix.removeLast() }
            guard !authority.isEmpty, !authority.contains("@"), !prefix.contains("?"), !prefix.contains("#") else {
                throw .unsupportedURL("expected scheme://host[:port][/path]")
            }
            var host = authority
            var port = tls ? 443 : 80
            if authority.hasPrefix("[") {  // [IPv6]:port
                guard let close = authority.firstIndex(of: "]") else { throw .unsupportedURL("unclosed IPv6 address") }
                host = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") {
                    guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw .unsupportedURL("bad port") }
                    port = value
                }
            } else if let colon = authority.lastIndex(of: ":") {
                guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                    throw .unsupportedURL("bad port")
                }
                host = authority[..<colon]
                port = value
            }
            self.host = String(host)
            self.port = port
            self.pathPrefix = prefix
            self.authority = String(authority)
        }

        /// IP addresses get no SNI (and are not valid SNI names).
        var serverHostname: String? {
            (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
        }
    }

    private struct State {
        /// Idle connections with the moment each came back, most recent last.
        var idle: [(connection: HTTP1Connection, since: NIODeadline)] = []
        var open = 0
        var nextWaiterID: UInt64 = 0
        /// Requests waiting for a connection: handed one (or `nil`: a slot freed, try again).
        /// Each continuation is resumed exactly once, by whoever removes it from here under the
        /// lock, so unsafe ones do (a burst parks most requests here for a moment).
        var waiters: [(id: UInt64, continuation: UnsafeContinuation<HTTP1Connection?, any Error>)] = []
        var closed = false
    }

    let origin: Origin
    let maximumConnections: Int
    /// A connection idle longer than this is closed instead of reused: servers (and Cloudflare in
    /// front of Discord) drop idle keep-alive connections after a minute or so, and a request sent
    /// on one they are dropping fails.
    let idleTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let sslContext: NIOSSLContext?
    private let state = Mutex(State())

    init(
        origin: Origin, group: any EventLoopGroup, tls: TLSConfiguration, maximumConnections: Int,
        idleTimeout: TimeAmount = .seconds(45)
    ) throws {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.origin = origin
        self.idleTimeout = idleTimeout
        self.group = group
        self.maximumConnections = maximumConnections
        self.sslContext = origin.tls ? try NIOSSLContext(configuration: tls) : nil
    }

    deinit {
        for entry in state.withLock({ $0.idle }) { entry.connection.close() }
    }

    /// Connections open now (idle or busy).
    var openConnections: Int { state.withLock { $0.open } }

    /// Sends one serialised request and returns the whole response. The connection goes back to
    /// the pool when the server keeps it open, and is closed on any error.
    func execute(
        _ request: ByteBuffer, method: HTTPMethod, deadline: NIODeadline, maximumResponseBytes: Int
    ) async throws -> HTTP1Response {
        let connection = try await acquire(deadline: deadline)
        do {
            let response = try await connection.execute(
                request, method: method, deadline: deadline, maximumResponseBytes: maximumResponseBytes)
            release(connection, reusable: response.keepAlive)
            return response
        } catch {
            release(connection, reusable: false)
            throw error
        }
    }

    /// Closes idle connections and refuses new requests.
    func shutdown() {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for entry in idle { entry.connection.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: HTTP1TransportError.connectionClosed) }
    }

    // MARK: - Connections

    private enum Step {
        case use(HTTP1Connection)
        case connect
        case wait
    }

    private func acquire(deadline: NIODeadline) async throws -> HTTP1Connection {
        while true {
            if Task.isCancelled { throw HTTP1TransportError.cancelled }
            var stale: [HTTP1Connection] = []
            let oldest = NIODeadline.now() - idleTimeout
            let step = try state.withLock { state throws(HTTP1TransportError) -> Step in
                if state.closed { throw .connectionClosed }
                while let entry = state.idle.popLast() {
                    if entry.connection.isActive, entry.since > oldest { return .use(entry.connection) }
                    state.open -= 1  // closed by the server, or idle too long
                    stale.append(entry.connection)
                }
                if state.open < maximumConnections {
                    state.open += 1
                    return .connect
                }
                return .wait
            }
            for connection in stale { connection.close() }
            switch step {
            case .use(let connection):
                return connection
            case .connect:
                do {
                    return try await connect(deadline: deadline)
                } catch {
                    release(nil, reusable: false)
                    throw error
                }
            case .wait:
                if let connection = try await waitForConnection() { return connection }
            }
        }
    }

    private func waitForConnection() async throws -> HTTP1Connection? {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<HTTP1Connection?, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled || state.closed { return true }
                    // A connection or a slot came free between the caller's look and now: look again.
                    if !state.idle.isEmpty || state.open < maximumConnections { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume(returning: nil) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> UnsafeContinuation<HTTP1Connection?, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: HTTP1TransportError.cancelled)
        }
    }

    /// Hands a connection back (to a waiting request first), or gives up its slot.
    private func release(_ connection: HTTP1Connection?, reusable: Bool) {
        enum Handover {
            case none
            case give(UnsafeContinuation<HTTP1Connection?, any Error>, HTTP1Connection)
            case retry(UnsafeContinuation<HTTP1Connection?, any Error>)
            case close(HTTP1Connection)
        }
        let keep = reusable && connection?.isActive == true
        let handover = state.withLock { state -> Handover in
            if keep, let connection, !state.closed {
                if !state.waiters.isEmpty {
                    return .give(state.waiters.removeFirst().continuation, connection)
                }
                state.idle.append((connection, .now()))
                return .none
            }
            state.open -= 1
            if !state.waiters.isEmpty { return .retry(state.waiters.removeFirst().continuation) }  // its turn to connect
            return connection.map { .close($0) } ?? .none
        }
        switch handover {
        case .none: break
        case .give(let waiter, let connection): waiter.resume(returning: connection)
        case .retry(let waiter):
            connection?.close()
            waiter.resume(returning: nil)
        case .close(let connection): connection.close()
        }
    }

    private func connect(deadline: NIODeadline) async throws -> HTTP1Connection {
        let remaining = deadline - .now()
        guard remaining > .zero else { throw HTTP1TransportError.timedOut }
        let sslContext = self.sslContext
        let serverHostname = origin.serverHostname
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(min(remaining, .seconds(10)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    let handlers = channel.pipeline.syncOperations
                    if let sslContext {
                        try handlers.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try handlers.addHandler(SerialisedRequestWriter())
                    try handlers.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try handlers.addHandler(HTTP1ExchangeHandler())
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: origin.host, port: origin.port)
            .get()
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: HTTP1ExchangeHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return HTTP1Connection(channel: channel, handler: handler)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }
}

/// One pooled connection: a channel whose pipeline ends in an `HTTP1ExchangeHandler`, which is
/// driven directly on the channel's event loop.
final class HTTP1Connection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<HTTP1ExchangeHandler>
    private let exchangeIDs = Atomic<UInt64>(0)

    init(channel: any Channel, handler: NIOLoopBound<HTTP1ExchangeHandler>) {
        self.channel = channel
        self.handler = handler
    }

    var isActive: Bool { channel.isActive }

    func execute(
        _ request: ByteBuffer, method: HTTPMethod, deadline: NIODeadline, maximumResponseBytes: Int
    ) async throws -> HTTP1Response {
        let id = exchangeIDs.wrappingAdd(1, ordering: .relaxed).newValue
        let handler = self.handler
        let eventLoop = channel.eventLoop
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<HTTP1Response, any Error>) in
                let exchange = HTTP1ExchangeHandler.Exchange(
                    id: id, method: method, request: request, deadline: deadline, maximumResponseBytes: maximumResponseBytes,
                    continuation: continuation)
                // The bot's requests are made on this loop already (see `InteractionDispatcher`).
                if eventLoop.inEventLoop {
                    handler.value.start(exchange)
                } else {
                    eventLoop.execute { handler.value.start(exchange) }
                }
            }
        } onCancel: {
            eventLoop.execute { handler.value.cancel(id) }
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}
