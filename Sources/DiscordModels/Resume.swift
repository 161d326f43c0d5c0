/// op 6 `d`: replays missed events of a session. The token is encoded by hand.
/// https://discord.com/developers/docs/events/gateway-events#resume
public struct Resume: Sendable, Hashable, Encodable {
    public var token: BotToken
    public var session_id: String
    /// The last sequence number received.
    public var seq: Int

    public init(token: BotToken, session_id: String, seq: Int) {
        self.token = token
        self.session_id = session_id
        self.seq = seq
    }

    enum CodingKeys: String, CodingKey { case token, session_id, seq }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token.secret, forKey: .token)
        try container.encode(session_id, forKey: .session_id)
        try container.encode(seq, forKey: .seq)
    }
}
