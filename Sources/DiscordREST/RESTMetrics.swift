/// Counters of what a client did, for the status command and dashboards.
public struct RESTMetrics: Sendable, Equatable {
    /// Requests put on the wire (each retry counts).
    public var requestsSent = 0
    /// Answers by HTTP status.
    public var responsesByStatus: [Int: Int] = [:]
    /// Resends after a server error or a transport failure.
    public var retries = 0
    /// Requests that got no answer (timeout, connection error).
    public var transportFailures = 0
    /// 429s in all, and by kind.
    public var rateLimited = 0
    public var globalRateLimited = 0
    public var sharedRateLimited = 0
    public var cloudflareRateLimited = 0
    /// Requests refused without being sent (token latch, invalid-request budget, too long a wait).
    public var refusedLocally = 0

    public init() {}
}
