import DiscordGateway

/// What one process of a cluster (several processes on one PostgreSQL, issue 19) shares with the
/// others. The executable builds it from the `Cluster` module; the bot knows no database. Nil in
/// `BotConfiguration`: one process runs every shard's identify and every duty itself.
public struct ClusterSettings: Sendable {
    /// The identify queue every process shares, made once `GET /gateway/bot` told
    /// `max_concurrency` and the day's identifies (which it records).
    public var identifyQueue: @Sendable (GatewayBotInfo) async throws -> any IdentifyQueue
    /// Gateway sessions where another process (on another machine) can resume them.
    public var sessions: any SessionStore
    /// Runs the cluster-wide duty `name` only while this process holds its lease; returns when cancelled.
    public var duty: @Sendable (_ name: String, _ run: @escaping @Sendable () async -> Void) async -> Void

    public init(
        identifyQueue: @escaping @Sendable (GatewayBotInfo) async throws -> any IdentifyQueue, sessions: any SessionStore,
        duty: @escaping @Sendable (_ name: String, _ run: @escaping @Sendable () async -> Void) async -> Void
    ) {
        self.identifyQueue = identifyQueue
        self.sessions = sessions
        self.duty = duty
    }
}
