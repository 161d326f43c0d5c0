import Logging
import PostgresNIO

/// Leases in `cluster_leases`, each change one statement. Expiry is compared with the time the
/// caller passes in (`ClusterTime`), never the server's clock (decision 0031).
public final class PostgresLeaseStore: LeaseStore {
    private let database: ClusterDatabase
    private let time: ClusterTime

    public init(client: PostgresClient, time: ClusterTime = .live(), logger: Logger) {
        self.database = ClusterDatabase(client: client, logger: logger)
        self.time = time
    }

    public func acquire(_ name: String, holder: String, ttl: Duration) async throws -> Lease? {
        let now = time.now
        let expiresAt = now + ttl.clusterMilliseconds
        // The conflict branch runs only when the WHERE holds: another holder's valid lease is left alone.
        let rows = try await database.rows(
            """
            INSERT INTO cluster_leases (name, holder, token, expires_at) VALUES (\(name), \(holder), 1, \(expiresAt))
            ON CONFLICT (name) DO UPDATE SET
                token = CASE WHEN cluster_leases.holder = excluded.holder AND cluster_leases.expires_at > \(now)
                    THEN cluster_leases.token ELSE cluster_leases.token + 1 END,
                holder = excluded.holder,
                expires_at = excluded.expires_at
            WHERE cluster_leases.expires_at <= \(now) OR cluster_leases.holder = excluded.holder
            RETURNING token
            """)
        guard let row = rows.first else { return nil }
        return Lease(name: name, holder: holder, token: try row.decode(Int64.self), expiresAt: expiresAt)
    }

    public func renew(_ lease: Lease, ttl: Duration) async throws -> Lease? {
        let now = time.now
        let expiresAt = now + ttl.clusterMilliseconds
        let rows = try await database.rows(
            """
            UPDATE cluster_leases SET expires_at = \(expiresAt)
            WHERE name = \(lease.name) AND holder = \(lease.holder) AND token = \(lease.token) AND expires_at > \(now)
            RETURNING token
            """)
        guard !rows.isEmpty else { return nil }
        var renewed = lease
        renewed.expiresAt = expiresAt
        return renewed
    }

    public func release(_ lease: Lease) async throws {
        // The row stays (expired) so the next holder's token is still greater.
        _ = try await database.rows(
            """
            UPDATE cluster_leases SET expires_at = 0
            WHERE name = \(lease.name) AND holder = \(lease.holder) AND token = \(lease.token)
            """)
    }

    /// The lease as recorded, whoever holds it (for status and tests).
    public func current(_ name: String) async throws -> Lease? {
        let rows = try await database.rows("SELECT holder, token, expires_at FROM cluster_leases WHERE name = \(name)")
        guard let row = rows.first else { return nil }
        let (holder, token, expiresAt) = try row.decode((String, Int64, Int64).self)
        return Lease(name: name, holder: holder, token: token, expiresAt: expiresAt)
    }
}
