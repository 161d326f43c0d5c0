import Synchronization

/// Where shards keep their resumable sessions between process runs.
public protocol SessionStore: Sendable {
    func load(shardID: Int) async throws -> GatewaySession?
    /// Saves `session`, or forgets the shard's session when nil (it ended or became invalid).
    func save(_ session: GatewaySession?, shardID: Int) async throws
}

/// Sessions kept in memory: survive a reconnect, not a restart.
public final class InMemorySessionStore: SessionStore {
    private let sessions: Mutex<[Int: GatewaySession]>

    public init(_ sessions: [Int: GatewaySession] = [:]) {
        self.sessions = Mutex(sessions)
    }

    public func load(shardID: Int) async throws -> GatewaySession? {
        sessions.withLock { $0[shardID] }
    }

    public func save(_ session: GatewaySession?, shardID: Int) async throws {
        sessions.withLock { $0[shardID] = session }
    }
}
