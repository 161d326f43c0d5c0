import Storage

extension ModelCallRecord {
    /// The ledger row of a call that returned a reply (whole, or interrupted with what arrived):
    /// the provider's usage (or the estimate, flagged), its cost from `prices`, and its latencies.
    public init(
        callID: String, player: PlayerID, characterID: String, packID: String?, purpose: ModelCallPurpose,
        completion: ChatCompletion, prices: ModelPriceTable, at: Timestamp
    ) {
        self.init(
            callID: callID, player: player, characterID: characterID, packID: packID, model: completion.model,
            purpose: purpose, promptTokens: Int64(completion.usage.promptTokens),
            completionTokens: Int64(completion.usage.completionTokens),
            costMicros: prices.costMicros(model: completion.model, usage: completion.usage),
            msToFirstToken: completion.timeToFirstText?.wholeMilliseconds, msTotal: completion.totalTime.wholeMilliseconds,
            outcome: completion.interrupted ? .interrupted : .completed, usageEstimated: completion.usage.estimated, at: at)
    }

    /// The ledger row of a call that gave no reply: nothing billed, the failure's short code.
    public static func failed(
        callID: String, player: PlayerID, characterID: String, packID: String?, model: String, purpose: ModelCallPurpose,
        error: ChatModelError, totalTime: Duration, at: Timestamp
    ) -> ModelCallRecord {
        ModelCallRecord(
            callID: callID, player: player, characterID: characterID, packID: packID, model: model, purpose: purpose,
            promptTokens: 0, completionTokens: 0, costMicros: 0, msToFirstToken: nil, msTotal: totalTime.wholeMilliseconds,
            outcome: .failed(code: error.ledgerCode), usageEstimated: false, at: at)
    }
}

extension ChatModelError {
    /// A short code for the ledger's `failure_code`: the kind of failure, never a message.
    public var ledgerCode: String {
        switch self {
        case .rateLimited: "rate_limited"
        case .insufficientQuota: "insufficient_quota"
        case .unauthorized(let status): "unauthorized_\(status)"
        case .rejected(let status, _): "rejected_\(status)"
        case .unavailable(let status): "unavailable_\(status)"
        case .timedOut(let kind): "timeout_\(kind.rawValue)"
        case .transport: "transport"
        case .invalidResponse: "invalid_response"
        }
    }
}
