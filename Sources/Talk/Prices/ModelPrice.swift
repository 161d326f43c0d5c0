/// What one model costs, in integer micro-dollars (millionths of a US dollar) per million tokens.
public struct ModelPrice: Sendable, Hashable {
    public var promptMicrosPerMillion: Int64
    public var completionMicrosPerMillion: Int64

    public init(promptMicrosPerMillion: Int64, completionMicrosPerMillion: Int64) {
        self.promptMicrosPerMillion = promptMicrosPerMillion
        self.completionMicrosPerMillion = completionMicrosPerMillion
    }

    /// The cost of one call in micro-dollars: the exact cost, rounded up once to the next whole
    /// micro-dollar (a call never costs less than it did, and the rounding error of a call is under
    /// one micro-dollar). Counts past what an `Int64` can price saturate at `Int64.max`.
    public func costMicros(promptTokens: Int64, completionTokens: Int64) -> Int64 {
        let prompt = promptTokens.multipliedReportingOverflow(by: promptMicrosPerMillion)
        let completion = completionTokens.multipliedReportingOverflow(by: completionMicrosPerMillion)
        let sum = prompt.partialValue.addingReportingOverflow(completion.partialValue)
        guard !prompt.overflow, !completion.overflow, !sum.overflow, sum.partialValue >= 0 else { return .max }
        let (quotient, remainder) = sum.partialValue.quotientAndRemainder(dividingBy: 1_000_000)
        return remainder > 0 ? quotient + 1 : quotient
    }
}
