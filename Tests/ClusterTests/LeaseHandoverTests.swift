import Clocks
import Cluster
import PostgresNIO
import Synchronization
import Testing

@Suite(.enabled(if: ClusterTestDatabase.isConfigured, "GACHABOT_TEST_POSTGRES_URL is not set: run with scripts/with-postgres"),
    .timeLimit(.minutes(1)))
struct LeaseHandoverTests {
    static func store(_ client: PostgresClient, _ clock: ManualClock) -> PostgresLeaseStore {
        PostgresLeaseStore(
            client: client, time: ClusterTime(clock: clock, epochMilliseconds: ClusterTestDatabase.epoch),
            logger: ClusterTestDatabase.logger)
    }

    @Test func aLeaseIsHeldByOneHolderAndItsTokenGrowsWithEachNewHolder() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let one = Self.store(clients[0], clock)
            let two = Self.store(clients[1], clock)
            let first = try #require(try await one.acquire("sweeper", holder: "one", ttl: .seconds(30)))
            #expect(first.token == 1)
            #expect(try await two.acquire("sweeper", holder: "two", ttl: .seconds(30)) == nil)
            // Its holder taking it again keeps the token.
            #expect(try await one.acquire("sweeper", holder: "one", ttl: .seconds(30))?.token == 1)
            clock.advance(by: .seconds(29))
            let renewed = try #require(try await one.renew(first, ttl: .seconds(30)))
            clock.advance(by: .seconds(30))
            // Renewed at 29 s for 30 s: expired at 59 s, and "one" never came back.
            let second = try #require(try await two.acquire("sweeper", holder: "two", ttl: .seconds(30)))
            #expect(second.token == 2)
            #expect(try await one.renew(renewed, ttl: .seconds(30)) == nil, "a lost lease is not renewed")
            try await one.release(renewed)  // a stale holder's release leaves the new holder alone
            #expect(try await one.current("sweeper") == second)
            try await two.release(second)
            #expect(try await one.acquire("sweeper", holder: "one", ttl: .seconds(30))?.token == 3)
        }
    }

    /// The duty runs in one process; when that process dies, the other takes the duty over once
    /// the lease expires, and not before.
    @Test func aDutyMovesToAnotherProcessWhenItsHolderDies() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let time = ClusterTime(clock: clock, epochMilliseconds: ClusterTestDatabase.epoch)
            let dying = KillableLeaseStore(Self.store(clients[0], clock))
            let started = Recorder<(holder: String, token: Int64, at: Int64)>()
            @Sendable func duty(_ holder: String, _ store: any LeaseStore) -> LeasedDuty {
                LeasedDuty(name: "pull-expiry", holder: holder, ttl: .seconds(30), store: store, time: time, logger: ClusterTestDatabase.logger) {
                    lease in
                    started.append((holder, lease.token, time.now - ClusterTestDatabase.epoch))
                    await parkUntilCancelled()
                }
            }
            let first = Task { await duty("first", dying).run() }
            await started.waitForCount(1)
            let second = Task { await duty("second", Self.store(clients[1], clock)).run() }
            await clock.waitForSleepers(2)  // first renews, second retries, every 10 s
            // "first" dies: it reaches the database no more, and its task is gone.
            dying.kill()
            first.cancel()
            await first.value
            for _ in 0..<2 {
                clock.advance(by: .seconds(10))
                await clock.waitForSleepers(1)
                #expect(started.all.count == 1, "the dead holder's lease is still valid")
            }
            clock.advance(by: .seconds(10))
            await started.waitForCount(2)
            second.cancel()
            await second.value
            let runs = started.all
            #expect(runs.map(\.holder) == ["first", "second"])
            #expect(runs.map(\.token) == [1, 2])
            #expect(runs.map(\.at) == [0, 30_000])
        }
    }

    /// A graceful stop releases the lease: the other process takes the duty at its next try.
    @Test func aGracefulStopHandsTheDutyOnAtOnce() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let time = ClusterTime(clock: clock, epochMilliseconds: ClusterTestDatabase.epoch)
            let started = Recorder<String>()
            @Sendable func duty(_ holder: String, _ client: PostgresClient) -> LeasedDuty {
                LeasedDuty(name: "trials", holder: holder, ttl: .seconds(30), store: Self.store(client, clock), time: time,
                    logger: ClusterTestDatabase.logger) { _ in
                    started.append(holder)
                    await parkUntilCancelled()
                }
            }
            let first = Task { await duty("first", clients[0]).run() }
            await started.waitForCount(1)
            let second = Task { await duty("second", clients[1]).run() }
            await clock.waitForSleepers(2)
            first.cancel()
            await first.value  // released
            clock.advance(by: .seconds(10))
            await started.waitForCount(2)
            #expect(started.all == ["first", "second"])
            second.cancel()
            await second.value
        }
    }
}

/// Parks until the task is cancelled: a sleep on a clock nobody advances.
func parkUntilCancelled() async {
    let idle = ManualClock()
    try? await idle.sleep(until: idle.now.advanced(by: .seconds(1)))
}

/// A process that dies: after `kill()` it reaches the database no more.
final class KillableLeaseStore: LeaseStore {
    private let base: any LeaseStore
    private let dead = Atomic<Bool>(false)

    init(_ base: any LeaseStore) { self.base = base }

    func kill() { dead.store(true, ordering: .sequentiallyConsistent) }

    private func check() throws {
        if dead.load(ordering: .sequentiallyConsistent) { throw CancellationError() }
    }

    func acquire(_ name: String, holder: String, ttl: Duration) async throws -> Lease? {
        try check()
        return try await base.acquire(name, holder: holder, ttl: ttl)
    }

    func renew(_ lease: Lease, ttl: Duration) async throws -> Lease? {
        try check()
        return try await base.renew(lease, ttl: ttl)
    }

    func release(_ lease: Lease) async throws {
        try check()
        try await base.release(lease)
    }
}
