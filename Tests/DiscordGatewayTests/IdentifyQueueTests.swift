import Clocks
import Synchronization
import Testing

@testable import DiscordGateway

struct IdentifyQueueTests {
    /// Shards 0..3 with max_concurrency 2: buckets {0, 2} and {1, 3}; one identify per bucket per 5 s.
    @Test func oneIdentifyPerBucketPerFiveSeconds() async throws {
        let clock = ManualClock()
        let queue = InMemoryIdentifyQueue(maxConcurrency: 2, clock: clock)
        let passed = Locked<[Int: Duration]>([:])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for shard in 0..<2 {
                try await queue.waitForTurn(shardID: shard)
                passed.withLock { $0[shard] = clock.now.offset }
            }
            for shard in 2..<4 {
                group.addTask {
                    try await queue.waitForTurn(shardID: shard)
                    passed.withLock { $0[shard] = clock.now.offset }
                }
            }
            await clock.waitForSleepers(2)
            #expect(passed.withLock { $0.count } == 2)
            clock.advance(by: .seconds(4))
            #expect(passed.withLock { $0.count } == 2)
            clock.advance(by: .seconds(1))
            try await group.waitForAll()
        }
        #expect(passed.withLock { $0 } == [0: .zero, 1: .zero, 2: .seconds(5), 3: .seconds(5)])
    }

    @Test func sameBucketQueuesBehindEachOther() async throws {
        let clock = ManualClock()
        let queue = InMemoryIdentifyQueue(maxConcurrency: 1, clock: clock)
        try await queue.waitForTurn(shardID: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await queue.waitForTurn(shardID: 1) }
            await clock.waitForSleepers(1)
            group.addTask { try await queue.waitForTurn(shardID: 2) }
            await clock.waitForSleepers(2)
            #expect(clock.nextDeadline == ManualClock.Instant(offset: .seconds(5)))
            clock.advance(by: .seconds(5))
            await clock.waitForSleepers(1)
            #expect(clock.nextDeadline == ManualClock.Instant(offset: .seconds(10)))
            clock.advance(by: .seconds(5))
            try await group.waitForAll()
        }
    }
}
