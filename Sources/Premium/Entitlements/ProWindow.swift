import Storage

/// Until when each source keeps a user Pro: the merged answer for one user, user-wide and per
/// guild, in milliseconds. Small and flat so the cached check reads it without allocating.
struct ProWindow: Sendable {
    /// Pro everywhere before this instant (`Int64.min`: not Pro anywhere).
    var everywhereUntil: Int64 = .min
    /// Pro in one guild before its instant (guild-scoped SKUs).
    var guildUntil: [UInt64: Int64] = [:]
    /// When this was read from the store (for the cache's time to live).
    var loadedAt: Int64

    init(loadedAt: Timestamp) { self.loadedAt = loadedAt.millisecondsSinceEpoch }

    /// Merges every source of the user: the latest end wins.
    init(_ entitlements: [EntitlementRecord], configuration: PremiumConfiguration, loadedAt: Timestamp) {
        self.init(loadedAt: loadedAt)
        for entitlement in entitlements {
            guard let until = Self.proUntil(entitlement, configuration: configuration) else { continue }
            if let guild = entitlement.guild {
                guildUntil[guild.rawValue] = max(guildUntil[guild.rawValue] ?? .min, until)
            } else {
                everywhereUntil = max(everywhereUntil, until)
            }
        }
    }

    func isPro(guild: UInt64?, at time: Int64) -> Bool {
        if time < everywhereUntil { return true }
        guard let guild, let until = guildUntil[guild] else { return false }
        return time < until
    }

    /// Until when one entitlement grants Pro, or nil if it grants nothing. An active Stripe period
    /// keeps Pro for `renewalLeeway` past its end while the renewal's events arrive; `past_due`
    /// keeps it for `pastDueGrace` from the start of the unpaid period.
    static func proUntil(_ e: EntitlementRecord, configuration: PremiumConfiguration) -> Int64? {
        guard e.tier != .free else { return nil }
        switch e.status {
        case .active, .trialing:
            guard let end = e.periodEnd else { return .max }
            return e.source == .stripe ? end.advanced(by: configuration.renewalLeeway).millisecondsSinceEpoch : end.millisecondsSinceEpoch
        case .pastDue:
            guard let from = e.periodStart ?? e.periodEnd else { return nil }
            return from.advanced(by: configuration.pastDueGrace).millisecondsSinceEpoch
        case .incomplete, .incompleteExpired, .unpaid, .paused, .canceled, .revoked:
            return nil
        }
    }
}
