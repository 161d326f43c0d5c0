import Storage

/// Points minted and burned, spending, shop item popularity and the balance distribution.
public struct EconomyReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    /// One row per bucket (day or week) of the window with any movement, oldest first.
    public var buckets: [EconomyBucket]
    /// Every bucket together.
    public var total: EconomyBucket
    /// Points spent in the window ÷ members active in the window; nil with no active member.
    public var spentPerActiveMember: Double?
    public var activeMembers: Int64
    /// Purchases per shop item in the window, most bought first (ties by name).
    public var items: [ItemPopularity]
    /// Median of current balances (the mean of the two middle ones for an even count); nil with no member.
    public var balanceMedian: Double?
    /// The share of all points held by the richest ⌈1% of members⌉; nil when nobody holds points.
    public var top1PercentShare: Double?

    public init(
        header: ReportHeader, buckets: [EconomyBucket], total: EconomyBucket, spentPerActiveMember: Double?, activeMembers: Int64,
        items: [ItemPopularity], balanceMedian: Double?, top1PercentShare: Double?
    ) {
        self.header = header
        self.buckets = buckets
        self.total = total
        self.spentPerActiveMember = spentPerActiveMember
        self.activeMembers = activeMembers
        self.items = items
        self.balanceMedian = balanceMedian
        self.top1PercentShare = top1PercentShare
    }
}

public struct EconomyBucket: Hashable, Sendable, Codable {
    public var startDay: Int64
    /// Points minted, by source (the ledger reason).
    public var minted: [String: Int64]
    /// Points burned, by sink (the ledger reason), as positive numbers.
    public var burned: [String: Int64]

    public init(startDay: Int64, minted: [String: Int64] = [:], burned: [String: Int64] = [:]) {
        self.startDay = startDay
        self.minted = minted
        self.burned = burned
    }

    public var totalMinted: Int64 { minted.values.reduce(0, +) }
    public var totalBurned: Int64 { burned.values.reduce(0, +) }
    public var net: Int64 { totalMinted - totalBurned }
}

public struct ItemPopularity: Hashable, Sendable, Codable {
    public var item: String
    public var purchases: Int64
    public init(item: String, purchases: Int64) {
        self.item = item
        self.purchases = purchases
    }
}
