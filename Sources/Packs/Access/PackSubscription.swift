import Storage

/// Where a member's points subscription to a pack stands.
public enum PackSubscriptionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Paid up to `periodEnd`, and renews then while points last.
    case active
    /// The member unsubscribed: access runs to `periodEnd`, then ends without a charge.
    case cancelled
    /// A renewal found too few points: access ended at `periodEnd`.
    case lapsed
    /// Ended without a failed charge: cancelled and run out, or the pack stopped being a
    /// subscription pack (or left the catalogue).
    case ended
}

/// One member's subscription to one pack in one server (points belong to a server's member, so
/// access does too). One row per (player, pack), kept across lapses and re-subscriptions so the
/// period number, and with it every charge's idempotency key, only ever grows.
public struct PackSubscription: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var pack: PackID
    public var status: PackSubscriptionStatus
    /// The points of the last charge, or of the renewal that failed.
    public var price: Int64
    /// How many periods were charged; the last charge's key is `chargeKey(period)`.
    public var period: Int
    public var periodStart: Timestamp
    /// Access lasts until here (exclusive).
    public var periodEnd: Timestamp
    /// Whether the member's next roll already told them of the lapse.
    public var lapseNoticed: Bool
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        player: PlayerID, pack: PackID, status: PackSubscriptionStatus, price: Int64, period: Int, periodStart: Timestamp,
        periodEnd: Timestamp, lapseNoticed: Bool = false, createdAt: Timestamp, updatedAt: Timestamp? = nil
    ) {
        self.player = player
        self.pack = pack
        self.status = status
        self.price = price
        self.period = period
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.lapseNoticed = lapseNoticed
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// 30 days of 86,400 s: one period of access.
    public static let period: Duration = .seconds(86_400 * 30)

    /// `<guild>:<member>:<pack>`: unique, and stable across lapses and re-subscriptions.
    public var id: String { "\(player.guild.rawValue):\(player.member.rawValue):\(pack.rawValue)" }

    /// The points ledger key of the charge for period `number`: the subscription id and the period,
    /// so a repeated or concurrent charge of one period is refused by the ledger's unique key.
    public func chargeKey(_ number: Int) -> String { "pack_sub:\(id):\(number)" }

    /// Whether the member may roll the pack at `time`.
    public func grantsAccess(at time: Timestamp) -> Bool {
        (status == .active || status == .cancelled) && time < periodEnd
    }
}

/// What the roll path needs about one access-restricted pack for one member, read in the roll's
/// transaction.
public struct PackDrawAccess: Hashable, Sendable {
    public var pack: PackID
    public var packName: String
    public var creator: MemberID
    public var status: PackStatus
    public var access: PackAccess
    public var subscription: PackSubscription?

    public init(pack: PackID, packName: String, creator: MemberID, status: PackStatus, access: PackAccess, subscription: PackSubscription?) {
        self.pack = pack
        self.packName = packName
        self.creator = creator
        self.status = status
        self.access = access
        self.subscription = subscription
    }
}
