import Premium
import Storage

extension DiscordGrant {
    /// The grant as the entitlement model stores it: source `discord`, keyed by the entitlement
    /// id, user-wide or for its server; a deleted one (a refund) is `revoked` from now on. Nil when
    /// it names no user (a server subscription without its buyer) or is not Pro.
    func record(updatedAt time: Timestamp) -> EntitlementRecord? {
        guard case .pro(let guild) = what, let user else { return nil }
        return EntitlementRecord(
            source: .discord, sourceID: String(entitlementID.rawValue), user: MemberID(user.rawValue),
            guild: guild.map { Storage.GuildID($0.rawValue) }, tier: .pro, status: deleted ? .revoked : .active, periodStart: startsAt,
            periodEnd: deleted ? min(endsAt ?? time, time) : endsAt, orderCreated: time.millisecondsSinceEpoch / 1000,
            orderEventID: "discord", updatedAt: time)
    }
}
