import Logging
import Synchronization

/// Runs shards `[first...last]` of `count` in one process: one structured task group, every
/// shard's events merged into one bounded, ordered-per-shard channel, identifies paced by the
/// identify queue (`max_concurrency` buckets), `session_start_limit` honoured before starting.
public final class ShardRunner: Sendable {
    public let shards: [Shard]
    /// Events of every shard; ends when the runner stops.
    public let events: BoundedEventChannel<ShardEvent>
    public let gatewayBot: GatewayBotInfo
    private let sessionStore: any SessionStore
    private let waitForSessionStartReset: Bool
    private let time: GatewayTime
    private let logger: Logger

    /// - Parameters:
    ///   - configuration: the template; `shardID`/`shardCount` are set per shard, `gatewayURL` from `gatewayBot`.
    ///   - shardIDs: the shards this process runs; `shardCount` the bot's total.
    ///   - waitForSessionStartReset: when too few identifies remain, wait `reset_after` instead of failing.
    public init(
        configuration: GatewayConfiguration,
        shardIDs: ClosedRange<Int>,
        shardCount: Int,
        gatewayBot: GatewayBotInfo,
        identifyQueue: (any IdentifyQueue)? = nil,
        sessionStore: any SessionStore = InMemorySessionStore(),
        waitForSessionStartReset: Bool = false,
        eventCapacity: Int = 1024
    ) {
        precondition(shardIDs.lowerBound >= 0 && shardIDs.upperBound < shardCount, "shard ids must lie in 0..<shardCount")
        let queue = identifyQueue ?? InMemoryIdentifyQueue(
            maxConcurrency: gatewayBot.sessionStartLimit.maxConcurrency, clock: configuration.clock)
        let events = BoundedEventChannel<ShardEvent>(capacity: eventCapacity)
        self.events = events
        self.gatewayBot = gatewayBot
        self.sessionStore = sessionStore
        self.waitForSessionStartReset = waitForSessionStartReset
        self.time = GatewayTime(configuration.clock)
        self.logger = configuration.logger
        // Ascending ids are bucket order: ids 0..<max_concurrency fill every bucket once, and so on.
        self.shards = shardIDs.map { id in
            var shardConfiguration = configuration.forShard(id)
            shardConfiguration.shardCount = shardCount
            shardConfiguration.gatewayURL = gatewayBot.url
            return Shard(configuration: shardConfiguration, identifyQueue: queue, sessionStore: sessionStore, events: events)
        }
    }

    /// An executor for the consumer of `events`, on the first shard's event loop (see
    /// `Shard.eventsExecutor`): that shard's events reach it without a thread hop, the other
    /// shards' (on other loops) with one.
    public var eventsExecutor: any TaskExecutor { shards[0].eventsExecutor }

    public func shard(_ id: Int) -> Shard? { shards.first { $0.id == id } }
    public var latencies: [Int: Duration] {
        Dictionary(uniqueKeysWithValues: shards.compactMap { shard in shard.latency.map { (shard.id, $0) } })
    }
    public var states: [Int: ShardStateMachine.State] {
        Dictionary(uniqueKeysWithValues: shards.map { ($0.id, $0.state) })
    }

    /// Runs every shard until `stop()` or until one fails fatally (then the others are stopped
    /// and the error is rethrown). Throws `SessionStartLimitError` before connecting when too few
    /// identifies remain.
    public func run() async throws {
        defer { events.finish() }
        try await checkSessionStartLimit()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for shard in shards {
                group.addTask { try await shard.run() }
            }
            do {
                while try await group.next() != nil {}
            } catch {
                logger.error("a shard failed; stopping the others: \(error)")
                for shard in shards { await shard.stop() }
                throw error
            }
        }
    }

    /// Stops every shard (resumable close 4000 and sessions saved, unless `endSession`).
    public func stop(endSession: Bool = false) async {
        for shard in shards { await shard.stop(endSession: endSession) }
    }

    private func checkSessionStartLimit() async throws {
        var needed = 0
        for shard in shards where try await sessionStore.load(shardID: shard.id) == nil { needed += 1 }
        let limit = gatewayBot.sessionStartLimit
        guard needed > limit.remaining else { return }
        let error = SessionStartLimitError(needed: needed, remaining: limit.remaining, resetAfter: limit.resetAfter)
        guard waitForSessionStartReset else { throw error }
        logger.warning("\(error.description) Waiting for the reset.")
        try await time.sleep(for: limit.resetAfter)
    }
}
