import DiscordGateway
import Logging
import PostgresNIO

/// The identify queue of every process of the bot, in PostgreSQL: one leased row per bucket
/// (`shard_id % max_concurrency`). A shard may identify when it takes its bucket's lease for the
/// window (5 s); the lease ends by itself, so a process that dies holding it blocks its bucket for
/// at most one window. Each grant also spends one of the day's identifies (`session_start_limit`,
/// recorded by `record(_:)`); when none remain the queue refuses, or waits for the reset.
/// Why leased rows and not advisory locks: decision 0031.
public final class PostgresIdentifyQueue: IdentifyQueue {
    public let maxConcurrency: Int
    public let window: Duration
    /// Names the process in the bucket rows (host and pid, say): for people reading the table.
    public let holder: String
    /// When the day's identifies are spent: wait until they reset (true) or throw (false).
    public let waitForDailyReset: Bool
    private let database: ClusterDatabase
    private let time: ClusterTime

    public init(
        client: PostgresClient, maxConcurrency: Int, window: Duration = .seconds(5), holder: String,
        waitForDailyReset: Bool = false, time: ClusterTime = .live(), logger: Logger
    ) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.window = window
        self.holder = holder
        self.waitForDailyReset = waitForDailyReset
        self.database = ClusterDatabase(client: client, logger: logger)
        self.time = time
    }

    public func bucket(of shardID: Int) -> Int { shardID % maxConcurrency }

    /// What one attempt at a bucket's lease found.
    public enum Attempt: Sendable, Equatable {
        case granted
        /// Another identify holds the bucket until this time (ms since the epoch).
        case busy(until: Int64)
        /// No identify remains today; they reset at this time.
        case exhausted(resetsAt: Int64)
    }

    public func waitForTurn(shardID: Int) async throws {
        while true {
            try Task.checkCancellation()
            switch try await attempt(shardID: shardID) {
            case .granted:
                return
            case .busy(let until):
                try await time.sleep(untilMilliseconds: until)
            case .exhausted(let resetsAt):
                guard waitForDailyReset else {
                    throw IdentifyLimitExhausted(resetsInMilliseconds: max(0, resetsAt - time.now))
                }
                database.logger.warning(
                    "no identifies remain today across the cluster; shard \(shardID) waits for the reset",
                    metadata: ["resets_in_s": "\(max(0, resetsAt - time.now) / 1000)"])
                try await time.sleep(untilMilliseconds: resetsAt)
            }
        }
    }

    /// Tries once to take the bucket of `shardID`, spending one of the day's identifies if it does.
    public func attempt(shardID: Int) async throws -> Attempt {
        let bucket = bucket(of: shardID)
        let now = time.now
        let until = now + window.clusterMilliseconds
        let holder = holder
        return try await database.transaction { connection in
            _ = try await connection.rows(
                "INSERT INTO cluster_identify_buckets (bucket, lease_until, holder) VALUES (\(bucket), 0, '') ON CONFLICT DO NOTHING")
            // The budget row is locked first by every attempt, so grants are counted one at a time.
            let budget = try await connection.rows(
                "SELECT total, remaining, resets_at FROM cluster_identify_budget WHERE id = 1 FOR UPDATE")
            if let row = budget.first {
                let (total, remaining, resetsAt) = try row.decode((Int, Int, Int64).self)
                if resetsAt <= now {
                    // A new day that no process has read from Discord yet: Discord's rule is a full
                    // allowance every 24 hours.
                    _ = try await connection.rows(
                        "UPDATE cluster_identify_budget SET remaining = \(total), resets_at = \(now + 86_400_000) WHERE id = 1")
                } else if remaining <= 0 {
                    return .exhausted(resetsAt: resetsAt)
                }
            }
            let taken = try await connection.rows(
                """
                UPDATE cluster_identify_buckets SET lease_until = \(until), holder = \(holder), shard_id = \(shardID)
                WHERE bucket = \(bucket) AND lease_until <= \(now) RETURNING bucket
                """)
            guard !taken.isEmpty else {
                let held = try await connection.rows("SELECT lease_until FROM cluster_identify_buckets WHERE bucket = \(bucket)")
                return .busy(until: try held.first?.decode(Int64.self) ?? now)
            }
            _ = try await connection.rows("UPDATE cluster_identify_budget SET remaining = remaining - 1 WHERE id = 1")
            return .granted
        }
    }

    /// Records the day's allowance as `GET /gateway/bot` reported it. Within one day the lower of
    /// the recorded and the reported count is kept (grants this cluster made may not show in
    /// Discord's answer yet); a later reset time means a new day, whose count replaces the old.
    public func record(_ limit: GatewayBotInfo.SessionStartLimit) async throws {
        let now = time.now
        let resetsAt = now + limit.resetAfter.clusterMilliseconds
        // Reset times read a little apart by two processes are the same day.
        let sameDaySlack: Int64 = 60_000
        _ = try await database.rows(
            """
            INSERT INTO cluster_identify_budget (id, total, remaining, resets_at)
            VALUES (1, \(limit.total), \(limit.remaining), \(resetsAt))
            ON CONFLICT (id) DO UPDATE SET
                total = excluded.total,
                remaining = CASE
                    WHEN cluster_identify_budget.resets_at <= \(now)
                        OR excluded.resets_at > cluster_identify_budget.resets_at + \(sameDaySlack) THEN excluded.remaining
                    ELSE LEAST(cluster_identify_budget.remaining, excluded.remaining) END,
                resets_at = CASE
                    WHEN cluster_identify_budget.resets_at <= \(now)
                        OR excluded.resets_at > cluster_identify_budget.resets_at + \(sameDaySlack) THEN excluded.resets_at
                    ELSE cluster_identify_budget.resets_at END
            """)
    }

    /// The identifies left today as recorded, and when they reset; nil before any `record`.
    public func remaining() async throws -> (remaining: Int, resetsAt: Int64)? {
        let rows = try await database.rows("SELECT remaining, resets_at FROM cluster_identify_budget WHERE id = 1")
        guard let row = rows.first else { return nil }
        let (remaining, resetsAt) = try row.decode((Int, Int64).self)
        return (remaining, resetsAt)
    }
}

/// The day's identifies are spent across the cluster, and the queue was told not to wait.
public struct IdentifyLimitExhausted: Error, Sendable, Equatable, CustomStringConvertible {
    public var resetsInMilliseconds: Int64

    public init(resetsInMilliseconds: Int64) {
        self.resetsInMilliseconds = resetsInMilliseconds
    }

    public var description: String {
        "no identifies (session starts) remain today across the cluster; they reset in \(resetsInMilliseconds / 1000) s. "
            + "Exceeding Discord's daily limit resets the bot token. Fix: wait for the reset, or let the queue wait for it."
    }
}
