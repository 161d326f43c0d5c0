/// A scripted misbehaviour for the next chat completion request (faults queue: each request
/// takes the oldest). `GET /v1/models` takes none.
public enum ModelFault: Sendable, Hashable {
    /// 429 `rate_limit_exceeded`, with OpenAI's `retry-after-ms` and/or `retry-after` headers.
    case rateLimited(retryAfterMilliseconds: Int? = nil, retryAfterSeconds: Int? = nil)
    /// 429 `insufficient_quota`: the account is out of credit.
    case insufficientQuota
    /// A 5xx (500, 502, 503 …) with an OpenAI-style error body.
    case serverError(status: Int = 500)
    /// 408 Request Timeout.
    case requestTimeout
    /// The answer's head at once, then a wait on the sandbox's clock before the first chunk.
    case slowFirstToken(Duration)
    /// After this many text chunks, a wait on the sandbox's clock before the rest (a model that
    /// stalls mid-reply).
    case stall(afterChunks: Int, for: Duration)
    /// The stream stops after this many text chunks: the connection closes without `[DONE]`,
    /// `after` that wait on the sandbox's clock. (A client may drop chunks it had not yet read
    /// when the connection closes; a test that must know what arrived holds the close with a
    /// wait on a `ManualClock` until its pieces are in.)
    case brokenStream(afterChunks: Int, after: Duration = .zero)
    /// The stream ends with `[DONE]` but without the usage chunk.
    case missingUsage

    var name: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .insufficientQuota: "insufficient_quota"
        case .serverError(let status): "server_error_\(status)"
        case .requestTimeout: "request_timeout"
        case .slowFirstToken: "slow_first_token"
        case .stall: "stall"
        case .brokenStream: "broken_stream"
        case .missingUsage: "missing_usage"
        }
    }
}
