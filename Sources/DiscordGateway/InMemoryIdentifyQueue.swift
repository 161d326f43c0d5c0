import Synchronization

/// An identify queue for the shards of one process: each rate-limit bucket
/// (`shard_id % max_concurrency`) lets one identify through every `interval` (5 s).
public final class InMemoryIdentifyQueue: IdentifyQueue {
    public let maxConcurrency: Int
    public let interval: Duration
    private let time: GatewayTime
    /// Per bucket, the earliest offset at which its next identify may go.
    private let nextSlot: Mutex<[Int: Duration]>

    public init(maxConcurrency: Int, interval: Duration = .seconds(5), clock: any Clock<Duration> = ContinuousClock()) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.interval = interval
        self.time = GatewayTime(clock)
        self.nextSlot = Mutex([:])
    }

    public func bucket(of shardID: Int) -> Int { shardID % maxConcurrency }

    public func waitForTurn(shardID: Int) async throws {
        let bucket = bucket(of: shardID)
        let now = time.now
        let slot = nextSlot.withLock { slots -> Duration in
            let slot = max(now, slots[bucket] ?? now)
            slots[bucket] = slot + interval
            return slot
        }
        try await time.sleep(until: slot)
    }
}
