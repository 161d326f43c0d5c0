import CoreMetrics

/// Talk's metrics: every model call as it ends (the provider billed it whatever the store did
/// after), its tokens and its cost. Labels come from fixed lists (purpose, outcome, token kind),
/// never the model's name or a member.
public final class TalkMetrics: Sendable {
    public static let modelCallsTotal = "gachabot_talk_model_calls_total"
    public static let tokensTotal = "gachabot_talk_tokens_total"
    public static let costMicrodollarsTotal = "gachabot_talk_cost_microdollars_total"

    /// What each metric answers (its `# HELP` line).
    public static let help: [String: String] = [
        modelCallsTotal: "Chat model calls, by purpose (reply, summary) and outcome (completed, interrupted, failed).",
        tokensTotal: "Tokens of chat model calls, by type (prompt, completion); estimated where the provider sent no usage.",
        costMicrodollarsTotal: "What chat model calls cost at the configured prices, in millionths of a US dollar.",
    ]

    public static let disabled = TalkMetrics(factory: NOOPMetricsHandler.instance)

    static let outcomes = ["completed", "interrupted", "failed"]
    /// Indexed by purpose (in `ModelCallPurpose.allCases` order) × 3 + outcome.
    private let calls: [CoreMetrics.Counter]
    private let promptTokens: CoreMetrics.Counter
    private let completionTokens: CoreMetrics.Counter
    private let cost: CoreMetrics.Counter

    public init(factory: any MetricsFactory) {
        calls = ModelCallPurpose.allCases.flatMap { purpose in
            Self.outcomes.map {
                CoreMetrics.Counter(label: Self.modelCallsTotal, dimensions: [("purpose", purpose.rawValue), ("outcome", $0)], factory: factory)
            }
        }
        promptTokens = CoreMetrics.Counter(label: Self.tokensTotal, dimensions: [("type", "prompt")], factory: factory)
        completionTokens = CoreMetrics.Counter(label: Self.tokensTotal, dimensions: [("type", "completion")], factory: factory)
        cost = CoreMetrics.Counter(label: Self.costMicrodollarsTotal, dimensions: [], factory: factory)
    }

    /// One model call ended, as its ledger row records it.
    func called(_ record: ModelCallRecord) {
        let purpose = ModelCallPurpose.allCases.firstIndex(of: record.purpose) ?? 0
        let outcome = Self.outcomes.firstIndex(of: record.outcome.kind) ?? 2
        calls[purpose * Self.outcomes.count + outcome].increment()
        if record.promptTokens > 0 { promptTokens.increment(by: record.promptTokens) }
        if record.completionTokens > 0 { completionTokens.increment(by: record.completionTokens) }
        if record.costMicros > 0 { cost.increment(by: record.costMicros) }
    }
}
