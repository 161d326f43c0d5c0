/// Decides when a shard may send Identify. Discord allows `max_concurrency` identifies per 5 s,
/// one per bucket `shard_id % max_concurrency`; exceeding it gets the connection closed.
/// A protocol so that several processes can share one queue later.
///
/// https://discord.com/developers/docs/events/gateway#sharding-max-concurrency
public protocol IdentifyQueue: Sendable {
    /// Returns when shard `shardID` may identify; throws on cancellation.
    func waitForTurn(shardID: Int) async throws
}
