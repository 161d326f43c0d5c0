import DiscordModels

/// A gateway frame as the state machine needs it: the opcode, the sequence and event name
/// (pre-scanned) and the few fields of control payloads. Dispatch bodies are never decoded here.
public enum GatewayInbound: Sendable, Equatable {
    /// op 10
    case hello(heartbeatInterval: Duration)
    /// op 1: the server asks for a heartbeat now.
    case heartbeatRequest
    /// op 11
    case heartbeatAck
    /// op 7
    case reconnect
    /// op 9; `d` says whether the session may be resumed.
    case invalidSession(resumable: Bool)
    /// op 0 `READY`: the fields needed to resume later.
    case ready(sessionID: String, resumeURL: String, sequence: Int?)
    /// op 0 `RESUMED`
    case resumed(sequence: Int?)
    /// any other op 0 dispatch.
    case dispatch(name: String, sequence: Int?)
    /// An opcode a client never receives or does not know; ignored.
    case other(opcode: Int)
}

/// What the driver must do after feeding an input to `ShardStateMachine`, in order.
public enum ShardAction: Sendable, Equatable {
    /// Wait for the identify queue, then send op 2 Identify.
    case sendIdentify
    /// Send op 6 Resume `{token, session_id, seq}`.
    case sendResume(sessionID: String, sequence: Int)
    /// Send op 1 with the last sequence (null before any).
    case sendHeartbeat(sequence: Int?)
    /// Start the heartbeat timer: first tick after `firstAfter`, then every `interval`.
    case startHeartbeating(interval: Duration, firstAfter: Duration)
    /// Hand the dispatch on (decoding it if subscribed). READY and RESUMED come through here too.
    case deliverDispatch(name: String)
    /// Close the socket with `code`. `waitForPeer` is false when the peer is presumed dead
    /// (zombie): the socket is torn down without waiting for the closing handshake.
    case close(code: Int, reason: String, waitForPeer: Bool)
    /// The socket is gone; the shard will (or will not) connect again.
    case disconnected(code: Int?, willReconnect: Bool)
    /// Persist the session (or forget it when nil).
    case saveSession(GatewaySession?)
    /// The shard has stopped for good with this error.
    case fail(ShardFatalError)
    /// The shard has stopped on request.
    case stopped
}

/// The next step when no socket is open.
public enum ShardConnectDecision: Sendable, Equatable {
    /// Open a websocket to `url` after waiting `delay`; `resuming` says whether a session will be resumed.
    case connect(url: String, delay: Duration, resuming: Bool)
    case stop
    case fail(ShardFatalError)
}

/// Every rule of a gateway shard, with no I/O and no clock: inputs carry the time (an offset on
/// the driver's monotonic clock) and random draws, outputs are `ShardAction`s.
/// Modelled after twilight's `ShardState` and swift-nio's state machines.
///
/// https://discord.com/developers/docs/events/gateway
public struct ShardStateMachine: Sendable {
    public enum State: Sendable, Equatable {
        /// No socket; waiting to connect (`attempts` failed connections since the last healthy session).
        case disconnected(attempts: Int)
        /// `nextConnection` was answered; the driver is opening the socket.
        case connecting
        /// Socket open, Hello not yet received.
        case awaitingHello
        /// Identify sent, READY not yet received.
        case identifying
        /// Resume sent, RESUMED not yet received.
        case resuming
        case active
        /// We sent a close frame and wait for the socket to end.
        case closing
        case stopped
        case fatallyClosed(code: Int)
    }

    public struct Configuration: Sendable {
        public var shardID: Int
        /// The `url` from `GET /gateway/bot` (no query).
        public var gatewayURL: String
        public var compression: GatewayCompression
        /// The intents sent in Identify, named in the 4014 message.
        public var requestedIntents: GatewayIntents
        public var backoff: ReconnectBackoff
        /// Random wait before identifying anew after op 9 `false`.
        public var invalidSessionDelay: ClosedRange<Duration>

        public init(
            shardID: Int, gatewayURL: String, compression: GatewayCompression,
            requestedIntents: GatewayIntents = [], backoff: ReconnectBackoff = ReconnectBackoff(),
            invalidSessionDelay: ClosedRange<Duration> = .seconds(1) ... .seconds(5)
        ) {
            self.shardID = shardID
            self.gatewayURL = gatewayURL
            self.compression = compression
            self.requestedIntents = requestedIntents
            self.backoff = backoff
            self.invalidSessionDelay = invalidSessionDelay
        }
    }

