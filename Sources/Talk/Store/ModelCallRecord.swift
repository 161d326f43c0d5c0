import Storage

/// Why a model was called.
public enum ModelCallPurpose: String, Sendable, Hashable, Codable, CaseIterable {
    /// A character's reply to a member.
    case reply
    /// Folding older turns into a long-term memory.
    case summary
}

/// How a model call ended.
public enum ModelCallOutcome: Sendable, Hashable {
    case completed
    /// The stream broke after some text arrived; the usage is estimated.
    case interrupted
    /// No reply; `code` is short and safe to store (e.g. `rate_limited`, `timeout`), never prompt text.
    case failed(code: String)

    /// The stored name: `completed`, `interrupted` or `failed`.
    public var kind: String {
        switch self {
        case .completed: "completed"
        case .interrupted: "interrupted"
        case .failed: "failed"
        }
    }

    /// The failure code, for `failed` only.
    public var failureCode: String? {
        if case .failed(let code) = self { return code }
        return nil
    }

    /// Rebuilds an outcome from its stored columns; nil for an unknown kind.
    public init?(kind: String, failureCode: String?) {
        switch kind {
        case "completed": self = .completed
        case "interrupted": self = .interrupted
        case "failed": self = .failed(code: failureCode ?? "")
        default: return nil
        }
    }
}

/// One row of the model-call ledger: every call to a chat model, whatever its outcome. `callID`
/// is the idempotency key (unique: a second row with it is `StoreError.duplicate`).
public struct ModelCallRecord: Sendable, Hashable {
    public var callID: String
    public var player: PlayerID
    public var characterID: String
    /// The creator pack of a pack character; nil for the base catalogue.
    public var packID: String?
    /// The model that answered (or was asked, when the call failed).
    public var model: String
    public var purpose: ModelCallPurpose
    public var promptTokens: Int64
    public var completionTokens: Int64
    /// From `ModelPriceTable`, in millionths of a US dollar.
    public var costMicros: Int64
    /// Nil when no text arrived.
    public var msToFirstToken: Int64?
    public var msTotal: Int64
    public var outcome: ModelCallOutcome
    /// The token counts come from `TokenEstimator`, not from the provider.
    public var usageEstimated: Bool
    public var at: Timestamp

    public init(
        callID: String, player: PlayerID, characterID: String, packID: String?, model: String, purpose: ModelCallPurpose,
        promptTokens: Int64, completionTokens: Int64, costMicros: Int64, msToFirstToken: Int64?, msTotal: Int64,
        outcome: ModelCallOutcome, usageEstimated: Bool, at: Timestamp
    ) {
        self.callID = callID
        self.player = player
        self.characterID = characterID
        self.packID = packID
        self.model = model
        self.purpose = purpose
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costMicros = costMicros
        self.msToFirstToken = msToFirstToken
        self.msTotal = msTotal
        self.outcome = outcome
        self.usageEstimated = usageEstimated
        self.at = at
    }
}
