/// Why a chat model gave no reply. Descriptions are safe to log: they never hold the API key, and
/// they hold no prompt text.
public enum ChatModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 429 `rate_limit_exceeded` still after the retries allowed.
    case rateLimited(retryAfter: Duration?)
    /// 429 `insufficient_quota`: the account is out of credit. Not retried; the operator must act.
    case insufficientQuota
    /// 401 or 403: the API key is missing, wrong or not allowed this model.
    case unauthorized(status: Int)
    /// Another 4xx: the request itself was refused (`message` is the provider's, without our text).
    case rejected(status: Int, message: String)
    /// 408 or ≥ 500 still after the retries allowed.
    case unavailable(status: Int)
    /// No connection within the connect timeout, or no whole reply within the total timeout.
    case timedOut(TimeoutKind)
    /// The connection failed or broke before any text arrived.
    case transport(String)
    /// The provider answered with something that is not the Chat Completions format.
    case invalidResponse(String)

    public enum TimeoutKind: String, Sendable, Hashable { case connect, total }

    public var description: String {
        switch self {
        case .rateLimited(let retryAfter):
            "the model provider is rate limiting us" + (retryAfter.map { " (retry after \($0))" } ?? "")
        case .insufficientQuota:
            "the model provider account has no quota left (429 insufficient_quota): add credit or change the API key"
        case .unauthorized(let status):
            "the model provider refused the API key (HTTP \(status))"
        case .rejected(let status, let message):
            "the model provider refused the request (HTTP \(status)): \(message)"
        case .unavailable(let status):
            "the model provider is unavailable (HTTP \(status))"
        case .timedOut(let kind):
            kind == .connect ? "no connection to the model provider in time" : "the model provider did not finish in time"
        case .transport(let reason):
            "the connection to the model provider failed: \(reason)"
        case .invalidResponse(let reason):
            "the model provider's answer was not understood: \(reason)"
        }
    }
}
