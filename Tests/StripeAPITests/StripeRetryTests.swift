import Clocks
import Foundation
import Synchronization
import NIOCore
import NIOPosix
import StripeAPI
import StripeSandbox
import Testing

/// Stripe's retry rules against scripted failures, with time on a `ManualClock`.
@Suite struct StripeRetryTests {
    /// Runs `call` in a task and advances the clock each time it parks, returning the waits seen.
    static func drive<T: Sendable>(
        _ clock: ManualClock, _ call: @escaping @Sendable () async throws -> T
    ) async -> (result: Result<T, any Error>, waits: [Duration]) {
        let finished = Latch()
        let task = Task {
            defer { finished.open() }
            return try await call()
        }
        var waits: [Duration] = []
        while true {
            // Whichever comes first: the call ends, or it parks on the clock. Both waits end
            // when cancelled, so the group never waits for the loser.
            let done = await withTaskGroup(of: Bool.self) { group in
                group.addTask { await finished.wait(); return true }
                group.addTask { await clock.waitForSleepers(1); return false }
                let first = await group.next() ?? true
                group.cancelAll()
                return first
            }
            if done || finished.isOpen { break }
            if let deadline = clock.nextDeadline {
                waits.append(clock.now.duration(to: deadline))
                clock.advance(to: deadline)
            }
        }
        return (await task.result, waits)
    }

    @Test func fiveHundredsAreRetriedWithOneIdempotencyKeyAndGrowingWaits() async throws {
        let clock = ManualClock()
        try await withSandbox(clock: clock) { sandbox, client in
            sandbox.inject(StripeFault(path: "/v1/customers", count: 2, status: 500))
            let (result, waits) = await Self.drive(clock) {
                try await client.createCustomer(email: "r@example.test", name: nil, metadata: [:], idempotencyKey: nil)
            }
            let customer = try result.get()
            #expect(customer.email == "r@example.test")
            let requests = sandbox.requests
            #expect(requests.map(\.status) == [500, 500, 200])
            #expect(Set(requests.compactMap(\.idempotencyKey)).count == 1)
            #expect(requests.allSatisfy { $0.idempotencyKey != nil })
            #expect(waits.count == 2)
            // 0.5 s × [0.5, 1] floored at 0.5 s, then 1 s × [0.5, 1].
            #expect(waits[0] == .milliseconds(500))
            #expect(waits[1] >= .milliseconds(500) && waits[1] <= .seconds(1))
        }
    }

    @Test func conflictsAreRetriedAndTheRetriesRunOut() async throws {
        let clock = ManualClock()
        try await withSandbox(clock: clock, retry: StripeRetryPolicy(maximumRetries: 2)) { sandbox, client in
            sandbox.inject(StripeFault(count: 5, status: 409))
            let (result, waits) = await Self.drive(clock) {
                try await client.createCustomer(email: nil, name: nil, metadata: [:], idempotencyKey: "k-409")
            }
            #expect(throws: StripeAPIError.self) { try result.get() }
            #expect(sandbox.requests.count == 3)
            #expect(waits.count == 2)
        }
    }

    @Test func stripeShouldRetryDecidesWhenPresent() async throws {
        let clock = ManualClock()
        try await withSandbox(clock: clock) { sandbox, client in
            sandbox.inject(StripeFault(count: 1, status: 500, shouldRetry: false))
            let (refused, noWaits) = await Self.drive(clock) { try await client.retrieveSubscription("sub_x") }
            #expect(throws: StripeAPIError.self) { try refused.get() }
            #expect(noWaits.isEmpty)
            #expect(sandbox.requests.count == 1)

            sandbox.inject(StripeFault(count: 1, status: 429, shouldRetry: true, retryAfterSeconds: 7))
            let (retried, waits) = await Self.drive(clock) {
                try await client.listCustomers(email: "nobody@example.test", limit: 1)
            }
            let listed = try retried.get()
            #expect(listed.data.isEmpty)
            #expect(waits == [.seconds(7)])
        }
    }

