/// The short code a failed call is recorded under in the model-call ledger (never prompt text).
extension ChatModelError {
    public var code: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .insufficientQuota: "insufficient_quota"
        case .unauthorized: "unauthorized"
        case .rejected(let status, _): "rejected_\(status)"
        case .unavailable(let status): "unavailable_\(status)"
        case .timedOut(let kind): "timeout_\(kind.rawValue)"
        case .transport: "transport"
        case .invalidResponse: "invalid_response"
        }
    }
}