    /// A non-1000/1001 code: Discord keeps the session so it can be resumed.
    public static let resumableCloseCode = 4000
    /// Ends the session: the bot goes offline and the session cannot be resumed.
    public static let sessionEndingCloseCode = 1000

    private enum AfterClose: Equatable {
        case reconnect(minimumDelay: Duration)
        case stop
    }

    public let configuration: Configuration
    public private(set) var state: State = .disconnected(attempts: 0)
    public private(set) var session: GatewaySession?
    /// The last sequence number received, sent in heartbeats (nil before any).
    public private(set) var sequence: Int?
    /// Round trip of the last acknowledged heartbeat.
    public private(set) var latency: Duration?
    public private(set) var heartbeatInterval: Duration?

    private var attempts = 0
    private var afterClose: AfterClose = .reconnect(minimumDelay: .zero)
    private var pendingDelay: Duration = .zero
    private var awaitingAck = false
    private var lastHeartbeatSentAt: Duration?
    /// The driver is awaiting something other than the socket's next frame (a full event stream,
    /// a session save, the send limiter): ACKs may be arriving unread.
    public private(set) var isReaderHeld = false
    /// The reader was held at some point since the last heartbeat was sent.
    private var readerHeldSinceHeartbeat = false
    /// Heartbeat ACKs received on this connection.
    public private(set) var acknowledgedHeartbeats = 0
    private var reachedActiveOnThisConnection = false
    private var stopRequested = false
    /// What ended the last connection, until the next connection decision takes it.
    private var disconnectReason: GatewayDisconnectReason?

    public init(configuration: Configuration, session: GatewaySession? = nil) {
        self.configuration = configuration
        self.session = session
        self.sequence = session?.sequence
    }

    /// Whether a socket is open and not being closed by us.
    public var isConnected: Bool {
        switch state {
        case .awaitingHello, .identifying, .resuming, .active: true
        default: false
        }
    }

    // MARK: - Connection lifecycle

    /// Called when no socket is open: where to connect and after how long, or stop.
    public mutating func nextConnection(randomUnit: Double) -> ShardConnectDecision {
        switch state {
        case .stopped: return .stop
        case .fatallyClosed(let code): return .fail(fatalCloseError(code: code))
        default: break
        }
        if stopRequested {
            state = .stopped
            return .stop
        }
        let delay = max(pendingDelay, configuration.backoff.delay(attempt: attempts, unit: randomUnit))
        pendingDelay = .zero
        state = .connecting
        if let session {
            return .connect(
                url: GatewayURL.make(base: session.resumeURL, compression: configuration.compression), delay: delay, resuming: true)
        }
        return .connect(
            url: GatewayURL.make(base: configuration.gatewayURL, compression: configuration.compression), delay: delay, resuming: false)
    }

    /// What ended the last connection, once: the driver takes it with the next connection decision
    /// to count the reconnect (nil before the first connection).
    public mutating func takeDisconnectReason() -> GatewayDisconnectReason? {
        defer { disconnectReason = nil }
        return disconnectReason
    }

    /// Restores a session saved by a previous run, so the first connection resumes it.
    public mutating func restore(_ saved: GatewaySession) {
        guard case .disconnected = state else { return }
        session = saved
        sequence = saved.sequence
    }

    /// The websocket is open (upgrade done).
    public mutating func connected() -> [ShardAction] {
        if stopRequested {
            // A stop came while the socket was opening: close it again at once.
            state = .closing
            afterClose = .stop
            return [.close(code: Self.resumableCloseCode, reason: "shard stopping", waitForPeer: true)]
        }
        state = .awaitingHello
        awaitingAck = false
        lastHeartbeatSentAt = nil
        isReaderHeld = false
        readerHeldSinceHeartbeat = false
        acknowledgedHeartbeats = 0
        heartbeatInterval = nil
        reachedActiveOnThisConnection = false
        afterClose = .reconnect(minimumDelay: .zero)
        return []
    }

    /// The socket could not be opened (refused, TLS failure, upgrade rejected, connect timeout).
    public mutating func connectFailed() -> [ShardAction] {
        disconnectReason = .connectFailed
        attempts += 1
        state = .disconnected(attempts: attempts)
        return [.disconnected(code: nil, willReconnect: !stopRequested)]
    }

