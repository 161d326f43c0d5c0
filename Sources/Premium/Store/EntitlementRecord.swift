import Storage

/// Where a member's Pro comes from. The sources merge into one answer (`EntitlementService`).
public enum EntitlementSource: String, Hashable, Sendable, Codable, CaseIterable {
    case stripe, discord, trial, gift
}

/// A plan level. Only two today; tiers and their limits are configuration.
public struct PremiumTier: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static let free: PremiumTier = "free"
    public static let pro: PremiumTier = "pro"
}

/// An entitlement's state. Stripe's subscription statuses, plus `revoked` for an operator's or
/// Discord's removal.
public enum EntitlementStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case incomplete
    case incompleteExpired = "incomplete_expired"
    case trialing
    case active
    case pastDue = "past_due"
    case unpaid
    case paused
    case canceled
    case revoked

    /// A state nothing later may leave: Stripe never revives a canceled or expired subscription.
    public var isTerminal: Bool { self == .canceled || self == .incompleteExpired || self == .revoked }
}

/// One source's grant of a tier to a user, everywhere (`guild == nil`) or in one guild when the
/// SKU is guild-scoped. Keyed by (source, sourceID): the Stripe subscription id, the Discord
/// entitlement id, `trial:<user>` or `gift:<user>`.
public struct EntitlementRecord: Hashable, Sendable, Codable {
    public var source: EntitlementSource
    public var sourceID: String
    public var user: MemberID
    public var guild: GuildID?
    public var tier: PremiumTier
    public var status: EntitlementStatus
    public var periodStart: Timestamp?
    /// Nil: no end (never for Stripe, whose periods always end).
    public var periodEnd: Timestamp?
    /// The Stripe customer, for Stripe entitlements.
    public var customerID: String?
    /// What decided that this state is the newest: for Stripe the `created` second and the id of
    /// the event whose object state is stored (see `StripeSubscriptionState`).
    public var orderCreated: Int64
    public var orderEventID: String
    public var updatedAt: Timestamp

    public init(
        source: EntitlementSource, sourceID: String, user: MemberID, guild: GuildID? = nil, tier: PremiumTier = .pro,
        status: EntitlementStatus, periodStart: Timestamp? = nil, periodEnd: Timestamp?, customerID: String? = nil,
        orderCreated: Int64 = 0, orderEventID: String = "", updatedAt: Timestamp
    ) {
        self.source = source
        self.sourceID = sourceID
        self.user = user
        self.guild = guild
        self.tier = tier
        self.status = status
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.customerID = customerID
        self.orderCreated = orderCreated
        self.orderEventID = orderEventID
        self.updatedAt = updatedAt
    }
}
