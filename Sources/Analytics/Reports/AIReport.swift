import Storage

/// Talk's model use: tokens per call, cost per talking member, and cost against revenue per guild.
/// Cost is in micro-dollars (µ$), as `ai_tokens` records it.
public struct AIReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    public var calls: Int64
    public var tokens: Int64
    /// Tokens per call; nil with no call. Percentiles interpolate linearly (spreadsheet
    /// PERCENTILE.INC, DuckDB `quantile_cont`).
    public var tokensPerCallMean: Double?
    public var tokensPerCallP50: Double?
    public var tokensPerCallP95: Double?
    public var costMicros: Int64
    /// Members with at least one talk call in the window.
    public var talkingMembers: Int64
    /// Cost ÷ talking members, µ$; nil with nobody talking.
    public var costPerTalkingMember: Double?
    /// Per guild, costliest first.
    public var guilds: [GuildAICost]

    public init(
        header: ReportHeader, calls: Int64, tokens: Int64, tokensPerCallMean: Double?, tokensPerCallP50: Double?, tokensPerCallP95: Double?,
        costMicros: Int64, talkingMembers: Int64, costPerTalkingMember: Double?, guilds: [GuildAICost]
    ) {
        self.header = header
        self.calls = calls
        self.tokens = tokens
        self.tokensPerCallMean = tokensPerCallMean
        self.tokensPerCallP50 = tokensPerCallP50
        self.tokensPerCallP95 = tokensPerCallP95
        self.costMicros = costMicros
        self.talkingMembers = talkingMembers
        self.costPerTalkingMember = costPerTalkingMember
        self.guilds = guilds
    }
}

public struct GuildAICost: Hashable, Sendable, Codable {
    public var guild: GuildID
    public var costMicros: Int64
    /// Revenue attributed to the guild in the window, minor units (cents).
    public var revenue: Int64
    /// Cost in dollars ÷ revenue in dollars (cents ÷ 100); nil with no revenue.
    public var costToRevenue: Double?

    public init(guild: GuildID, costMicros: Int64, revenue: Int64, costToRevenue: Double?) {
        self.guild = guild
        self.costMicros = costMicros
        self.revenue = revenue
        self.costToRevenue = costToRevenue
    }
}
