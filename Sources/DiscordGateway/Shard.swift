import Clocks
import DiscordModels
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// One gateway connection of the bot: the I/O driver around `ShardStateMachine`.
///
/// It opens the websocket (`gatewayURL?v=10&encoding=json&compress=…`, or the session's
/// `resume_gateway_url` with the same query), decompresses, pre-scans each message, feeds the
/// state machine and carries out its actions: heartbeats on the injected clock, Identify after
/// the identify queue allows it, Resume, closes, reconnects with jittered backoff.
/// Events leave, in order, through `events`, a bounded channel: a slow consumer slows reading.
///
/// `run()` owns every task it starts and returns when the shard stops (`stop()`), or throws
/// `ShardFatalError` on a fatal close code.
public final class Shard: Sendable {
    public let configuration: GatewayConfiguration
    /// The shard's events; shared with other shards when passed in (see `ShardRunner`).
    public let events: BoundedEventChannel<ShardEvent>
    private let ownsEvents: Bool
    private let identifyQueue: any IdentifyQueue
    private let sessionStore: (any SessionStore)?
    private let time: GatewayTime
    private let logger: Logger
    private let machine: Mutex<ShardStateMachine>
    private let writer = Mutex<ConnectionWriter?>(nil)
    private let stopSignal = OneShotSignal()
    private let lastRateLimitBox = Mutex<GatewayRateLimit?>(nil)
    /// Runs the tasks reading the shard's connections, on the loop that owns their sockets.
    private let executor: EventLoopTaskExecutor

    /// The event loop every connection of this shard runs on (reconnects included).
    public var eventLoop: any EventLoop { executor.eventLoop }

    /// An executor for a consumer of `events`: with `withTaskExecutorPreference(eventsExecutor)`
    /// (or `addTask(executorPreference:)`) the consumer runs on the shard's event loop, so handing
    /// it an event is a job on the same thread instead of waking another one (a futex wake and a
    /// context switch per event). Child tasks inherit the preference: they must not block (awaiting
    /// is fine), and work that would run long belongs in a task without one, so the socket keeps
    /// being read.
    public var eventsExecutor: any TaskExecutor { executor }

