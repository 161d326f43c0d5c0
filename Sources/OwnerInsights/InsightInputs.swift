import Analytics

/// What the rules look at: this period's reports, the same-length period just before (nil for
/// "all time"), first talks of the period by where the character came from, and the shop's items.
public struct InsightInputs: Sendable {
    public var current: OwnerReport
    public var previous: OwnerReport?
    /// First talks in the period by source: a pack's name, or "the base characters".
    public var firstTalksBySource: [String: Int64]
    /// The items the shop sells, as the purchases rollup keys them.
    public var shopItems: [String]

    public init(current: OwnerReport, previous: OwnerReport?, firstTalksBySource: [String: Int64] = [:], shopItems: [String] = InsightInputs.defaultShopItems) {
        self.current = current
        self.previous = previous
        self.firstTalksBySource = firstTalksBySource
        self.shopItems = shopItems
    }

    /// The shop's items (see `/shop`): extra_roll, pull_5, pull_10 and pack subscriptions.
    public static let defaultShopItems = ["extra_roll", "pull_5", "pull_10", "pack_subscription"]
}
