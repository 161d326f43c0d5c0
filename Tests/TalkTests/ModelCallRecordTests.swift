import Storage
import Talk
import Testing

@Suite struct ModelCallRecordTests {
    static let prices = ModelPriceTable(
        defaultPrice: ModelPrice(promptMicrosPerMillion: 1_000_000, completionMicrosPerMillion: 2_000_000),
        models: ["gpt-4o-mini": ModelPrice(promptMicrosPerMillion: 150_000, completionMicrosPerMillion: 600_000)])

    @Test func aReplyBecomesItsLedgerRow() {
        let completion = ChatCompletion(
            text: "Evening!", usage: ChatUsage(promptTokens: 1_000, completionTokens: 200, estimated: false), model: "gpt-4o-mini",
            finishReason: "stop", interrupted: false, timeToFirstText: .milliseconds(180), totalTime: .milliseconds(940))
        let row = ModelCallRecord(
            callID: "i1:reply", player: player, characterID: "pell-ashgrove", packID: nil, purpose: .reply, completion: completion,
            prices: Self.prices, at: t0)
        #expect(row.model == "gpt-4o-mini" && row.promptTokens == 1_000 && row.completionTokens == 200)
        #expect(row.costMicros == 270 && row.msToFirstToken == 180 && row.msTotal == 940)
        #expect(row.outcome == .completed && !row.usageEstimated)

        var broken = completion
        broken.interrupted = true
        broken.usage.estimated = true
        broken.timeToFirstText = nil
        broken.model = "unlisted"
        let interrupted = ModelCallRecord(
            callID: "i2:reply", player: player, characterID: "pk:p:c", packID: "p", purpose: .summary, completion: broken,
            prices: Self.prices, at: t0)
        #expect(interrupted.outcome == .interrupted && interrupted.usageEstimated && interrupted.msToFirstToken == nil)
        #expect(interrupted.costMicros == 1_400 && interrupted.packID == "p" && interrupted.purpose == .summary)
    }

    @Test func aFailureBillsNothingAndKeepsAShortCode() {
        let row = ModelCallRecord.failed(
            callID: "i3:reply", player: player, characterID: "pell-ashgrove", packID: nil, model: "gpt-4o-mini", purpose: .reply,
            error: .rejected(status: 400, message: "the prompt was: secret"), totalTime: .milliseconds(75), at: t0)
        #expect(row.outcome == .failed(code: "rejected_400") && row.costMicros == 0 && row.promptTokens == 0 && row.msTotal == 75)
        let codes: [ChatModelError] = [
            .rateLimited(retryAfter: nil), .insufficientQuota, .unauthorized(status: 401), .unavailable(status: 503),
            .timedOut(.connect), .timedOut(.total), .transport("reset"), .invalidResponse("x"),
        ]
        #expect(codes.map(\.ledgerCode) == [
            "rate_limited", "insufficient_quota", "unauthorized_401", "unavailable_503", "timeout_connect", "timeout_total",
            "transport", "invalid_response",
        ])
    }
}
