import Clocks
import CoreMetrics
import DiscordGateway
import DiscordModels
import DiscordREST
import Economy
import Foundation
import Gacha
import Logging
import Packs

/// Everything `BotRuntime` needs to run one process of the bot.
public struct BotConfiguration: Sendable {
    /// Which shards this process runs, of how many in total. Nil: all shards Discord recommends.
    public struct ShardSelection: Sendable, Equatable {
        public var ids: ClosedRange<Int>
        public var count: Int
        public init(ids: ClosedRange<Int>, count: Int) {
            self.ids = ids
            self.count = count
        }
    }

    public var token: BotToken
    public var apiBaseURL: String
    /// Overrides the URL from `GET /gateway/bot` (e.g. the sandbox's).
    public var gatewayURL: String?
    public var shards: ShardSelection?
    public var compression: GatewayCompression
    /// Extra trusted roots (PEM) for a gateway/REST endpoint with a self-signed certificate.
    public var trustRootsPEM: String?
    /// Where every area keeps its state. The executable opens it (SQLite or PostgreSQL) and closes
    /// it after the runtime returns; the bot knows no database.
    public var store: any BotStore
    /// Where gateway sessions are saved so a restart within the resume window resumes.
    public var sessionFile: String?
    /// Shared with the other processes of a cluster (PostgreSQL): identifies, sessions (instead of
    /// `sessionFile`) and the cluster-wide duties. Nil: this process is the whole bot.
    public var cluster: ClusterSettings? = nil
    /// The `Assets/` folder (catalogue, animation).
    public var assetsDirectory: URL
    public var dispatcher: InteractionDispatcher.Configuration
    public var game: GameCommandSettings
    /// The game's rules: rates, pity, prices, inventory cap.
    public var gacha: GachaConfiguration
    /// Each server's enabled packs, rolled with the catalogue; nil: the store's packs (`PackPoolProvider`).
    public var packPools: (any GuildPoolProvider)?
    /// Names and packs of owned pack characters; nil: the store's packs (`PackPoolProvider`).
    public var packDirectory: (any PackCharacterDirectory)?
    /// Creator packs: import limits, report threshold, rating prior, page size.
    public var packs: PackServiceConfiguration
    /// Where pack images live. Nil: the store itself when it keeps blobs (PostgreSQL); a store
    /// that does not (SQLite) needs one given (the executable uses files under the data folder).
    public var packBlobs: (any PackBlobStore)?
    /// Downloading files members attach to `/packs` commands: size cap, timeout, trusted hosts.
    public var attachments: AttachmentDownloader.Configuration
    /// How often the packs' ranking scores (trending, usage, rating prior) are recomputed.
    public var packScoreRefreshInterval: Duration
    /// Pack access (the Pro discount, price bounds, renewals per sweep); nil: `Assets/pack-access.json`
    /// (defaults when absent).
    public var packAccess: PackAccessConfiguration? = nil
    /// How often due pack subscriptions are renewed (or lapse).
    public var packSubscriptionSweepInterval: Duration = .seconds(300)
    public var clock: any Clock<Duration>
    /// Wall time for the game (daily resets, expiries); nil: the real time.
    public var gameTime: GameTime?
    public var random: any RandomSource
    public var logger: Logger
    /// Pro: the Discord SKUs and the card (Stripe) links of upgrade prompts.
    public var premium: PremiumSettings
    /// Talking with characters: the chat model and talk's limits; nil: `/talk` answers that talk
    /// is not set up.
    public var talk: TalkConfiguration?
    /// Where the bot's metrics go (gateway, REST, interactions, game, talk): the HTTP server's
    /// factory, so `/metrics` shows them; nil records nothing.
    public var metrics: (any MetricsFactory)?
    /// `/owner`: chart rendering and alerts (set after `init`; the defaults render with
    /// /usr/bin/rsvg-convert and send alerts to guild webhooks only).
    public var owner = OwnerConfiguration()
    /// `/creator` and creator DMs: the economy's numbers, the verification criteria, DM retries.
    public var creators = CreatorSettings()
    /// The economy's knobs the bot reads (the referral window); commissions are booked by the
    /// webhook's `EconomyRevenueRecorder` with the same file.
    public var economy = EconomyConfiguration()

    /// Only GUILDS: slash commands arrive as INTERACTION_CREATE without privileged intents.
    public static let intents: GatewayIntents = [.guilds]
    /// The dispatches the bot decodes; every other event is skipped after the pre-scan.
    public static let subscribedEvents: Set<String> = [
        "READY", "RESUMED", "INTERACTION_CREATE", "GUILD_CREATE", "GUILD_DELETE",
        "ENTITLEMENT_CREATE", "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE",
    ]

    public init(
        token: BotToken,
        apiBaseURL: String = DiscordRESTClient.defaultBaseURL,
        gatewayURL: String? = nil,
        shards: ShardSelection? = nil,
        compression: GatewayCompression = .zstdStream,
        trustRootsPEM: String? = nil,
        store: any BotStore,
        sessionFile: String? = nil,
        assetsDirectory: URL,
        dispatcher: InteractionDispatcher.Configuration = .init(),
        game: GameCommandSettings = .init(),
        gacha: GachaConfiguration = .standard,
        packPools: (any GuildPoolProvider)? = nil,
        packDirectory: (any PackCharacterDirectory)? = nil,
        packs: PackServiceConfiguration = PackServiceConfiguration(),
        packBlobs: (any PackBlobStore)? = nil,
        attachments: AttachmentDownloader.Configuration = AttachmentDownloader.Configuration(),
        packScoreRefreshInterval: Duration = .seconds(600),
        clock: any Clock<Duration> = ContinuousClock(),
        gameTime: GameTime? = nil,
        random: any RandomSource = SystemRandomSource(),
        logger: Logger = Logger(label: "gachabot"),
        premium: PremiumSettings = PremiumSettings(),
        talk: TalkConfiguration? = nil
    ) {
        self.token = token
        self.apiBaseURL = apiBaseURL
        self.gatewayURL = gatewayURL
        self.shards = shards
        self.compression = compression
        self.trustRootsPEM = trustRootsPEM
        self.store = store
        self.sessionFile = sessionFile
        self.assetsDirectory = assetsDirectory
        self.dispatcher = dispatcher
        self.game = game
        self.gacha = gacha
        self.packPools = packPools
        self.packDirectory = packDirectory
        self.packs = packs
        self.packBlobs = packBlobs
        self.attachments = attachments
        self.packScoreRefreshInterval = packScoreRefreshInterval
        self.clock = clock
        self.gameTime = gameTime
        self.random = random
        self.logger = logger
        self.premium = premium
        self.talk = talk
    }
}