    /// The socket has ended, with the close code the peer sent (nil for a dropped TCP connection).
    ///
    /// The peer's code decides, whatever ended the socket after its close frame (a TCP reset, EOF,
    /// a failed write): the driver passes the code of a close frame it received even when reading
    /// then failed. It decides also while we were closing ourselves (the peer's frame may have
    /// crossed ours), unless the shard is stopping: a fatal code stops the shard, 4007/4009 forget
    /// the session. Our own codes (4000, 1000) echoed back change nothing.
    public mutating func socketClosed(code: Int?) -> [ShardAction] {
        switch state {
        case .stopped, .fatallyClosed: return []
        default: break
        }
        let closing = state == .closing
        let stopping = closing && afterClose == .stop
        if !stopping, let code, code >= 4000, !GatewayCloseCode(rawValue: code).canReconnect {
            if !reachedActiveOnThisConnection { attempts += 1 }
            state = .fatallyClosed(code: code)
            return [.disconnected(code: code, willReconnect: false), .fail(fatalCloseError(code: code))]
        }
        var actions: [ShardAction] = []
        if let code, GatewayCloseCode(rawValue: code).requiresNewSession, session != nil {
            session = nil
            sequence = nil
            actions.append(.saveSession(nil))
        }
        if closing {
            // We closed on Discord's instruction (op 7, op 9) or a zombie: not a failed attempt.
            switch afterClose {
            case .stop:
                state = .stopped
                return actions + [.disconnected(code: code, willReconnect: false), .stopped]
            case .reconnect(let minimumDelay):
                pendingDelay = minimumDelay
                state = .disconnected(attempts: attempts)
                return actions + [.disconnected(code: code, willReconnect: true)]
            }
        }
        disconnectReason = code == nil ? .connectionLost : .closedByDiscord
        if !reachedActiveOnThisConnection { attempts += 1 }
        if stopRequested {
            state = .stopped
            return actions + [.disconnected(code: code, willReconnect: false), .stopped]
        }
        state = .disconnected(attempts: attempts)
        return actions + [.disconnected(code: code, willReconnect: true)]
    }

    /// Stop the shard. With `endSession` the socket closes with 1000 (the bot goes offline and
    /// the session is forgotten); otherwise with 4000 so a restart can resume the session.
    public mutating func stop(endSession: Bool) -> [ShardAction] {
        stopRequested = true
        var actions: [ShardAction] = []
        if endSession {
            session = nil
            sequence = nil
            actions.append(.saveSession(nil))
        } else {
            actions.append(.saveSession(session))
        }
        if isConnected {
            state = .closing
            afterClose = .stop
            let code = endSession ? Self.sessionEndingCloseCode : Self.resumableCloseCode
            actions.append(.close(code: code, reason: "shard stopping", waitForPeer: true))
            return actions
        }
        switch state {
        case .closing:
            afterClose = .stop
            return actions
        case .fatallyClosed, .connecting:
            // While connecting, `connected()` or `connectFailed()` finishes the stop.
            return actions
        default:
            state = .stopped
            return actions + [.stopped]
        }
    }

    // MARK: - Frames and timers

