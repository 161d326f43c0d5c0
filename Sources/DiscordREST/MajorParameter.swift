/// The top-level resource of a route. Discord keeps a separate rate-limit bucket per value of it:
/// two channels never wait on each other.
///
/// https://discord.com/developers/docs/topics/rate-limits#rate-limits
public enum MajorParameter: Sendable, Hashable, CustomStringConvertible {
    case channel(String)
    case guild(String)
    /// A webhook, or an interaction's follow-up webhook (application id + interaction token).
    case webhook(id: String, token: String)
    /// An interaction callback: each interaction has its own limit.
    case interaction(id: String, token: String)

    /// Safe to log: the webhook or interaction token is left out.
    public var description: String {
        switch self {
        case .channel(let id): "channel:\(id)"
        case .guild(let id): "guild:\(id)"
        case .webhook(let id, _): "webhook:\(id)"
        case .interaction(let id, _): "interaction:\(id)"
        }
    }

    /// The secret embedded in the path, if any, so it can be redacted from anything we print.
    var secret: String? {
        switch self {
        case .channel, .guild: nil
        case .webhook(_, let token), .interaction(_, let token): token
        }
    }
}
