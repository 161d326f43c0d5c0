import Cluster
import PostgresNIO
import Testing

@Suite(.enabled(if: ClusterTestDatabase.isConfigured, "GACHABOT_TEST_POSTGRES_URL is not set: run with scripts/with-postgres"),
    .timeLimit(.minutes(1)))
struct InvalidationTests {
    static func grant(_ user: Int64, _ client: PostgresClient, rollBack: Bool = false) async throws {
        try await client.withConnection { connection in
            _ = try await connection.query("BEGIN", logger: ClusterTestDatabase.logger).collect()
            _ = try await connection.query(
                """
                INSERT INTO premium_entitlements (source, source_id, user_id, tier, status, order_created, order_event, updated_at)
                VALUES ('gift', \("gift-\(user)"), \(user), 'pro', 'active', 0, 'test', 0)
                """, logger: ClusterTestDatabase.logger
            ).collect()
            _ = try await connection.query(rollBack ? "ROLLBACK" : "COMMIT", logger: ClusterTestDatabase.logger).collect()
        }
    }

    /// An entitlement written by one process reaches the other's listener within a second, only
    /// once committed; a dropped listener listens again and has every cache dropped first.
    @Test func aCommittedEntitlementChangeReachesTheOtherProcess() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let seen = Recorder<CacheInvalidation>()
            let listener = InvalidationListener(client: clients[0], logger: ClusterTestDatabase.logger) { seen.append($0) }
            let listening = Task { await listener.run() }
            await seen.waitForCount(1)  // the LISTEN is in place
            #expect(seen.all == [.everything])

            try await Self.grant(111, clients[1], rollBack: true)
            let start = ContinuousClock.now
            try await Self.grant(222, clients[1])
            await seen.waitForCount(2)
            #expect(start.duration(to: .now) < .seconds(1))
            // Notifications keep their order: none came from the rolled-back write.
            #expect(seen.all == [.everything, .entitlements(user: 222)])

            // The listener's connection is cut (a server restart, a network drop).
            let terminated = try await clients[1].query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()
                """, logger: ClusterTestDatabase.logger
            ).collect()
            #expect(terminated.count == 1)
            await seen.waitForCount(3)
            #expect(seen.all.last == .everything)
            try await Self.grant(333, clients[1])
            await seen.waitForCount(4)
            #expect(seen.all.last == .entitlements(user: 333))
            listening.cancel()
            await listening.value
        }
    }
}
