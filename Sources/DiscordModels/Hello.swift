/// op 10 `d`: how often to heartbeat.
/// https://discord.com/developers/docs/events/gateway-events#hello
public struct Hello: Sendable, Hashable, Codable {
    /// Milliseconds between heartbeats.
    public var heartbeat_interval: Int

    public init(heartbeat_interval: Int) { self.heartbeat_interval = heartbeat_interval }
}
