/// `GET /gateway/bot`: the URL to connect to, the recommended shard count, and how many
/// sessions may still be started.
/// https://discord.com/developers/docs/events/gateway#get-gateway-bot
public struct GatewayBot: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/events/gateway#session-start-limit-object
    public struct SessionStartLimit: Sendable, Hashable, Codable {
        public var total: Int
        public var remaining: Int
        /// Milliseconds until `remaining` resets.
        public var reset_after: Int
        /// Identify requests allowed per 5 seconds.
        public var max_concurrency: Int

        public init(total: Int, remaining: Int, reset_after: Int, max_concurrency: Int) {
            self.total = total
            self.remaining = remaining
            self.reset_after = reset_after
            self.max_concurrency = max_concurrency
        }
    }

    public var url: String
    public var shards: Int
    public var session_start_limit: SessionStartLimit

    public init(url: String, shards: Int, session_start_limit: SessionStartLimit) {
        self.url = url
        self.shards = shards
        self.session_start_limit = session_start_limit
    }
}
