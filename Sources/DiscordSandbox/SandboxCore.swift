import DiscordModels
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// What a gateway connection's task is told: frames its reader received, payloads to send,
/// scripted faults.
enum ConnectionEvent: Sendable {
    case message([UInt8])
    case clientClosed(code: UInt16?)
    case inboundEnded
    case send(String, seq: Int?)
    /// Dispatches to write back to back, as a server under burst does (see
    /// `DiscordSandbox.dispatchBurst`), flushed every `framesPerFlush` frames.
    case sendBurst([(text: String, seq: Int)], framesPerFlush: Int)
    /// Dispatches to write one per write, each after the previous one was flushed to the socket
    /// (see `DiscordSandbox.dispatchPaced`).
    case sendPaced([(text: String, seq: Int)])
    case fault(GatewayFault)
    case protocolClose(UInt16, reason: String)

    var isSend: Bool {
        switch self {
        case .send, .sendBurst: true
        default: false
        }
    }
}

/// The sandbox's shared state, behind one lock: recordings, sessions, connections, faults and
/// the REST resources. Everything the sandbox does goes through here, so tests see one order.
final class SandboxCore: Sendable {
    struct Connection {
        var info: GatewayConnectionInfo
        var events: ConnectionEventQueue
        var helloSent = false
        var sendTimes: [Duration] = []
    }

    struct Session {
        var id: String
        var shard: Int
        var seq = 0
        var events: [(seq: Int, text: String)] = []
        var connectionID: Int?

        /// Numbers a dispatch with the next sequence and logs it for resume replay.
        mutating func append(event: String, data: String) -> (text: String, seq: Int) {
            seq += 1
            // Appended into one allocation of the final size (interpolation regrows for a large `d`).
            var text = ""
            text.reserveCapacity(data.utf8.count + event.utf8.count + 40)
            text += "{\"t\":\""
            text += event
            text += "\",\"s\":"
            text += String(seq)
            text += ",\"op\":0,\"d\":"
            text += data
            text += "}"
            events.append((seq, text))
            return (text, seq)
        }
    }

    struct State {
        var requests = RecordLog<RecordedRequest>()
        var payloads = RecordLog<RecordedGatewayPayload>()
        var closes: [RecordedClose] = []
        var violations: [ProtocolViolation] = []
        var openAPIViolations: [OpenAPIViolation] = []
        var connections: [Int: Connection] = [:]
        var connectionHistory: [GatewayConnectionInfo] = []
        var nextConnectionID = 0
        var sessions: [String: Session] = [:]
        var shardSessions: [Int: String] = [:]
        var readyCount: [Int: Int] = [:]
        var pendingShardFaults: [Int: [GatewayFault]] = [:]
        var startFaults: [ConnectionStartFault] = []
        var identifyTimes: [Int: [Duration]] = [:]
        var sessionStartRemaining: Int
        var disallowedIntents: UInt64
        var conditionWaiters: [ConditionWaiter<State>] = []
        var nextWaiterID: UInt64 = 0
        var snowflakeCounter: UInt64 = 0
        var rest = RESTStore()
        var gatewayURL = ""
        var resumeGatewayURL = ""
        var restBaseURL = ""
    }

