/// Discord's outbound gateway limit: at most `limit` payloads in any `window` on one connection
/// (120 per 60 s), of which `heartbeatReserve` are kept for heartbeats so a burst of presence
/// updates can never make the shard miss a heartbeat and be disconnected.
///
/// https://discord.com/developers/docs/events/gateway#rate-limiting
///
/// Pure: the caller passes the current time (a monotonic offset) and sleeps until the returned
/// instant itself. A reservation is recorded at once, so concurrent callers never oversubscribe.
public struct GatewaySendLimiter: Sendable {
    public enum PayloadKind: Sendable, Equatable {
        case heartbeat
        case regular
    }

    /// A sent payload must not exceed this many bytes.
    public static let maximumPayloadBytes = 4096

    public let limit: Int
    public let window: Duration
    public let heartbeatReserve: Int
    /// Send times (reserved instants), ascending.
    private var sent: [Duration] = []
    private var lastRegular: Duration = .zero

    public init(limit: Int = 120, window: Duration = .seconds(60), heartbeatReserve: Int = 3) {
        precondition(limit > heartbeatReserve && heartbeatReserve >= 0, "the reserve must leave room for other payloads")
        self.limit = limit
        self.window = window
        self.heartbeatReserve = heartbeatReserve
    }

    /// Reserves a slot and returns the instant at which the payload may be sent (`now` when it
    /// can go at once). Regular payloads keep their order: a later one never overtakes.
    public mutating func reserve(_ kind: PayloadKind, now: Duration) -> Duration {
        sent.removeAll { $0 <= now - window }
        let budget = kind == .heartbeat ? limit : limit - heartbeatReserve
        var at = kind == .regular ? max(now, lastRegular) : now
        while true {
            let inWindow = sent.filter { $0 > at - window && $0 <= at }
            // Count reservations that will still be in the window at `at` or were made for later.
            let later = sent.filter { $0 > at }.count
            if inWindow.count + later < budget { break }
            guard let oldest = inWindow.first else { break }
            at = oldest + window
        }
        let index = sent.firstIndex { $0 > at } ?? sent.endIndex
        sent.insert(at, at: index)
        if kind == .regular { lastRegular = at }
        return at
    }

    /// How many payloads of `kind` could be sent at `now` without waiting.
    public func available(_ kind: PayloadKind, now: Duration) -> Int {
        let budget = kind == .heartbeat ? limit : limit - heartbeatReserve
        let used = sent.filter { $0 > now - window }.count
        return max(0, budget - used)
    }
}
