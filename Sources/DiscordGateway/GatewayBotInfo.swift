import DiscordModels

/// What `ShardRunner` needs from `GET /gateway/bot` (fetched by the REST client, cached by the caller).
///
/// https://discord.com/developers/docs/events/gateway#get-gateway-bot
public struct GatewayBotInfo: Sendable, Equatable {
    /// `session_start_limit`
    public struct SessionStartLimit: Sendable, Equatable {
        public var total: Int
        public var remaining: Int
        /// Until the limit resets.
        public var resetAfter: Duration
        /// Identifies allowed per 5 s (one per bucket `shard_id % max_concurrency`).
        public var maxConcurrency: Int

        public init(total: Int, remaining: Int, resetAfter: Duration, maxConcurrency: Int) {
            self.total = total
            self.remaining = remaining
            self.resetAfter = resetAfter
            self.maxConcurrency = maxConcurrency
        }
    }

    public var url: String
    /// Recommended shard count.
    public var shards: Int
    public var sessionStartLimit: SessionStartLimit

    public init(url: String, shards: Int, sessionStartLimit: SessionStartLimit) {
        self.url = url
        self.shards = shards
        self.sessionStartLimit = sessionStartLimit
    }

    /// From the wire answer, with `reset_after` (milliseconds) as a duration. `url` overrides
    /// Discord's gateway URL (a stand-in Discord, or a pinned URL).
    public init(_ answer: GatewayBot, url: String? = nil) {
        let limit = answer.session_start_limit
        self.init(
            url: url ?? answer.url, shards: answer.shards,
            sessionStartLimit: SessionStartLimit(
                total: limit.total, remaining: limit.remaining, resetAfter: .milliseconds(limit.reset_after),
                maxConcurrency: limit.max_concurrency))
    }
}

/// Too few identifies remain today to start the shards that have no session to resume.
public struct SessionStartLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var needed: Int
    public var remaining: Int
    public var resetAfter: Duration

    public var description: String {
        "Discord allows only \(remaining) more session starts (Identify) until the limit resets in \(resetAfter), "
            + "but \(needed) shards need to identify. Exceeding the daily limit resets the bot token. "
            + "Fix: wait for the reset (or enable waiting for it), or run fewer shards in this process."
    }
}
