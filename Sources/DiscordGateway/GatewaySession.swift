/// What it takes to resume a gateway session: kept while connected, saved on shutdown and
/// loaded on start, so a restart within Discord's resume window resumes instead of identifying
/// (identifies are limited to 1000 a day).
///
/// https://discord.com/developers/docs/events/gateway#resuming
public struct GatewaySession: Sendable, Hashable, Codable {
    /// `session_id` from READY.
    public var sessionID: String
    /// The last sequence number received (`s`), sent back in Resume.
    public var sequence: Int
    /// `resume_gateway_url` from READY.
    public var resumeURL: String

    public init(sessionID: String, sequence: Int, resumeURL: String) {
        self.sessionID = sessionID
        self.sequence = sequence
        self.resumeURL = resumeURL
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case sequence
        case resumeURL = "resume_gateway_url"
    }
}
