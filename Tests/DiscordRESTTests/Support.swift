import NIOSSL
import Clocks
import DiscordREST
import DiscordSandbox
import Synchronization

/// A flag a test can read while the task that sets it is parked.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// A virtual clock whose time jumps to whatever deadline is slept on, and which remembers every
/// sleep: for sequential tests that check how long the client waited without waiting at all.
final class JumpingClock: Clock, Sendable {
    typealias Instant = ManualClock.Instant
    private let state = Mutex((now: Duration.zero, sleeps: [Duration]()))

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .zero }
    /// Every sleep's length, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            guard deadline.offset > state.now else { return }
            state.sleeps.append(deadline.offset - state.now)
            state.now = deadline.offset
        }
    }
}

/// The token the sandbox accepts: shaped like a real one so redaction is tested on something real.
let sandboxToken = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GzYxWv.sandbox-secret-part_0123456789abcdef"

/// Runs `body` against a started sandbox, with a TLS configuration that trusts its certificate.
func withRESTSandbox(
    tls: Bool = false, enforceRateLimits: Bool = false, sandboxClock: any Clock<Duration> = ContinuousClock(),
    _ body: (DiscordSandbox, TLSConfiguration) async throws -> Void
) async throws {
    let configuration = SandboxConfiguration(
        token: sandboxToken, tls: tls, enforceRESTRateLimits: enforceRateLimits, clock: sandboxClock)
    try await withSandbox(configuration) { sandbox in
        try await body(sandbox, try DiscordRESTClient.tlsConfiguration(trustRootsPEM: sandbox.certificatePEM))
    }
}

extension DiscordRESTClient {
    /// A client of the sandbox.
    static func sandbox(
        _ sandbox: DiscordSandbox, tls: TLSConfiguration, clock: any Clock<Duration> = JumpingClock(),
        token: String = sandboxToken, options: Options = Options(requestTimeout: .seconds(10))
    ) -> DiscordRESTClient {
        DiscordRESTClient(
            token: .init(token), baseURL: sandbox.restBaseURL, tls: tls, clock: clock,
            random: SeededRandomSource(seed: 7), options: options)
    }
}

struct HungTest: Error, CustomStringConvertible {
    var description: String
}

/// Fails (with a description of the state) a wait that should end at once but hangs; the
/// wall-clock limit only exists to turn a hang into a readable failure.
func failingAfter(
    _ limit: Duration, _ state: @escaping @Sendable () -> String, _ body: @escaping @Sendable () async -> Void
) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await body()
            return true
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return false
        }
        let finished = try await group.next() ?? false
        if !finished {
            let description = state()
            print("HUNG: \(description)")
            throw HungTest(description: "hung: \(description)")
        }
        group.cancelAll()
    }
}
