import Talk

/// What `/talk` needs from the executable: the chat model (OpenAI-compatible, or the loopback
/// one in the demo), its configured name, prices and talk's limits.
public struct TalkConfiguration: Sendable {
    public var model: any ChatModel
    /// The configured model's name (recorded on calls that failed before a model answered).
    public var modelName: String
    public var settings: TalkSettings
    public var prices: ModelPriceTable
    /// The least time between two edits of a streaming reply (Discord's REST limits).
    public var editInterval: Duration
    /// The clock of edit pacing and the rate limits; nil: the bot's.
    public var clock: (any Clock<Duration>)?

    public init(
        model: any ChatModel, modelName: String, settings: TalkSettings = TalkSettings(), prices: ModelPriceTable,
        editInterval: Duration = .seconds(1), clock: (any Clock<Duration>)? = nil
    ) {
        self.clock = clock
        self.model = model
        self.modelName = modelName
        self.settings = settings
        self.prices = prices
        self.editInterval = editInterval
    }
}
