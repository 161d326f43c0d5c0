import Storage

/// The read model's row for one member (a guild, user pair): the first time of each funnel step
/// and the last activity, each the min or max over the member's events (nil: never happened).
public struct AnalyticsMemberFacts: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var firstSeen: Timestamp?
    public var firstRoll: Timestamp?
    public var firstTalk: Timestamp?
    public var firstTrialStart: Timestamp?
    public var firstConversion: Timestamp?
    /// The latest activity event: any event but `first_seen`.
    public var lastActivity: Timestamp?

    public init(
        player: PlayerID, firstSeen: Timestamp? = nil, firstRoll: Timestamp? = nil, firstTalk: Timestamp? = nil,
        firstTrialStart: Timestamp? = nil, firstConversion: Timestamp? = nil, lastActivity: Timestamp? = nil
    ) {
        self.player = player
        self.firstSeen = firstSeen
        self.firstRoll = firstRoll
        self.firstTalk = firstTalk
        self.firstTrialStart = firstTrialStart
        self.firstConversion = firstConversion
        self.lastActivity = lastActivity
    }
}

/// One daily rollup cell: a sum per guild, UTC day, metric and key.
public struct AnalyticsRollup: Hashable, Sendable, Codable {
    public var guild: GuildID
    public var day: Int64
    public var metric: RollupMetric
    /// The breakdown within the metric (a ledger reason, a shop item, a currency); "" for none.
    public var key: String
    public var value: Int64

    public init(guild: GuildID, day: Int64, metric: RollupMetric, key: String = "", value: Int64) {
        self.guild = guild
        self.day = day
        self.metric = metric
        self.key = key
        self.value = value
    }
}

/// What a daily rollup sums (see docs/analytics.md for the event behind each).
public enum RollupMetric: String, Hashable, Sendable, Codable, CaseIterable {
    /// Points earned, keyed by source (`points_earned`'s reason).
    case minted
    /// Points spent, keyed by sink (`points_spent`'s reason), positive.
    case burned
    /// Shop purchases keyed by item (`shop_purchase`'s item; pack subscriptions as `pack_subscription`).
    case purchases
    /// `ai_tokens` events.
    case talkCalls = "talk_calls"
    case talkTokens = "talk_tokens"
    /// µ$.
    case talkCost = "talk_cost"
    /// `ai_tokens` calls counted by their exact token total (the key), for exact percentiles.
    case tokensPerCall = "tokens_per_call"
    /// Money received (conversion and renewal amounts), keyed by currency, minor units.
    case revenue
}

/// A subscription as the events describe it (conversion, renewal, cancellation).
public struct AnalyticsSubscription: Hashable, Sendable, Codable {
    public var subscriptionID: String
    public var player: PlayerID
    /// The first event that shows it paid (a paid conversion, a renewal, a trial ending active).
    public var paidFrom: Timestamp?
    /// `subscription_canceled`.
    public var endedAt: Timestamp?
    /// Monthly amount after discounts and before tax, minor units (a yearly amount ÷ 12), from
    /// the latest event carrying an amount.
    public var monthlyAmount: Double
    public var currency: String

    public init(
        subscriptionID: String, player: PlayerID, paidFrom: Timestamp?, endedAt: Timestamp?, monthlyAmount: Double, currency: String
    ) {
        self.subscriptionID = subscriptionID
        self.player = player
        self.paidFrom = paidFrom
        self.endedAt = endedAt
        self.monthlyAmount = monthlyAmount
        self.currency = currency
    }

    /// Active and not in trial at `time`.
    public func isPaying(at time: Timestamp) -> Bool {
        guard let paidFrom, paidFrom <= time else { return false }
        return endedAt.map { time < $0 } ?? true
    }
}

/// A trial as its events describe it.
public struct AnalyticsTrial: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var startedAt: Timestamp
    public var endsAt: Timestamp?
    /// A `trial_end` was recorded.
    public var ended: Bool
    /// The trial's source: `local` (the Discord path: no payment method) or `stripe`.
    public var hasPaymentMethod: Bool

    public init(player: PlayerID, startedAt: Timestamp, endsAt: Timestamp?, ended: Bool, hasPaymentMethod: Bool) {
        self.player = player
        self.startedAt = startedAt
        self.endsAt = endsAt
        self.ended = ended
        self.hasPaymentMethod = hasPaymentMethod
    }
}