    public mutating func received(_ frame: GatewayInbound, now: Duration, randomUnit: Double) -> [ShardAction] {
        guard isConnected else { return [] }
        switch frame {
        case .hello(let interval):
            guard case .awaitingHello = state else { return [] }
            heartbeatInterval = interval
            var actions: [ShardAction] = [.startHeartbeating(interval: interval, firstAfter: interval * min(max(randomUnit, 0), 1))]
            if let session {
                state = .resuming
                actions.append(.sendResume(sessionID: session.sessionID, sequence: sequence ?? session.sequence))
            } else {
                state = .identifying
                actions.append(.sendIdentify)
            }
            return actions
        case .heartbeatRequest:
            return [heartbeat(now: now)]
        case .heartbeatAck:
            awaitingAck = false
            acknowledgedHeartbeats += 1
            if let sent = lastHeartbeatSentAt { latency = now - sent }
            return []
        case .reconnect:
            return closeAndReconnect(code: Self.resumableCloseCode, reason: "reconnect requested (op 7)", delay: .zero, because: .reconnectRequested)
        case .invalidSession(let resumable):
            if resumable {
                return closeAndReconnect(
                    code: Self.resumableCloseCode, reason: "invalid session, resuming (op 9)", delay: .zero, because: .invalidSession)
            }
            let hadSession = session != nil
            session = nil
            sequence = nil
            let range = configuration.invalidSessionDelay
            let delay = range.lowerBound + (range.upperBound - range.lowerBound) * min(max(randomUnit, 0), 1)
            // The session is dead anyway: 1000 makes sure Discord tears it down.
            return (hadSession ? [.saveSession(nil)] : [])
                + closeAndReconnect(code: Self.sessionEndingCloseCode, reason: "invalid session (op 9)", delay: delay, because: .invalidSession)
        case .ready(let sessionID, let resumeURL, let readySequence):
            if let readySequence { sequence = readySequence }
            let session = GatewaySession(sessionID: sessionID, sequence: sequence ?? 0, resumeURL: resumeURL)
            self.session = session
            becameActive()
            return [.saveSession(session), .deliverDispatch(name: "READY")]
        case .resumed(let resumedSequence):
            record(resumedSequence)
            becameActive()
            return [.deliverDispatch(name: "RESUMED")]
        case .dispatch(let name, let dispatchSequence):
            record(dispatchSequence)
            return [.deliverDispatch(name: name)]
        case .other:
            return []
        }
    }

    /// The cheap path for a plain dispatch (decided by the driver: not READY, RESUMED or
    /// RATE_LIMITED): exactly what `received(.dispatch(…))` does, recording its sequence,
    /// without building an input or an action list. Returns whether the dispatch is to be
    /// delivered: false (and nothing recorded) when no socket is open or we are closing it.
    @discardableResult
    public mutating func receivedPlainDispatch(sequence dispatchSequence: Int?) -> Bool {
        guard isConnected else { return false }
        record(dispatchSequence)
        return true
    }

    /// The driver stops reading the socket to await something else (`true`), or reads again.
    /// A heartbeat whose ACK may have arrived while the reader was held is not judged.
    public mutating func readerHeld(_ held: Bool) {
        isReaderHeld = held
        if held { readerHeldSinceHeartbeat = true }
    }

    /// The heartbeat timer ticked: send a heartbeat, or, if the previous one was never
    /// acknowledged, declare the connection a zombie and close it so the session can be resumed.
    /// Only a heartbeat sent on this connection and left unacknowledged while its socket was being
    /// read counts: if the reader was held since it was sent (its ACK may be waiting unread), the
    /// timer sends another heartbeat instead.
    public mutating func heartbeatTimerFired(now: Duration) -> [ShardAction] {
        guard isConnected, heartbeatInterval != nil else { return [] }
        if awaitingAck && !readerHeldSinceHeartbeat {
            var actions = closeAndReconnect(
                code: Self.resumableCloseCode, reason: "no heartbeat ACK (zombied connection)", delay: .zero, because: .zombie)
            if let index = actions.firstIndex(where: { if case .close = $0 { true } else { false } }) {
                actions[index] = .close(code: Self.resumableCloseCode, reason: "no heartbeat ACK (zombied connection)", waitForPeer: false)
            }
            return actions
        }
        return [heartbeat(now: now)]
    }

    // MARK: - Helpers

    private mutating func heartbeat(now: Duration) -> ShardAction {
        awaitingAck = true
        lastHeartbeatSentAt = now
        readerHeldSinceHeartbeat = isReaderHeld
        return .sendHeartbeat(sequence: sequence)
    }

    private mutating func record(_ newSequence: Int?) {
        guard let newSequence else { return }
        sequence = newSequence
        session?.sequence = newSequence
    }

    private mutating func becameActive() {
        state = .active
        attempts = 0
        reachedActiveOnThisConnection = true
    }

    private mutating func closeAndReconnect(
        code: Int, reason: String, delay: Duration, because disconnect: GatewayDisconnectReason
    ) -> [ShardAction] {
        disconnectReason = disconnect
        state = .closing
        afterClose = stopRequested ? .stop : .reconnect(minimumDelay: delay)
        return [.close(code: code, reason: reason, waitForPeer: true)]
    }

    private func fatalCloseError(code: Int) -> ShardFatalError {
        ShardFatalError(
            shardID: configuration.shardID, closeCode: code,
            message: GatewayCloseCode(rawValue: code).explanation(requestedIntents: configuration.requestedIntents))
    }
}