    @Test func aPlainClientErrorIsNotRetried() async throws {
        let clock = ManualClock()
        try await withSandbox(clock: clock) { sandbox, client in
            sandbox.inject(StripeFault(count: 1, status: 400))
            let (result, waits) = await Self.drive(clock) { try await client.retrieveSubscription("sub_x") }
            #expect(throws: StripeAPIError.self) { try result.get() }
            #expect(waits.isEmpty)
            #expect(sandbox.requests.count == 1)
        }
    }

    @Test func connectionErrorsAreRetriedAndNeverShowTheKey() async throws {
        // A port that was just free: bind, note it, close.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        let clock = ManualClock()
        let secret = "sk_test_connection_secret_4242"
        let client = StripeClient(
            // async-http-client retries a refused connect until the request's deadline: keep it short.
            key: StripeSecretKey(secret), configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(1)), clock: clock,
            random: SeededRandomSource(seed: 1))
        let (result, waits) = await Self.drive(clock) { try await client.retrieveSubscription("sub_1") }
        #expect(waits.count == StripeRetryPolicy.defaultMaximumRetries)
        do {
            _ = try result.get()
            Issue.record("a closed port answered")
        } catch let error as StripeAPIError {
            guard case .connection = error else {
                Issue.record("expected a connection error, got \(error)")
                return
            }
            #expect(!error.description.contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
    }

    @Test func aWrongKeyIsReportedWithoutTheKey() async throws {
        let secret = "sk_test_wrong_key_that_must_not_leak"
        try await withSandbox(key: secret) { sandbox, client in
            do {
                _ = try await client.listCustomers(email: "x@example.test", limit: 1)
                Issue.record("a wrong key was accepted")
            } catch let error as StripeAPIError {
                #expect(error.status == 401)
                #expect(!error.description.contains(secret))
                #expect(!String(reflecting: error).contains(secret))
            }
            #expect(sandbox.requests.first?.authorized == false)
            #expect(String(describing: StripeSecretKey(secret)) == "sk_***")
            #expect(String(reflecting: StripeSecretKey(secret)) == "sk_***")
        }
    }

    @Test func thePolicyFollowsStripesRules() {
        let policy = StripeRetryPolicy(maximumRetries: 3)
        #expect(policy.shouldRetry(status: 409, shouldRetryHeader: nil, retriesSoFar: 0))
        #expect(policy.shouldRetry(status: 503, shouldRetryHeader: nil, retriesSoFar: 2))
        #expect(!policy.shouldRetry(status: 503, shouldRetryHeader: nil, retriesSoFar: 3))
        #expect(!policy.shouldRetry(status: 500, shouldRetryHeader: "false", retriesSoFar: 0))
        #expect(policy.shouldRetry(status: 400, shouldRetryHeader: "true", retriesSoFar: 0))
        #expect(!policy.shouldRetry(status: 402, shouldRetryHeader: nil, retriesSoFar: 0))
        #expect(policy.shouldRetry(status: nil, shouldRetryHeader: nil, retriesSoFar: 0))
        #expect(policy.delay(retry: 10, retryAfterSeconds: nil, jitter: 0.999) <= .seconds(5))
        #expect(policy.delay(retry: 10, retryAfterSeconds: nil, jitter: 0) == .milliseconds(2500))
        #expect(policy.delay(retry: 1, retryAfterSeconds: 61, jitter: 0) == .milliseconds(500))
    }
}

/// Opens once; `wait` returns when it is open or when the waiting task is cancelled.
final class Latch: Sendable {
    private let state = Mutex<(open: Bool, waiters: [UInt64: CheckedContinuation<Void, Never>], next: UInt64)>((false, [:], 0))

    var isOpen: Bool { state.withLock { $0.open } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.open || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
