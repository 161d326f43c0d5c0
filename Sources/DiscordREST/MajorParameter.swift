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

    /// Hashes everything but a token's first bytes. The rate limiter hashes its key several times
    /// per request, and a token is about 200 bytes whose start is the same for every interaction
    /// (base64 of `interaction:`); its last 16 bytes and its length separate keys as well. Equality
    /// still compares the whole token.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .channel(let id):
            hasher.combine(0)
            hasher.combine(id)
        case .guild(let id):
            hasher.combine(1)
            hasher.combine(id)
        case .webhook(let id, let token):
            hasher.combine(2)
            hasher.combine(id)
            Self.combineTail(of: token, into: &hasher)
        case .interaction(let id, let token):
            hasher.combine(3)
            hasher.combine(id)
            Self.combineTail(of: token, into: &hasher)
        }
    }

    private static func combineTail(of token: String, into hasher: inout Hasher) {
        let utf8 = token.utf8
        hasher.combine(utf8.count)
        for byte in utf8.suffix(16) { hasher.combine(byte) }
    }

    /// An interaction callback is sent once per interaction, so there is no later request for its
    /// bucket to pace: the rate limiter tracks it only after a 429 (to pace the retry).
    var isSingleUse: Bool {
        if case .interaction = self { true } else { false }
    }

    /// The secret embedded in the path, if any, so it can be redacted from anything we print.
    var secret: String? {
        switch self {
        case .channel, .guild: nil
        case .webhook(_, let token), .interaction(_, let token): token
        }
    }
}
