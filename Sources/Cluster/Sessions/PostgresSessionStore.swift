import DiscordGateway
import Logging
import PostgresNIO

/// Gateway sessions (session id, last sequence, resume URL) per shard in PostgreSQL, so a process
/// started on another machine resumes the shards another one ran instead of identifying.
public final class PostgresSessionStore: SessionStore {
    private let database: ClusterDatabase
    private let time: ClusterTime

    public init(client: PostgresClient, time: ClusterTime = .live(), logger: Logger) {
        self.database = ClusterDatabase(client: client, logger: logger)
        self.time = time
    }

    public func load(shardID: Int) async throws -> GatewaySession? {
        let rows = try await database.rows(
            "SELECT session_id, sequence, resume_url FROM gateway_sessions WHERE shard_id = \(shardID)")
        guard let row = rows.first else { return nil }
        let (sessionID, sequence, resumeURL) = try row.decode((String, Int, String).self)
        return GatewaySession(sessionID: sessionID, sequence: sequence, resumeURL: resumeURL)
    }

    public func save(_ session: GatewaySession?, shardID: Int) async throws {
        guard let session else {
            _ = try await database.rows("DELETE FROM gateway_sessions WHERE shard_id = \(shardID)")
            return
        }
        _ = try await database.rows(
            """
            INSERT INTO gateway_sessions (shard_id, session_id, sequence, resume_url, updated_at)
            VALUES (\(shardID), \(session.sessionID), \(session.sequence), \(session.resumeURL), \(time.now))
            ON CONFLICT (shard_id) DO UPDATE SET session_id = excluded.session_id, sequence = excluded.sequence,
                resume_url = excluded.resume_url, updated_at = excluded.updated_at
            """)
    }
}
