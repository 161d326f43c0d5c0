/// RATE_LIMITED: a gateway request (op 8) was rate limited.
/// https://discord.com/developers/docs/events/gateway-events#rate-limited
public struct RateLimited: Sendable, Hashable, Codable {
    /// The opcode that was limited (8, Request Guild Members, for now).
    public var opcode: GatewayOpcode
    /// Seconds to wait before retrying.
    public var retry_after: Double
    /// Metadata of the limited request (for op 8: `guild_id`, `nonce`).
    public var meta: JSONValue?

    public init(opcode: GatewayOpcode, retry_after: Double, meta: JSONValue? = nil) {
        self.opcode = opcode
        self.retry_after = retry_after
        self.meta = meta
    }
}
