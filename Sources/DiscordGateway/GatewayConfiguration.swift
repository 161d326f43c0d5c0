import Clocks
import DiscordModels
import Logging

/// Everything one shard needs to connect. Time and randomness are injected: production uses
/// `ContinuousClock()` and `SystemRandomSource()`, tests `ManualClock` and `SeededRandomSource`.
public struct GatewayConfiguration: Sendable {
    /// Read only to build Identify and Resume; never logged (its description is redacted).
    public var token: BotToken
    /// The intents bitfield sent in Identify.
    /// https://discord.com/developers/docs/events/gateway#gateway-intents
    public var intents: GatewayIntents
    public var shardID: Int
    public var shardCount: Int
    /// `url` from `GET /gateway/bot`, without query (e.g. `wss://gateway.discord.gg`).
    public var gatewayURL: String
    public var compression: GatewayCompression
    /// Guilds with more members than this arrive without offline members (50...250).
    public var largeThreshold: Int
    /// Dispatch names (`t`) decoded and delivered as `.dispatch`; the others only advance the
    /// sequence. `nil` delivers every dispatch.
    public var subscribedEvents: Set<String>?
    /// How a subscribed GUILD_CREATE is decoded: `.summary` (the default; the guild's own fields,
    /// `GatewayDispatch.guildCreateSummary`) or `.full` (`GatewayDispatch.guildCreate` with channels
    /// and roles, about 20 times the CPU). The raw `d` bytes are in `ShardDispatch.data` either way.
    public var guildCreateDetail: GatewayDispatch.GuildCreateDetail = .summary
    /// PEM certificates trusted for `wss://` in addition to nothing else (the sandbox's generated
    /// certificate); nil uses the system trust store.
    public var trustRootsPEM: [String]?
    /// The name the server certificate is checked against (and sent as SNI). Nil: the URL's host,
    /// or `localhost` for a loopback IP (TLS cannot use an IP address as SNI), as the sandbox serves.
    public var tlsServerName: String?
    /// How long opening the socket (TCP, TLS, upgrade) may take before the attempt counts as failed.
    public var connectTimeout: Duration?
    /// How long a new connection may wait for Hello before it is abandoned and the shard
    /// reconnects (a lost or stalled Hello would otherwise leave the shard waiting forever).
    /// Nil: wait as long as the connection lives.
    public var helloTimeout: Duration?
    public var backoff: ReconnectBackoff
    /// Events buffered between the shard and its consumer before the shard stops reading.
    public var eventBufferCapacity: Int
    /// Largest gateway message accepted (GUILD_CREATE of a large guild is several MB).
    public var maximumMessageBytes: Int
    public var clock: any Clock<Duration>
    public var random: any RandomSource
    public var logger: Logger
    /// Where the shard's counters go (`GatewayMetrics.disabled`: nowhere).
    public var metrics: GatewayMetrics = .disabled

    public init(
        token: BotToken,
        intents: GatewayIntents,
        shardID: Int = 0,
        shardCount: Int = 1,
        gatewayURL: String = "wss://gateway.discord.gg",
        compression: GatewayCompression = .zstdStream,
        largeThreshold: Int = 50,
        subscribedEvents: Set<String>? = nil,
        trustRootsPEM: [String]? = nil,
        tlsServerName: String? = nil,
        connectTimeout: Duration? = .seconds(10),
        backoff: ReconnectBackoff = ReconnectBackoff(),
        eventBufferCapacity: Int = 256,
        maximumMessageBytes: Int = 64 << 20,
        clock: any Clock<Duration> = ContinuousClock(),
        random: any RandomSource = SystemRandomSource(),
        logger: Logger = Logger(label: "gachabot.gateway")
    ) {
        self.token = token
        self.intents = intents
        self.shardID = shardID
        self.shardCount = shardCount
        self.gatewayURL = gatewayURL
        self.compression = compression
        self.largeThreshold = largeThreshold
        self.subscribedEvents = subscribedEvents
        self.trustRootsPEM = trustRootsPEM
        self.tlsServerName = tlsServerName
        self.connectTimeout = connectTimeout
        self.helloTimeout = nil
        self.backoff = backoff
        self.eventBufferCapacity = eventBufferCapacity
        self.maximumMessageBytes = maximumMessageBytes
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// The same configuration for another shard of the same bot.
    public func forShard(_ id: Int) -> GatewayConfiguration {
        var copy = self
        copy.shardID = id
        return copy
    }

    public func wantsDispatch(_ name: String) -> Bool {
        subscribedEvents?.contains(name) ?? true
    }
}
