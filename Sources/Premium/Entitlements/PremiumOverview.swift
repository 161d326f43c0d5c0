import Storage

/// A user's premium state from every source, for operators and `/premium`.
public struct PremiumOverview: Hashable, Sendable {
    public var user: MemberID
    public var entitlements: [EntitlementRecord]
    public var trial: TrialRecord?
    let configuration: PremiumConfiguration

    /// Whether the user is Pro everywhere at `time`, or in `guild` through a guild-scoped SKU.
    public func isPro(guild: GuildID?, at time: Timestamp) -> Bool {
        ProWindow(entitlements, configuration: configuration, loadedAt: time).isPro(guild: guild?.rawValue, at: time.millisecondsSinceEpoch)
    }

    /// Until when one entitlement keeps Pro (grace and leeway included), or nil if it grants none.
    public func proUntil(_ entitlement: EntitlementRecord) -> Timestamp? {
        ProWindow.proUntil(entitlement, configuration: configuration).map(Timestamp.init(millisecondsSinceEpoch:))
    }
}
