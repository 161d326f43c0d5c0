/// INTERIM until `ModelPriceTable` (branch talk-store) lands: one price for every model, in
/// micro-dollars per million tokens, rounded up per call.
public struct ModelPriceTable: Sendable, Hashable {
    public var promptMicrosPerMillion: Int64
    public var completionMicrosPerMillion: Int64

    public init(promptMicrosPerMillion: Int64 = 150_000, completionMicrosPerMillion: Int64 = 600_000) {
        self.promptMicrosPerMillion = promptMicrosPerMillion
        self.completionMicrosPerMillion = completionMicrosPerMillion
    }

    public func costMicros(model: String, usage: ChatUsage) -> Int64 {
        let total = Int64(usage.promptTokens) * promptMicrosPerMillion + Int64(usage.completionTokens) * completionMicrosPerMillion
        return (total + 999_999) / 1_000_000
    }
}