    public init(
        configuration: GatewayConfiguration,
        identifyQueue: (any IdentifyQueue)? = nil,
        sessionStore: (any SessionStore)? = nil,
        events: BoundedEventChannel<ShardEvent>? = nil
    ) {
        // One of NIO's shared loops, kept for every connection of the shard.
        self.executor = EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())
        self.configuration = configuration
        self.identifyQueue = identifyQueue ?? InMemoryIdentifyQueue(maxConcurrency: 1, clock: configuration.clock)
        self.sessionStore = sessionStore
        self.events = events ?? BoundedEventChannel(capacity: configuration.eventBufferCapacity)
        self.ownsEvents = events == nil
        self.time = GatewayTime(configuration.clock)
        var logger = configuration.logger
        logger[metadataKey: "shard"] = "\(configuration.shardID)/\(configuration.shardCount)"
        self.logger = logger
        self.machine = Mutex(
            ShardStateMachine(
                configuration: .init(
                    shardID: configuration.shardID,
                    gatewayURL: configuration.gatewayURL,
                    compression: configuration.compression,
                    requestedIntents: configuration.intents,
                    backoff: configuration.backoff)))
    }

    public var id: Int { configuration.shardID }
    /// Heartbeat → ACK round trip of the last acknowledged heartbeat.
    public var latency: Duration? { machine.withLock { $0.latency } }
    public var state: ShardStateMachine.State { machine.withLock { $0.state } }
    public var session: GatewaySession? { machine.withLock { $0.session } }
    /// Heartbeat ACKs received on the current connection (for tests).
    var acknowledgedHeartbeats: Int { machine.withLock { $0.acknowledgedHeartbeats } }
    /// Whether the reading task awaits something other than the next frame (for tests).
    var isReaderHeld: Bool { machine.withLock { $0.isReaderHeld } }
    /// The last `RATE_LIMITED` dispatch received.
    public var lastRateLimit: GatewayRateLimit? { lastRateLimitBox.withLock { $0 } }

    // MARK: - Running

    public func run() async throws {
        defer { if ownsEvents { events.finish() } }
        if let sessionStore, let saved = try await sessionStore.load(shardID: id) {
            machine.withLock { $0.restore(saved) }
            logger.info("loaded a saved session; will resume")
        }
        while true {
            if Task.isCancelled {
                await stop()
            }
            let unit = configuration.random.unit()
            let (decision, reason) = machine.withLock { ($0.nextConnection(randomUnit: unit), $0.takeDisconnectReason()) }
            switch decision {
            case .stop:
                logger.info("shard stopped")
                return
            case .fail(let error):
                logger.error("\(error.description)")
                throw error
            case .connect(let url, let delay, let resuming):
                if let reason { configuration.metrics.reconnecting(after: reason, resuming: resuming) }
                if delay > .zero {
                    logger.info("connecting in \(delay)")
                    await sleepUnlessStopped(delay)
                    if stopSignal.isFired || Task.isCancelled {
                        // Let the state machine settle the stop before connecting.
                        let actions = machine.withLock { $0.connectFailed() }
                        try await performOffline(actions)
                        continue
                    }
                }
                logger.debug("connecting", metadata: ["url": "\(url)", "resuming": "\(resuming)"])
                try await runConnection(url: url)
            }
        }
    }

    /// Stops the shard: closes with 4000 (the session stays resumable and is saved), or with 1000
    /// when `endSession` (the bot goes offline; the saved session is forgotten). `run()` then returns.
    public func stop(endSession: Bool = false) async {
        let actions = machine.withLock { $0.stop(endSession: endSession) }
        stopSignal.fire()
        for action in actions {
            switch action {
            case .saveSession(let session): await save(session)
            case .close(let code, let reason, _):
                if let writer = writer.withLock({ $0 }) { try? await writer.close(code: code, reason: reason) }
            default: break
            }
        }
    }

    /// Sends a payload (presence update, request guild members, …) as JSON text through the send
    /// limiter. Throws `GatewaySendError.payloadTooLarge` over 4096 bytes, before sending.
    public func send(json: String) async throws {
        let size = json.utf8.count
        guard size <= GatewaySendLimiter.maximumPayloadBytes else {
            throw GatewaySendError.payloadTooLarge(bytes: size, limit: GatewaySendLimiter.maximumPayloadBytes)
        }
        guard let writer = writer.withLock({ $0 }), machine.withLock({ $0.state == .active }) else {
            throw GatewaySendError.notConnected
        }
        try await writer.send(json, kind: .regular)
    }

    // MARK: - One connection

    private enum ConnectionEnd: Sendable {
        case closed(code: Int?)
        case connectedInTime
        case connectTimedOut
        case abandoned
        case idle
    }

    private func runConnection(url: String) async throws {
        let connected = OneShotSignal()
        let abandon = OneShotSignal()
        var closeCode: Int?
        var failed = false
        let ingest = GatewayIngest(
            subscribed: configuration.subscribedEvents,
            metrics: configuration.metrics,
            recordSequence: { sequence in _ = self.machine.withLock { $0.receivedPlainDispatch(sequence: sequence) } },
            deliver: { name, sequence, data in
                // As the reading task would: recorded, then delivered; dropped while closing.
                guard self.machine.withLock({ $0.receivedPlainDispatch(sequence: sequence) }) else { return true }
                return self.events.trySend(.dispatch(self.dispatch(name: name, sequence: sequence, data: data.map(Array.init) ?? [])))
            })
        do {
            let tls = try makeTLSConfiguration()
            let serverName = configuration.tlsServerName ?? Self.loopbackServerName(url)
            // The connection's socket and the task reading it share one event loop (see
            // `EventLoopTaskExecutor`): no thread hop for what the pipeline hands on.
            let eventLoop = executor.eventLoop
            let compression = configuration.compression
            let maximumMessageBytes = configuration.maximumMessageBytes
            let handlerLogger = logger
            let end = try await withThrowingTaskGroup(of: ConnectionEnd.self) { group -> ConnectionEnd in
                group.addTask(executorPreference: executor) {
                    let channel = try await GatewaySocket.connect(
                        url: url, tls: tls, serverName: serverName,
                        connectTimeout: self.configuration.connectTimeout, eventLoop: eventLoop
                    ) {
                        // A fresh compression context per connection.
                        GatewayInboundHandler(
                            decoder: try TransportDecoder(compression), ingest: ingest, maximumMessageBytes: maximumMessageBytes,
                            closeTimeout: .seconds(5),
                            logger: handlerLogger)
                    }
                    connected.fire()
                    let code = try await channel.executeThenClose { inbound, outbound in
                        try await self.handle(inbound: inbound, outbound: outbound, ingest: ingest, abandon: abandon)
                    }
                    return .closed(code: code)
                }
                if let timeout = configuration.connectTimeout {
                    group.addTask {
                        await self.first(connected, orTimeout: timeout) ? .connectedInTime : .connectTimedOut
                    }
                }
                group.addTask { await abandon.wait() ? .abandoned : .idle }
                while let next = try await group.next() {
                    switch next {
                    case .connectedInTime, .idle: continue
                    case .closed, .connectTimedOut, .abandoned:
                        group.cancelAll()
                        return next
                    }
                }
                return .idle
            }
            switch end {
            case .closed(let code): closeCode = code
            case .connectTimedOut:
                failed = true
                logger.warning("connect timed out after \(configuration.connectTimeout ?? .zero)")
            default: break
            }
        } catch {
            if Task.isCancelled && !connected.isFired { throw CancellationError() }
            failed = !connected.isFired
            if let peer = ingest.peerClose {
                logger.info("connection ended after the peer's close frame (code \(peer.code.map(String.init) ?? "none")): \(error)")
            } else {
                logger.warning("connection ended: \(error)")
            }
        }
        if let peer = ingest.peerClose {
            // The peer's close frame decides how the connection ended, whatever followed it: a TCP
            // reset or EOF right behind it (even in the same read), a failed echo, our own abandon.
            failed = false
            closeCode = peer.code
        }
        writer.withLock { $0 = nil }
        let actions = machine.withLock { failed ? $0.connectFailed() : $0.socketClosed(code: closeCode) }
        if let closeCode { logger.info("gateway connection closed", metadata: ["code": "\(closeCode)"]) }
        try await performOffline(actions)
    }

    /// Returns true if `signal` fires before `timeout` elapses on the injected clock.
    private func first(_ signal: OneShotSignal, orTimeout timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await signal.wait() }
            group.addTask {
                do { try await self.time.sleep(for: timeout) } catch { return true }
                return false
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    private func sleepUnlessStopped(_ delay: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await self.stopSignal.wait() }
            group.addTask { try? await self.time.sleep(for: delay) }
            await group.next()
            group.cancelAll()
        }
    }

    /// TLS refuses an IP address as server name: a loopback gateway (the sandbox) is checked as `localhost`.
    private static func loopbackServerName(_ url: String) -> String? {
        url.hasPrefix("wss://127.0.0.1") || url.hasPrefix("wss://[::1]") ? "localhost" : nil
    }

    private func makeTLSConfiguration() throws -> TLSConfiguration? {
        guard let pems = configuration.trustRootsPEM else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try pems.flatMap { try NIOSSLCertificate.fromPEMBytes(Array($0.utf8)) })
        return tls
    }

    private final class HeartbeatSchedule: Sendable {
        let started = OneShotSignal()
        let value = Mutex<(interval: Duration, first: Duration)?>(nil)

        func start(interval: Duration, firstAt: Duration) {
            value.withLock { $0 = (interval, firstAt) }
            started.fire()
        }
    }

    /// Reads what the connection's pipeline hands on (see `GatewayInboundHandler`) until the
    /// socket ends; returns the peer's close code.
    private func handle(
        inbound: NIOAsyncChannelInboundStream<GatewayInboundMessage>, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>,
        ingest: GatewayIngest, abandon: OneShotSignal
    ) async throws -> Int? {
        let connectionWriter = ConnectionWriter(outbound: outbound, time: time)
        writer.withLock { $0 = connectionWriter }
        let connection = OpenConnection(writer: connectionWriter, abandon: abandon)
        var closeCode: Int?
        var reading = true
        let opening = machine.withLock { $0.connected() }
        if try await perform(opening, connection: connection, message: nil) {
            reading = false
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if reading {
                group.addTask { try await self.heartbeat(schedule: connection.schedule, writer: connectionWriter, abandon: abandon) }
                // Identify waits for its identify-queue turn in a task of its own, so this one keeps
                // reading meanwhile: ACKs, op 1, op 7, op 9 and close frames are handled during the wait.
                group.addTask { await self.identifyWhenAllowed(connection) }
            }
            for try await element in inbound {
                switch element {
                case .closed(let code):
                    closeCode = code
                case .message(let bytes, let parsed):
                    // `bytes` is the d of the message; `parsed.header.dataRange` spans it.
                    defer { ingest.processed() }
                    // After our close frame, wait for the peer's (and the end of the socket) only.
                    guard reading else { continue }
                    let now = time.now
                    // Only Hello (heartbeat jitter) and Invalid Session (reconnect delay) use a random
                    // draw; drawing one per dispatch cost a getrandom syscall per message.
                    let unit = parsed.inbound.usesRandomUnit ? configuration.random.unit() : 0
                    let actions = machine.withLock { $0.received(parsed.inbound, now: now, randomUnit: unit) }
                    if try await perform(actions, connection: connection, message: (bytes, parsed)) {
                        reading = false
                        group.cancelAll()
                    }
                }
            }
            group.cancelAll()
        }
        return closeCode
    }

    private func heartbeat(schedule: HeartbeatSchedule, writer: ConnectionWriter, abandon: OneShotSignal) async throws {
        if let helloTimeout = configuration.helloTimeout, await !first(schedule.started, orTimeout: helloTimeout) {
            logger.warning("no Hello within \(helloTimeout): abandoning the connection and reconnecting")
            abandon.fire()
            return
        }
        guard await schedule.started.wait(), let (interval, firstAt) = schedule.value.withLock({ $0 }) else { return }
        var deadline = firstAt
        while true {
            try await time.sleep(until: deadline)
            let now = time.now
            let actions = machine.withLock { $0.heartbeatTimerFired(now: now) }
            for action in actions {
                switch action {
                case .sendHeartbeat(let sequence):
                    try? await writer.send(GatewayWire.heartbeat(sequence: sequence), kind: .heartbeat)
                case .close(let code, let reason, _):
                    logger.warning("\(reason): closing with \(code) and resuming")
                    try? await writer.close(code: code, reason: reason)
                    // The peer is presumed dead: do not wait for its closing handshake.
                    abandon.fire()
                    return
                default: break
                }
            }
            deadline += interval
        }
    }

    /// What the tasks of one open connection share.
    private struct OpenConnection: Sendable {
        let writer: ConnectionWriter
        let abandon: OneShotSignal
        let schedule = HeartbeatSchedule()
        /// Fired when the state machine asks for Identify (`identifyWhenAllowed` sends it).
        let identifyRequested = OneShotSignal()
    }

    /// Waits until Identify is asked for and the identify queue gives the shard its turn, then
    /// sends it, unless the connection stopped expecting it meanwhile (op 7, op 9, a close).
    /// Runs beside the reading task, which goes on handling frames while this waits.
    private func identifyWhenAllowed(_ connection: OpenConnection) async {
        guard await connection.identifyRequested.wait() else { return }
        do {
            try await identifyQueue.waitForTurn(shardID: id)
        } catch {
            guard !Task.isCancelled else { return }
            logger.error("the identify queue failed: \(error); reconnecting")
            connection.abandon.fire()
            return
        }
        guard machine.withLock({ $0.state == .identifying }) else { return }
        logger.info("identifying")
        do {
            try await connection.writer.send(GatewayWire.identify(configuration), kind: .regular)
        } catch {
            // The socket is going away: the reading task sees it end.
            if !Task.isCancelled { logger.warning("could not send Identify: \(error)") }
        }
    }

    /// Awaits `body` with the reader marked as held: frames (heartbeat ACKs among them) may wait
    /// unread meanwhile, so the heartbeat timer does not judge a heartbeat by a missing ACK
    /// (see `ShardStateMachine.readerHeld(_:)`).
    private func holdingReader<T>(_ body: () async throws -> T) async throws -> T {
        machine.withLock { $0.readerHeld(true) }
        defer { machine.withLock { $0.readerHeld(false) } }
        return try await body()
    }

    /// Sends an event without waiting when the stream has room; otherwise waits for room with the
    /// reader marked as held.
    private func sendEvent(_ event: ShardEvent) async throws {
        if events.trySend(event) { return }
        try await holdingReader { try await events.send(event) }
    }

    /// Carries out actions while a socket is open. Returns true when reading must stop.
    private func perform(
        _ actions: [ShardAction], connection: OpenConnection, message: (bytes: [UInt8], parsed: GatewayWire.Parsed)?
    ) async throws -> Bool {
        for action in actions {
            switch action {
            case .sendIdentify:
                connection.identifyRequested.fire()
            case .sendResume(let sessionID, let sequence):
                logger.info("resuming", metadata: ["sequence": "\(sequence)"])
                try await holdingReader {
                    try await connection.writer.send(
                        GatewayWire.resume(token: configuration.token, sessionID: sessionID, sequence: sequence), kind: .regular)
                }
            case .sendHeartbeat(let sequence):
                try await holdingReader { try await connection.writer.send(GatewayWire.heartbeat(sequence: sequence), kind: .heartbeat) }
            case .startHeartbeating(let interval, let firstAfter):
                connection.schedule.start(interval: interval, firstAt: time.now + firstAfter)
            case .deliverDispatch(let name):
                if let message { try await deliver(name: name, message: message.bytes, parsed: message.parsed) }
            case .close(let code, let reason, let waitForPeer):
                logger.info("closing the connection with \(code): \(reason)")
                try? await connection.writer.close(code: code, reason: reason)
                if !waitForPeer { connection.abandon.fire() }
                return true
            case .saveSession(let session):
                try await holdingReader { await save(session) }
            case .disconnected(let code, let willReconnect):
                try await sendEvent(.disconnected(shard: id, code: code, willReconnect: willReconnect))
            case .fail(let error): try await sendEvent(.failed(error))
            case .stopped: break
            }
        }
        return false
    }

    /// Carries out actions when no socket is open.
    private func performOffline(_ actions: [ShardAction]) async throws {
        for action in actions {
            switch action {
            case .saveSession(let session): await save(session)
            case .disconnected(let code, let willReconnect):
                try await events.send(.disconnected(shard: id, code: code, willReconnect: willReconnect))
            case .fail(let error): try await events.send(.failed(error))
            default: break
            }
        }
    }

    private func deliver(name: String, message: [UInt8], parsed: GatewayWire.Parsed) async throws {
        switch parsed.inbound {
        case .ready(let sessionID, _, _):
            logger.info("READY", metadata: ["session": "\(sessionID)"])
            try await sendEvent(.ready(shard: id, sessionID: sessionID))
        case .resumed:
            logger.info("RESUMED")
            try await sendEvent(.resumed(shard: id))
        default: break
        }
        if name == "RATE_LIMITED", let limit = GatewayWire.rateLimit(header: parsed.header, bytes: message) {
            logger.warning(
                "Discord rate limited a gateway request", metadata: ["opcode": "\(limit.opcode)", "retry_after": "\(limit.retryAfter)"])
            lastRateLimitBox.withLock { $0 = limit }
            try await sendEvent(.rateLimited(shard: id, limit))
        }
        guard configuration.wantsDispatch(name) else { return }
        let data: [UInt8]
        if parsed.header.dataRange == 0..<message.count {
            data = message  // the pipeline hands on d alone: no copy
        } else {
            data = parsed.header.data(in: message).map(Array.init) ?? []
        }
        let start = ContinuousClock.now
        try await sendEvent(.dispatch(dispatch(name: name, sequence: parsed.header.sequence, data: data)))
        configuration.metrics.dispatched(since: start)
    }

    /// A subscribed dispatch with its event decoded (nil, and logged, when it does not decode).
    private func dispatch(name: String, sequence: Int?, data: [UInt8]) -> ShardDispatch {
        var event: GatewayDispatch?
        do {
            event = try GatewayDispatch.decode(eventName: name, data: data, guildCreate: configuration.guildCreateDetail)
        } catch {
            logger.warning("could not decode \(name) (sequence \(sequence ?? -1)): \(error)")
        }
        return ShardDispatch(name: name, sequence: sequence, shardID: id, data: data, event: event)
    }

    /// Saves off the shard's event loop: a store may write a file synchronously (as
    /// `JSONFileSessionStore` does), which must not stall the loop's sockets.
    private func save(_ session: GatewaySession?) async {
        guard let sessionStore else { return }
        await withTaskExecutorPreference(globalConcurrentExecutor) {
            do {
                try await sessionStore.save(session, shardID: id)
            } catch {
                logger.error("could not save the gateway session: \(error)")
            }
        }
    }
}

extension GatewayInbound {
    /// Whether `ShardStateMachine.received(_:now:randomUnit:)` uses its random draw for this frame.
    var usesRandomUnit: Bool {
        switch self {
        case .hello, .invalidSession: true
        default: false
        }
    }
}
