import DiscordModels
import Logging

/// A guild the sandbox's bot is a member of. It is announced to the shard that owns it
/// (`(id >> 22) % shardCount`) as an unavailable guild in READY, then by GUILD_CREATE.
public struct SandboxGuild: Sendable, Hashable {
    public var id: UInt64
    public var name: String
    /// Text channels of the guild (ids); injected interactions default to the first.
    public var channelIDs: [UInt64]
    public var memberCount: Int

    public init(id: UInt64, name: String, channelIDs: [UInt64] = [], memberCount: Int = 2) {
        self.id = id
        self.name = name
        self.channelIDs = channelIDs.isEmpty ? [id &+ 1] : channelIDs
        self.memberCount = memberCount
    }

    /// Discord's rule: `shard_id = (guild_id >> 22) % num_shards`.
    public func shardID(shardCount: Int) -> Int {
        Int((id >> 22) % UInt64(max(shardCount, 1)))
    }
}

/// Everything the loopback Discord needs to know before it starts.
public struct SandboxConfiguration: Sendable {
    /// The token Identify, Resume and `Authorization: Bot …` must carry.
    public var token: BotToken
    public var applicationID: UInt64
    /// The bot user's id (Discord makes it equal to the application id).
    public var botUserID: UInt64
    public var botUsername: String
    public var guilds: [SandboxGuild]
    /// `shards` in `GET /gateway/bot`; Identify must use `[id, shardCount]`.
    public var shardCount: Int
    public var maxConcurrency: Int
    /// `session_start_limit.total` / `.remaining` of `GET /gateway/bot`; each Identify takes one.
    public var sessionStartLimit: Int
    public var heartbeatInterval: Duration
    /// A wall-clock pause between the websocket upgrade and Hello (default none, as Discord).
    /// Workaround for websocket clients that lose bytes arriving together with the `101` response:
    /// NIO's typed client upgrader did so in about 1 of 30 connections in this suite's own client.
    public var helloDelay: Duration
    /// Serve wss:// and https:// with a certificate generated at start (see `certificatePEM`).
    public var tls: Bool
    /// READY's `resume_gateway_url` points at a second listener, to prove the client resumes there.
    public var separateResumeListener: Bool
    /// Intents the application may not use (privileged intents not enabled in the portal): Identify
    /// with any of these bits is closed with 4014.
    public var disallowedIntents: UInt64
    /// Follow every close frame the sandbox sends (a protocol error, 4004, 4014, a scripted
    /// close) with a TCP reset at once (`SO_LINGER` 0) instead of waiting for the client's answer,
    /// as a server that closes its socket while the client's heartbeat or close echo is unread.
    public var resetAfterClose: Bool
    /// Answer 429 when a bucket's `X-RateLimit-Remaining` is exhausted (headers are always sent).
    public var enforceRESTRateLimits: Bool
    /// Validate request bodies against Discord's OpenAPI description (400 + recorded violation).
    public var validateOpenAPI: Bool
    /// How long after its injection an interaction's callback is accepted; later ones get 404
    /// `10062 Unknown interaction`. Discord's 3 s by default. The interaction benchmark's capacity
    /// phase lengthens it, so a slow client's late answers are counted on their normal path, not
    /// on an error path that costs a different amount.
    public var interactionResponseWindow: Duration
    /// Measures the interaction windows (the answer window, the 15-minute token), gateway send-rate windows and
    /// scripted delays. Tests pass a manual clock.
    public var clock: any Clock<Duration>
    public var logger: Logger

    public init(
        token: String = "sandbox-token",
        applicationID: UInt64 = 1_100_000_000_000_000_001,
        botUsername: String = "Gachabot",
        guilds: [SandboxGuild] = [SandboxGuild(id: 1_200_000_000_000_000_001, name: "Sandbox Guild")],
        shardCount: Int = 1,
        maxConcurrency: Int = 1,
        sessionStartLimit: Int = 1000,
        heartbeatInterval: Duration = .milliseconds(41_250),
        helloDelay: Duration = .zero,
        tls: Bool = false,
        separateResumeListener: Bool = false,
        disallowedIntents: UInt64 = 0,
        resetAfterClose: Bool = false,
        enforceRESTRateLimits: Bool = false,
        validateOpenAPI: Bool = true,
        interactionResponseWindow: Duration = .seconds(3),
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "DiscordSandbox")
    ) {
        self.token = BotToken(token)
        self.applicationID = applicationID
        self.botUserID = applicationID
        self.botUsername = botUsername
        self.guilds = guilds
        self.shardCount = shardCount
        self.maxConcurrency = maxConcurrency
        self.sessionStartLimit = sessionStartLimit
        self.heartbeatInterval = heartbeatInterval
        self.helloDelay = helloDelay
        self.tls = tls
        self.separateResumeListener = separateResumeListener
        self.disallowedIntents = disallowedIntents
        self.resetAfterClose = resetAfterClose
        self.enforceRESTRateLimits = enforceRESTRateLimits
        self.validateOpenAPI = validateOpenAPI
        self.interactionResponseWindow = interactionResponseWindow
        self.clock = clock
        self.logger = logger
    }
}
