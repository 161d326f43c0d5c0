import DiscordModels

/// A dispatch (op 0) the bot subscribed to, with its raw `d` JSON bytes.
public struct ShardDispatch: Sendable {
    /// `t`, e.g. `GUILD_CREATE`.
    public var name: String
    /// `s`
    public var sequence: Int?
    public var shardID: Int
    /// The bytes of the `d` value.
    public var data: [UInt8]
    /// The decoded event (`GatewayDispatch.decode`), or nil if it did not decode (logged).
    public var event: GatewayDispatch? {
        get { decoded?.value }
        set { decoded = newValue.map(DecodedEvent.init) }
    }
    /// `event` in a box: a dispatch is copied several times on its way to a consumer (into the
    /// shard's event, through the bounded stream, out of a filter), and each copy of a large
    /// decoded value such as `Interaction` retained every one of its fields. (An `indirect`
    /// `GatewayDispatch` would do the same, but it made Swift 6.3's task allocator abort,
    /// "freed pointer was not the last allocation", in the gateway tests.)
    private var decoded: DecodedEvent?

    init(name: String, sequence: Int?, shardID: Int, data: [UInt8], event: GatewayDispatch?) {
        self.name = name
        self.sequence = sequence
        self.shardID = shardID
        self.data = data
        self.decoded = event.map(DecodedEvent.init)
    }
}

/// An immutable decoded event, shared by every copy of the `ShardDispatch` that carries it.
private final class DecodedEvent: Sendable {
    let value: GatewayDispatch
    init(_ value: GatewayDispatch) { self.value = value }
}

/// The `RATE_LIMITED` dispatch: a gateway request (usually op 8) was rate limited.
/// https://discord.com/developers/docs/events/gateway-events#rate-limited
public struct GatewayRateLimit: Sendable, Equatable {
    public var opcode: Int
    public var retryAfter: Double
}

/// What leaves a shard, in order, through its bounded event stream.
public enum ShardEvent: Sendable {
    /// READY: a new session (`sessionID`).
    case ready(shard: Int, sessionID: String)
    /// RESUMED: the missed events have been replayed.
    case resumed(shard: Int)
    case dispatch(ShardDispatch)
    /// Discord rate limited a request of ours (`RATE_LIMITED`).
    case rateLimited(shard: Int, GatewayRateLimit)
    /// The socket closed (`code` from the peer, nil for a dropped connection or failed connect).
    case disconnected(shard: Int, code: Int?, willReconnect: Bool)
    /// The shard stopped for good with a fatal close code.
    case failed(ShardFatalError)

    public var shardID: Int {
        switch self {
        case .ready(let shard, _), .resumed(let shard), .rateLimited(let shard, _), .disconnected(let shard, _, _): shard
        case .dispatch(let dispatch): dispatch.shardID
        case .failed(let error): error.shardID
        }
    }
}
