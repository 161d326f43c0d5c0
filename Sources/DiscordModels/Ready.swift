/// READY: the session is established.
/// https://discord.com/developers/docs/events/gateway-events#ready
public struct Ready: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/resources/application#application-object (partial)
    public struct PartialApplication: Sendable, Hashable, Codable {
        public var id: ApplicationID
        public var flags: Int?

        public init(id: ApplicationID, flags: Int? = nil) {
            self.id = id
            self.flags = flags
        }
    }

    /// Gateway API version.
    public var v: Int
    public var user: User
    /// The guilds the bot is in, all unavailable until their GUILD_CREATE arrives.
    public var guilds: [UnavailableGuild]
    public var session_id: String
    /// Where to connect to resume this session.
    public var resume_gateway_url: String
    /// `[shard_id, num_shards]`.
    public var shard: [Int]?
    public var application: PartialApplication

    public init(
        v: Int, user: User, guilds: [UnavailableGuild], session_id: String, resume_gateway_url: String,
        shard: [Int]? = nil, application: PartialApplication
    ) {
        self.v = v
        self.user = user
        self.guilds = guilds
        self.session_id = session_id
        self.resume_gateway_url = resume_gateway_url
        self.shard = shard
        self.application = application
    }
}
