/// op 2 `d`: starts a new session. The token is encoded by hand (BotToken is not Codable).
/// https://discord.com/developers/docs/events/gateway-events#identify
public struct Identify: Sendable, Hashable, Encodable {
    /// https://discord.com/developers/docs/events/gateway-events#identify-identify-connection-properties
    public struct ConnectionProperties: Sendable, Hashable, Codable {
        public var os: String
        public var browser: String
        public var device: String

        public init(os: String, browser: String, device: String) {
            self.os = os
            self.browser = browser
            self.device = device
        }

        /// `{os: linux, browser: gachabot, device: gachabot}` (on Linux).
        public static func library(_ name: String) -> ConnectionProperties {
            #if os(Linux)
                let os = "linux"
            #elseif os(macOS)
                let os = "macos"
            #else
                let os = "unknown"
            #endif
            return ConnectionProperties(os: os, browser: name, device: name)
        }
    }

    public var token: BotToken
    public var properties: ConnectionProperties
    public var compress: Bool?
    public var large_threshold: Int?
    /// `[shard_id, num_shards]`.
    public var shard: [Int]?
    public var presence: UpdatePresence?
    public var intents: GatewayIntents

    public init(
        token: BotToken, properties: ConnectionProperties = .library("gachabot"), compress: Bool? = nil,
        large_threshold: Int? = 250, shard: (id: Int, count: Int)? = nil, presence: UpdatePresence? = nil,
        intents: GatewayIntents
    ) {
        self.token = token
        self.properties = properties
        self.compress = compress
        self.large_threshold = large_threshold
        self.shard = shard.map { [$0.id, $0.count] }
        self.presence = presence
        self.intents = intents
    }

    enum CodingKeys: String, CodingKey {
        case token, properties, compress, large_threshold, shard, presence, intents
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token.secret, forKey: .token)
        try container.encode(properties, forKey: .properties)
        try container.encodeIfPresent(compress, forKey: .compress)
        try container.encodeIfPresent(large_threshold, forKey: .large_threshold)
        try container.encodeIfPresent(shard, forKey: .shard)
        try container.encodeIfPresent(presence, forKey: .presence)
        try container.encode(intents, forKey: .intents)
    }
}
