import Clocks
import Cluster
import DiscordGateway
import PostgresNIO
import Testing

@Suite(.enabled(if: ClusterTestDatabase.isConfigured, "GACHABOT_TEST_POSTGRES_URL is not set: run with scripts/with-postgres"),
    .timeLimit(.minutes(1)))
struct IdentifyQueueAcrossProcessesTests {
    static func queue(_ client: PostgresClient, clock: ManualClock, name: String, maxConcurrency: Int = 2, waitForReset: Bool = false)
        -> PostgresIdentifyQueue
    {
        PostgresIdentifyQueue(
            client: client, maxConcurrency: maxConcurrency, holder: name, waitForDailyReset: waitForReset,
            time: ClusterTime(clock: clock, epochMilliseconds: ClusterTestDatabase.epoch), logger: ClusterTestDatabase.logger)
    }

    /// Two processes split shards 0...6 (max_concurrency 2) and identify all at once: every bucket
    /// lets one identify through per 5 s, the two buckets go side by side, and no window is wasted.
    @Test func bucketsAndTheWindowHoldAcrossProcesses() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let time = ClusterTime(clock: clock, epochMilliseconds: ClusterTestDatabase.epoch)
            let queues = [Self.queue(clients[0], clock: clock, name: "p1"), Self.queue(clients[1], clock: clock, name: "p2")]
            let shards = [[0, 2, 4], [1, 3, 5, 6]]
            let grants = Recorder<(shard: Int, at: Int64)>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (process, ids) in shards.enumerated() {
                    for shard in ids {
                        group.addTask {
                            try await queues[process].waitForTurn(shardID: shard)
                            grants.append((shard, time.now - ClusterTestDatabase.epoch))
                        }
                    }
                }
                // Bucket 0 holds shards 0, 2, 4, 6 and bucket 1 holds 1, 3, 5: after window k,
                // 3 - k of bucket 0 and 2 - k of bucket 1 still wait.
                for window in 0..<3 {
                    let waiting = max(0, 3 - window) + max(0, 2 - window)
                    // Both: the granted recorded their time before the clock moves on.
                    await grants.waitForCount(7 - waiting)
                    await clock.waitForSleepers(waiting)
                    clock.advance(by: .seconds(5))
                }
                try await group.waitForAll()
            }
            let all = grants.all
            #expect(all.count == 7)
            for bucket in 0..<2 {
                let times = all.filter { $0.shard % 2 == bucket }.map(\.at).sorted()
                let expected = (0..<times.count).map { Int64($0) * 5000 }
                #expect(times == expected, "bucket \(bucket): one identify per 5 s, none skipped")
            }
        }
    }

    /// A process that took a bucket and died (its connections gone) blocks the bucket for the rest
    /// of its window only: the other process identifies when the lease ends.
    @Test func aDeadHoldersLeaseEnds() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let survivor = Self.queue(clients[1], clock: clock, name: "survivor")
            let dead = Self.queue(clients[0], clock: clock, name: "dead")
            #expect(try await dead.attempt(shardID: 0) == .granted)
            clock.advance(by: .seconds(2))
            // Process "dead" stops talking to the database here; its lease is all it left.
            #expect(try await survivor.attempt(shardID: 2) == .busy(until: ClusterTestDatabase.epoch + 5000))
            let granted = Recorder<Int64>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await survivor.waitForTurn(shardID: 2)
                    granted.append(clock.now.offset.components.seconds)
                }
                await clock.waitForSleepers(1)
                clock.advance(by: .milliseconds(2999))
                #expect(granted.all.isEmpty, "the lease has 1 ms left")
                clock.advance(by: .milliseconds(1))
                try await group.waitForAll()
            }
            #expect(granted.all == [5])
        }
    }

    /// The day's identifies are shared: spent by one process, refused to the other, and with
    /// waiting enabled granted again after the reset.
    @Test func theDailyLimitIsSharedAndRefusedClearly() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let clock = ManualClock()
            let first = Self.queue(clients[0], clock: clock, name: "p1")
            let second = Self.queue(clients[1], clock: clock, name: "p2", waitForReset: true)
            try await first.record(.init(total: 1000, remaining: 2, resetAfter: .seconds(3600), maxConcurrency: 2))
            // The second process read Discord a moment earlier (more remaining, same day): the lower count stays.
            try await second.record(.init(total: 1000, remaining: 5, resetAfter: .seconds(3599), maxConcurrency: 2))
            #expect(try await first.remaining()?.remaining == 2)
            #expect(try await first.attempt(shardID: 0) == .granted)
            #expect(try await second.attempt(shardID: 1) == .granted)
            #expect(try await first.remaining()?.remaining == 0)
            clock.advance(by: .seconds(5))
            let resetsAt = ClusterTestDatabase.epoch + 3_600_000
            #expect(try await first.attempt(shardID: 2) == .exhausted(resetsAt: resetsAt))
            await #expect(throws: IdentifyLimitExhausted(resetsInMilliseconds: 3_595_000)) {
                try await first.waitForTurn(shardID: 2)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await second.waitForTurn(shardID: 3) }
                await clock.waitForSleepers(1)
                clock.advance(by: .seconds(3594))
                await clock.waitForSleepers(1)
                #expect(try await first.remaining()?.remaining == 0)
                clock.advance(by: .seconds(1))
                try await group.waitForAll()
            }
            // A new day: the full allowance, less the identify just granted.
            #expect(try await first.remaining()?.remaining == 999)
        }
    }
}
