import Storage

/// Whose model calls a total covers.
public enum ModelCallScope: Sendable, Hashable {
    case player(PlayerID)
    case guild(GuildID)
    case everything
}

/// Sums over the model-call ledger: what tests compare with the provider's usage, and what
/// analytics reads for cost per user and per guild.
public struct ModelCallTotals: Sendable, Hashable {
    public var calls: Int64
    public var promptTokens: Int64
    public var completionTokens: Int64
    public var costMicros: Int64

    public init(calls: Int64 = 0, promptTokens: Int64 = 0, completionTokens: Int64 = 0, costMicros: Int64 = 0) {
        self.calls = calls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costMicros = costMicros
    }

    public static let zero = ModelCallTotals()
}
