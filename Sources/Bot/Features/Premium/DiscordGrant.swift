import Foundation
import DiscordModels
import Storage

/// What one Discord entitlement grants, read against the configured SKUs: Pro (for its user, or
/// for a whole server when the SKU is the server subscription) or extra rolls. Entitlements of
/// SKUs the configuration does not name grant nothing (`init` returns nil).
struct DiscordGrant: Hashable, Sendable {
    enum What: Hashable, Sendable {
        /// Pro for `user` everywhere (`guild` nil), or for the server `guild`.
        case pro(guild: DiscordModels.GuildID?)
        /// A consumable: this many extra rolls, once.
        case extraRolls(Int)
    }

    var entitlementID: EntitlementID
    var what: What
    /// The member who bought it (absent for some server subscriptions).
    var user: UserID?
    var startsAt: Timestamp?
    /// Nil: no end (Discord renews it, or it is a one-time purchase).
    var endsAt: Timestamp?
    /// Refunded or removed (ENTITLEMENT_DELETE, or `deleted` in a listing).
    var deleted: Bool
    var consumed: Bool

    init?(_ entitlement: Entitlement, skus: DiscordSKUs) {
        switch skus.kind(of: entitlement.sku_id) {
        case .pro(let guildScoped):
            // A server subscription without its server would grant Pro nowhere: read it as user-wide
            // only when the SKU is the user one.
            if guildScoped {
                guard let guild = entitlement.guild_id else { return nil }
                what = .pro(guild: guild)
            } else {
                what = .pro(guild: nil)
            }
        case .extraRolls(let count):
            what = .extraRolls(count)
        case .unknown:
            return nil
        }
        entitlementID = entitlement.id
        user = entitlement.user_id
        startsAt = entitlement.starts_at.map(Self.timestamp)
        endsAt = entitlement.ends_at.map(Self.timestamp)
        deleted = entitlement.deleted
        consumed = entitlement.consumed ?? false
    }

    /// Whether it grants Pro at `time`: a Pro SKU, not deleted, started and not yet ended.
    func grantsPro(at time: Timestamp) -> Bool {
        guard case .pro = what, !deleted else { return false }
        if let startsAt, time < startsAt { return false }
        if let endsAt, time >= endsAt { return false }
        return true
    }

    static func timestamp(_ value: DiscordTimestamp) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((value.date.timeIntervalSince1970 * 1000).rounded()))
    }
}
