/// The close code of a gateway websocket, with what it means for reconnecting.
/// https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes
public enum GatewayCloseCode: DiscordEnum {
    case unknownError
    case unknownOpcode
    case decodeError
    case notAuthenticated
    case authenticationFailed
    case alreadyAuthenticated
    case invalidSequence
    case rateLimited
    case sessionTimedOut
    case invalidShard
    case shardingRequired
    case invalidAPIVersion
    case invalidIntents
    case disallowedIntents
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 4000: self = .unknownError
        case 4001: self = .unknownOpcode
        case 4002: self = .decodeError
        case 4003: self = .notAuthenticated
        case 4004: self = .authenticationFailed
        case 4005: self = .alreadyAuthenticated
        case 4007: self = .invalidSequence
        case 4008: self = .rateLimited
        case 4009: self = .sessionTimedOut
        case 4010: self = .invalidShard
        case 4011: self = .shardingRequired
        case 4012: self = .invalidAPIVersion
        case 4013: self = .invalidIntents
        case 4014: self = .disallowedIntents
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .unknownError: 4000
        case .unknownOpcode: 4001
        case .decodeError: 4002
        case .notAuthenticated: 4003
        case .authenticationFailed: 4004
        case .alreadyAuthenticated: 4005
        case .invalidSequence: 4007
        case .rateLimited: 4008
        case .sessionTimedOut: 4009
        case .invalidShard: 4010
        case .shardingRequired: 4011
        case .invalidAPIVersion: 4012
        case .invalidIntents: 4013
        case .disallowedIntents: 4014
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [GatewayCloseCode] = [.unknownError, .unknownOpcode, .decodeError, .notAuthenticated, .authenticationFailed, .alreadyAuthenticated, .invalidSequence, .rateLimited, .sessionTimedOut, .invalidShard, .shardingRequired, .invalidAPIVersion, .invalidIntents, .disallowedIntents]

    /// Whether a new connection may be attempted. Fatal codes (4004, 4010–4014) mean a
    /// configuration problem that reconnecting cannot fix. Unknown codes (including the websocket
    /// range below 4000) allow reconnecting.
    public var canReconnect: Bool {
        switch self {
        case .authenticationFailed, .invalidShard, .shardingRequired, .invalidAPIVersion, .invalidIntents,
            .disallowedIntents:
            false
        default: true
        }
    }

    /// The session cannot be resumed after this code: identify anew.
    public var requiresNewSession: Bool {
        switch self {
        case .invalidSequence, .sessionTimedOut: true
        default: false
        }
    }

    /// Names the cause and, for a fatal code, the fix, in words an operator can act on.
    public var explanation: String {
        switch self {
        case .unknownError:
            "4000 Unknown error: Discord is not sure what went wrong; reconnecting and resuming."
        case .unknownOpcode:
            "4001 Unknown opcode: the bot sent an invalid gateway opcode (a bug in the gateway client); reconnecting."
        case .decodeError:
            "4002 Decode error: the bot sent a payload Discord could not decode (a bug in the gateway client); reconnecting."
        case .notAuthenticated:
            "4003 Not authenticated: a payload was sent before Identify; reconnecting."
        case .authenticationFailed:
            "4004 Authentication failed: Discord rejected the bot token. Reset the token in the Developer Portal → your application → Bot → Reset Token, and give the new one to the bot (DISCORD_TOKEN or --token-file)."
        case .alreadyAuthenticated:
            "4005 Already authenticated: Identify or Resume was sent twice on one connection (a bug in the gateway client); reconnecting."
        case .invalidSequence:
            "4007 Invalid seq: the sequence sent with Resume was invalid; reconnecting with a new session."
        case .rateLimited:
            "4008 Rate limited: the bot sent gateway payloads too quickly (more than 120 per 60 s); reconnecting."
        case .sessionTimedOut:
            "4009 Session timed out: reconnecting with a new session."
        case .invalidShard:
            "4010 Invalid shard: the shard id sent with Identify is out of range for the shard count; fix the shard configuration."
        case .shardingRequired:
            "4011 Sharding required: the bot is in too many guilds for one connection; run more shards (use the shard count from GET /gateway/bot)."
        case .invalidAPIVersion:
            "4012 Invalid API version: the gateway version in the URL is not supported; connect with v=10."
        case .invalidIntents:
            "4013 Invalid intent(s): the intents bit field sent with Identify is invalid; send only documented intent bits."
        case .disallowedIntents:
            "4014 Disallowed intent(s): the bot asked for a privileged intent it is not allowed. Enable the privileged intent(s) it uses (Server Members Intent for GUILD_MEMBERS, Presence Intent for GUILD_PRESENCES, Message Content Intent for MESSAGE_CONTENT) in the Developer Portal → your application → Bot → Privileged Gateway Intents; bots in 100 or more servers need verification and approval for them. Or stop requesting them."
        case .unknown(let code):
            code < 4000
                ? "\(code): websocket closed; reconnecting and resuming."
                : "\(code): undocumented gateway close code; reconnecting."
        }
    }

    /// The same explanation with the disallowed intents named, for 4014.
    public func explanation(requestedIntents: GatewayIntents) -> String {
        guard self == .disallowedIntents else { return explanation }
        let privileged = requestedIntents.intersection(.privileged)
        guard !privileged.isEmpty else { return explanation }
        let portalNames = privileged.portalNames.joined(separator: ", ")
        return "4014 Disallowed intent(s): the bot requests \(privileged.names.joined(separator: ", ")). Enable \(portalNames) in the Developer Portal → your application → Bot → Privileged Gateway Intents (bots in 100 or more servers need verification and approval), or stop requesting them."
    }
}
