/// An outbound gateway payload, `{"op":…,"d":…}`. Heartbeat's `d` is `Int?` and is encoded as
/// `null` before the first dispatch.
/// https://discord.com/developers/docs/events/gateway-events#payload-structure
public struct GatewaySendPayload<D: Encodable & Sendable>: Sendable, Encodable {
    public var op: GatewayOpcode
    public var d: D

    public init(op: GatewayOpcode, d: D) {
        self.op = op
        self.d = d
    }

    enum CodingKeys: String, CodingKey { case op, d }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(op, forKey: .op)
        // Encoded explicitly so an optional `d` (heartbeat) becomes `null`, not an absent key.
        try container.encode(d, forKey: .d)
    }
}

extension GatewaySendPayload where D == Int? {
    /// op 1 with the last sequence number (null before any dispatch).
    public static func heartbeat(sequence: Int?) -> Self { Self(op: .heartbeat, d: sequence) }
}

extension GatewaySendPayload where D == Identify {
    public static func identify(_ identify: Identify) -> Self { Self(op: .identify, d: identify) }
}

extension GatewaySendPayload where D == Resume {
    public static func resume(_ resume: Resume) -> Self { Self(op: .resume, d: resume) }
}

extension GatewaySendPayload where D == UpdatePresence {
    public static func presenceUpdate(_ presence: UpdatePresence) -> Self { Self(op: .presenceUpdate, d: presence) }
}