    let configuration: SandboxConfiguration
    let state: Mutex<State>
    let elapsed: @Sendable () -> Duration
    /// Whether `state.rest.faults` holds any: set and cleared under the lock, read without it,
    /// so a request with no fault scripted (nearly all of them) skips a lock to check.
    let faultsScripted = Atomic(false)
    /// `botUser(configuration)`, built once: `/users/@me`, READY and every message the bot creates
    /// (as `author`) carry it.
    let botUserJSON: JSON
    var logger: Logger { configuration.logger }
    /// Events kept per session for resume; older ones make a resume fail with op 9 false.
    static let replayLimit = 50_000

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        self.state = Mutex(
            State(sessionStartRemaining: configuration.sessionStartLimit, disallowedIntents: configuration.disallowedIntents)
        )
        self.elapsed = makeElapsed(configuration.clock)
        self.botUserJSON = Self.botUser(configuration)
    }

    func sleep(for duration: Duration) async throws {
        try await configuration.clock.sleep(for: duration)
    }

    // MARK: Snowflakes

    /// Increasing ids from a fixed instant (2025-01-01), so runs are reproducible.
    func nextSnowflake() -> UInt64 {
        state.withLock { $0.nextSnowflake() }
    }

    // MARK: Waiting

    /// Resumes when `condition` holds (checked now and after every change).
    func waitUntil(_ what: String, timeout: Duration, _ condition: @escaping @Sendable (State) -> Bool) async throws {
        try await wait(
            what, timeout: timeout,
            park: { state, id, continuation in
                if condition(state) {
                    continuation.resume()
                    return false
                }
                state.conditionWaiters.append(ConditionWaiter(id: id, condition: condition, continuation: continuation))
                return true
            },
            unpark: { state, id in
                state.conditionWaiters.firstIndex { $0.id == id }.map { state.conditionWaiters.remove(at: $0).continuation }
            })
    }

    /// Takes the first unconsumed value of a log matching `predicate`, waiting for it if needed.
    func take<V: Sendable>(
        _ log: LogAccess<V>, what: String, timeout: Duration,
        where predicate: @escaping @Sendable (V) -> Bool
    ) async throws -> V {
        if let ready = state.withLock({ log.take(&$0, predicate) }) { return ready }
        return try await wait(
            what, timeout: timeout,
            park: { state, id, continuation in
                if let value = log.take(&state, predicate) {
                    continuation.resume(returning: value)
                    return false
                }
                log.add(&state, .init(id: id, predicate: predicate, continuation: continuation))
                return true
            },
            unpark: { state, id in log.remove(&state, id)?.continuation })
    }

    /// One wait of the sandbox's: `park` either answers the continuation at once (returns false)
    /// or keeps it under `id` (returns true) until a change answers it; `unpark` takes it back for
    /// a timeout (`SandboxError.timedOut(what)`) or a cancellation.
    ///
    /// The wait is one continuation in the caller's task; its timeout is a task scheduled on a NIO
    /// event loop and cancelled when the wait ends. (A task group racing a sleeping task cost two
    /// child tasks, a timer and an extra hop per wait: a harness pressing buttons at 200/s made
    /// that a visible part of the latency it measures.)
    private func wait<V: Sendable>(
        _ what: String, timeout: Duration,
        park: (inout State, UInt64, CheckedContinuation<V, any Error>) -> Bool,
        unpark: @escaping @Sendable (inout State, UInt64) -> CheckedContinuation<V, any Error>?
    ) async throws -> V {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = Mutex<Scheduled<Void>?>(nil)
        defer { timer.withLock { $0?.cancel() } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<V, any Error>) in
                let parked = state.withLock { state -> Bool in
                    guard park(&state, id, continuation) else { return false }
                    if Task.isCancelled {
                        unpark(&state, id)?.resume(throwing: CancellationError())
                        return false
                    }
                    return true
                }
                guard parked else { return }
                let scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(timeout)) {
                    [self] in
                    let expired = state.withLock { unpark(&$0, id) }
                    expired?.resume(throwing: SandboxError.timedOut(what))
                }
                timer.withLock { $0 = scheduled }
            }
        } onCancel: {
            state.withLock { unpark(&$0, id) }?.resume(throwing: CancellationError())
        }
    }

    func failAllWaiters() {
        state.withLock { state in
            state.requests.failAllWaiters(CancellationError())
            state.payloads.failAllWaiters(CancellationError())
            for waiter in state.conditionWaiters { waiter.continuation.resume(throwing: CancellationError()) }
            state.conditionWaiters.removeAll()
        }
    }
}

extension SandboxCore.State {
    mutating func nextSnowflake() -> UInt64 {
        snowflakeCounter += 1
        let millisecondsSinceDiscordEpoch: UInt64 = 1_735_689_600_000 - 1_420_070_400_000
        return (millisecondsSinceDiscordEpoch << 22) + snowflakeCounter
    }

    /// Re-evaluates condition waiters after a change.
    mutating func notifyChange() {
        guard !conditionWaiters.isEmpty else { return }
        var remaining: [ConditionWaiter<Self>] = []
        for waiter in conditionWaiters {
            if waiter.condition(self) { waiter.continuation.resume() } else { remaining.append(waiter) }
        }
        conditionWaiters = remaining
    }

    mutating func recordViolation(_ kind: ProtocolViolation.Kind, connection: Int?, detail: String) {
        let shard = connection.flatMap { connections[$0]?.info.shard }
        violations.append(ProtocolViolation(kind: kind, connectionID: connection, shard: shard, detail: detail))
        notifyChange()
    }
}

/// Access to one of the state's record logs from `@Sendable` closures (key paths are not Sendable here).
struct LogAccess<V: Sendable>: Sendable {
    var take: @Sendable (inout SandboxCore.State, (V) -> Bool) -> V?
    var add: @Sendable (inout SandboxCore.State, RecordLog<V>.Waiter) -> Void
    var remove: @Sendable (inout SandboxCore.State, UInt64) -> RecordLog<V>.Waiter?
}

extension LogAccess where V == RecordedRequest {
    static var requests: Self {
        Self(take: { $0.requests.take(where: $1) }, add: { $0.requests.addWaiter($1) }, remove: { $0.requests.removeWaiter(id: $1) })
    }
}

extension LogAccess where V == RecordedGatewayPayload {
    static var payloads: Self {
        Self(take: { $0.payloads.take(where: $1) }, add: { $0.payloads.addWaiter($1) }, remove: { $0.payloads.removeWaiter(id: $1) })
    }
}

private func makeElapsed<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
    let start = clock.now
    return { start.duration(to: clock.now) }
}
