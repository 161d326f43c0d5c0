import Gacha
import Storage

/// The game's `PackAccessPolicy` over the packs store: a member may draw from a restricted pack
/// they made, a Pro-only pack when Pro (member or server), and a subscription pack while their
/// subscription runs. Everything but the Pro answer is read in the roll's own transaction (one
/// query for all the pool's restricted packs); a lapse not yet told is marked told there too, so
/// the roll that tells it commits with it.
public struct PackAccessRules: PackAccessPolicy {
    let isPro: ProStatus

    public init(isPro: @escaping ProStatus) {
        self.isPro = isPro
    }

    public func exclusion(
        _ restricted: Set<String>, player: PlayerID, in transaction: any GachaTransaction, at now: Timestamp, reportingLapses: Bool
    ) async throws -> PackExclusion {
        // One transaction type per database conforms to every area's contract (decision 0015).
        guard let tx = transaction as? any PackAccessTransaction else { return PackExclusion(packs: restricted) }
        var excluded = restricted
        var lapses: [PackExclusion.Lapse] = []
        var pro: Bool?
        for row in try await tx.drawAccess(player, packs: restricted.map(PackID.init(rawValue:)).sorted()) {
            let allowed: Bool
            if row.creator == player.member {
                allowed = true
            } else {
                switch row.access {
                case .free: allowed = true
                case .pro:
                    if pro == nil { pro = try await isPro(player, now) }
                    allowed = pro == true
                case .subscription: allowed = row.subscription?.grantsAccess(at: now) == true
                }
            }
            if allowed { excluded.remove(row.pack.rawValue) }
            if reportingLapses, var subscription = row.subscription, subscription.status == .lapsed, !subscription.lapseNoticed {
                subscription.lapseNoticed = true
                subscription.updatedAt = now
                try await tx.updateSubscription(subscription)
                lapses.append(PackExclusion.Lapse(packName: SafeText.preview(row.packName, limit: 80), price: subscription.price))
            }
        }
        return PackExclusion(packs: excluded, lapses: lapses)
    }
}
