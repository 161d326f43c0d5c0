import Foundation
import Talk
import Testing

@Suite struct ModelPriceTableTests {
    static let table = ModelPriceTable(
        defaultPrice: ModelPrice(promptMicrosPerMillion: 1_000_000, completionMicrosPerMillion: 2_000_000),
        models: ["gpt-4o-mini": ModelPrice(promptMicrosPerMillion: 150_000, completionMicrosPerMillion: 600_000)])

    @Test func costIsRoundedUpOncePerCall() {
        // 1,000 prompt tokens at $0.15/M = 150 µ$; 200 completion at $0.60/M = 120 µ$.
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 1_000, completionTokens: 200) == 270)
        // 1 prompt token = 0.15 µ$ → 1 µ$; 7 prompt tokens = 1.05 µ$ → 2 µ$.
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 1, completionTokens: 0) == 1)
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 7, completionTokens: 0) == 2)
        // 3 + 1 tokens: 0.45 + 0.6 = 1.05 µ$ → 2 (the sum is rounded, not each part).
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 3, completionTokens: 1) == 2)
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 0, completionTokens: 0) == 0)
        // Exactly a million prompt tokens: the listed price, no rounding.
        #expect(Self.table.costMicros(model: "gpt-4o-mini", promptTokens: 1_000_000, completionTokens: 0) == 150_000)
        #expect(Self.table.costMicros(model: "gpt-4o-mini", usage: ChatUsage(promptTokens: 1_000, completionTokens: 200, estimated: true)) == 270)
    }

    @Test func unknownModelCostsTheDefault() {
        #expect(Self.table.price(for: "some-new-model") == Self.table.defaultPrice)
        #expect(Self.table.costMicros(model: "some-new-model", promptTokens: 10, completionTokens: 10) == 30)
        #expect(Self.table.price(for: "GPT-4o-Mini") == Self.table.models["gpt-4o-mini"])
    }

    @Test func hugeCountsSaturateInsteadOfWrapping() {
        let price = ModelPrice(promptMicrosPerMillion: Int64.max / 2, completionMicrosPerMillion: 1)
        #expect(price.costMicros(promptTokens: 4, completionTokens: 0) == .max)
        #expect(Self.table.costMicros(model: "x", promptTokens: -5, completionTokens: 0) == 0)
    }

    @Test func shippedFileLoads() throws {
        let table = try ModelPriceTable.load(from: assetsURL.appendingPathComponent("model-prices.json"))
        #expect(table.defaultPrice.promptMicrosPerMillion > 0 && table.defaultPrice.completionMicrosPerMillion > 0)
        #expect(table.models["gpt-4o-mini"] == ModelPrice(promptMicrosPerMillion: 150_000, completionMicrosPerMillion: 600_000))
    }

    @Test(arguments: [
        (#"{"models": {}}"#, "model prices: default is missing"),
        (#"{"default": {"prompt_micros_per_million": 1}}"#, "model prices: default.completion_micros_per_million is missing"),
        (#"{"default": {"prompt_micros_per_million": 1, "completion_micros_per_million": 1}, "models": {"m": {"prompt_micros_per_million": "cheap", "completion_micros_per_million": 1}}}"#,
         "model prices: models.m.prompt_micros_per_million must be a whole number of micro-dollars"),
        (#"{"default": {"prompt_micros_per_million": 1.5, "completion_micros_per_million": 1}}"#,
         "model prices: default.prompt_micros_per_million must be a whole number of micro-dollars"),
        (#"{"default": {"prompt_micros_per_million": 1, "completion_micros_per_million": 1}, "models": {"m": {"prompt_micros_per_million": 1, "completion_micros_per_million": -2}}}"#,
         "model prices: models.m.completion_micros_per_million must be 0 or more, not -2"),
    ])
    func badFilesNameTheKey(_ json: String, _ message: String) {
        let error = #expect(throws: ModelPriceTableError.self) { try ModelPriceTable.decode(Data(json.utf8)) }
        #expect(error?.description == message)
    }

    @Test func unreadableFileNamesThePath() {
        let error = #expect(throws: ModelPriceTableError.self) {
            try ModelPriceTable.load(from: URL(fileURLWithPath: "/nonexistent/model-prices.json"))
        }
        #expect(error?.description.contains("/nonexistent/model-prices.json") == true)
        #expect(throws: ModelPriceTableError.self) { try ModelPriceTable.decode(Data("{not json".utf8)) }
    }
}
