import Clocks
import Cluster
import DiscordGateway
import PostgresStorage
import Storage
import Testing

@Suite(.enabled(if: ClusterTestDatabase.isConfigured, "GACHABOT_TEST_POSTGRES_URL is not set: run with scripts/with-postgres"),
    .timeLimit(.minutes(1)))
struct SessionHandoverTests {
    /// A session saved by one process is what another (on another machine) loads and resumes.
    @Test func anotherProcessLoadsTheSessionAndItsLatestSequence() async throws {
        try await ClusterTestDatabase.withProcesses(2) { clients in
            let old = PostgresSessionStore(client: clients[0], logger: ClusterTestDatabase.logger)
            let new = PostgresSessionStore(client: clients[1], logger: ClusterTestDatabase.logger)
            #expect(try await new.load(shardID: 3) == nil)
            try await old.save(GatewaySession(sessionID: "abc", sequence: 41, resumeURL: "wss://resume.example/a"), shardID: 3)
            try await old.save(GatewaySession(sessionID: "abc", sequence: 97, resumeURL: "wss://resume.example/b"), shardID: 3)
            try await old.save(GatewaySession(sessionID: "other", sequence: 5, resumeURL: "wss://resume.example/c"), shardID: 4)
            #expect(try await new.load(shardID: 3) == GatewaySession(sessionID: "abc", sequence: 97, resumeURL: "wss://resume.example/b"))
            #expect(try await new.load(shardID: 4)?.sessionID == "other")
            // An invalid session is forgotten for every process.
            try await new.save(nil, shardID: 3)
            #expect(try await old.load(shardID: 3) == nil)
            #expect(try await old.load(shardID: 4)?.sequence == 5)
        }
    }
}

@Suite(.enabled(if: ClusterTestDatabase.isConfigured, "GACHABOT_TEST_POSTGRES_URL is not set: run with scripts/with-postgres"),
    .timeLimit(.minutes(1)))
struct InteractionClaimsAcrossProcessesTests {
    /// Two processes (two stores, two pools) receive the same interactions at once, as after a
    /// failover replay: each is handled by exactly one of them.
    @Test func eachInteractionIsClaimedOnceUnderConcurrentClaimants() async throws {
        let serverURL = try #require(ClusterTestDatabase.url)
        try await PostgresStore.withTemporaryDatabase(serverURL: serverURL, prefix: "gachabot_claims", logger: ClusterTestDatabase.logger) {
            first in
            try await PostgresStore.withStore(url: first.url, maximumConnections: 4, logger: ClusterTestDatabase.logger) { second in
                let at = Timestamp(millisecondsSinceEpoch: ClusterTestDatabase.epoch)
                let ids: [UInt64] = (0..<40).map { 1_200_000_000_000_000_000 + UInt64($0) * 7 }
                let claims = try await withThrowingTaskGroup(of: (UInt64, Bool).self) { group in
                    for id in ids {
                        for store in [first, second, first, second] {
                            group.addTask { (id, try await store.claimInteraction(id, at: at)) }
                        }
                    }
                    return try await group.reduce(into: [UInt64: Int]()) { counts, claim in
                        counts[claim.0, default: 0] += claim.1 ? 1 : 0
                    }
                }
                #expect(claims.count == ids.count)
                #expect(claims.values.allSatisfy { $0 == 1 }, "\(claims.filter { $0.value != 1 })")
                #expect(try await second.pruneInteractionClaims(before: at.advanced(by: .milliseconds(1))) == ids.count)
            }
        }
    }
}
