import DiscordGateway
import Synchronization

/// What `/status` reports: filled in by the runtime once its shards exist.
public final class BotStatus: Sendable {
    public let version: String
    private let elapsed: @Sendable () -> Duration
    private let runnerBox = Mutex<ShardRunner?>(nil)

    public init(version: String, clock: any Clock<Duration>) {
        self.version = version
        self.elapsed = Self.stopwatch(clock)
    }

    /// Starts a stopwatch on any clock (opening the existential keeps its instants typed).
    private static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    func attach(_ runner: ShardRunner?) { runnerBox.withLock { $0 = runner } }

    public var uptime: Duration { elapsed() }

    /// The heartbeat round trip of a shard, if one was measured.
    public func latency(shard: Int) -> Duration? { runnerBox.withLock { $0?.shard(shard)?.latency } }

    public var shardCount: Int? { runnerBox.withLock { $0?.shards.first?.configuration.shardCount } }
}
