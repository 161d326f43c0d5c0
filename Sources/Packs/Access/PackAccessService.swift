import Gacha
import Storage

/// Whether a member is Pro in their server at a time (a Pro member or a Pro server), as the premium
/// area decides; the executable plugs in its entitlement check (the packs area knows no premium).
public typealias ProStatus = @Sendable (PlayerID, Timestamp) async throws -> Bool

/// Pack access: a creator's choice of mode for their pack, and members' points subscriptions
/// (`/packs access`, `/packs subscribe`, `/packs unsubscribe`, `/packs subscriptions`, and the
/// renewal sweep). Each change is one store transaction that locks the member first; every charge
/// is a points ledger entry keyed by the subscription and its period, in the same transaction as
/// the access it pays for, so a repeated or concurrent charge of one period is refused by the
/// ledger's unique key and charges once.
public struct PackAccessService: Sendable {
    public let store: any PackAccessStore
    public let configuration: PackAccessConfiguration
    /// For the usual insufficient-points details (the daily reward, what the member owns).
    let game: GachaGame
    let isPro: ProStatus
    let time: GameTime

    public init(store: any PackAccessStore, game: GachaGame, configuration: PackAccessConfiguration = PackAccessConfiguration(), isPro: @escaping ProStatus, time: GameTime) {
        self.store = store
        self.game = game
        self.configuration = configuration
        self.isPro = isPro
        self.time = time
    }

    // MARK: Creators

    /// `/packs access`: the creator's own pack becomes free, Pro-only or a subscription of `points`
    /// per 30 days. Guilds that enabled it get a new pool version, so rolls see the change.
    @discardableResult
    public func setAccess(pack id: PackID, creator: PlayerID, access: PackAccess) async throws -> PackRecord {
        if case .subscription(let points) = access {
            guard (configuration.minimumPrice...configuration.maximumPrice).contains(points) else {
                throw PackAccessError.priceOutOfRange(price: points, minimum: configuration.minimumPrice, maximum: configuration.maximumPrice)
            }
        }
        let now = time.now()
        return try await store.writePackAccess { tx in
            guard let pack = try await tx.pack(id), pack.status != .removed else { throw PackServiceError.packNotFound(id.rawValue) }
            guard pack.creator == creator.member else { throw PackServiceError.notYourPack }
            guard pack.status == .draft || pack.status == .published else {
                throw PackServiceError.wrongStatus(pack.status, action: "change the access of")
            }
            try await tx.setPackAccess(id, access, at: now)
            return pack
        }
    }

    public func access(of pack: PackID) async throws -> PackAccess {
        try await store.readPackAccess { try await $0.packAccess(pack) }
    }

    /// The modes of the restricted packs among `packs` (browse, search and rates show them).
    public func restrictedPacks(among packs: [PackID]) async throws -> [PackID: PackAccess] {
        try await store.readPackAccess { try await $0.restrictedPacks(among: packs) }
    }

    // MARK: Members

    /// What `/packs subscribe` did.
    public struct Subscribed: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// A new period was charged (`points`).
            case charged(points: Int64, discounted: Bool)
            /// Access was already running: nothing was charged (a double click, or a second try).
            case alreadyActive
            /// A cancelled subscription still running renews again; nothing was charged now.
            case resumed
        }
        public var kind: Kind
        public var subscription: PackSubscription
        public var packName: String
        public var balance: Int64
    }

    /// `/packs subscribe`: charges the pack's price (Pro members pay the discounted price) for 30
    /// days of access that renews while points last. Throws `GachaError.insufficientPoints` (with
    /// the ways to earn more) when the member is short.
    @discardableResult
    public func subscribe(pack id: PackID, player: PlayerID) async throws -> Subscribed {
        let now = time.now()
        let pro = try await isPro(player, now)
        let operation: @Sendable (any PackAccessTransaction) async throws -> Subscribed = { tx in
            try await tx.lockPlayer(player)
            guard let pack = try await tx.pack(id), pack.status == .published else { throw PackServiceError.packNotFound(id.rawValue) }
            let name = SafeText.preview(pack.name, limit: 80)
            guard case .subscription(let base) = try await tx.packAccess(id) else { throw PackAccessError.notASubscriptionPack(packName: name) }
            guard pack.creator != player.member else { throw PackAccessError.ownPack }
            guard try await tx.isEnabled(id, in: player.guild) else { throw PackAccessError.notEnabledHere(packName: name) }
            let existing = try await tx.subscription(player, pack: id)
            if var running = existing, running.grantsAccess(at: now) {
                guard running.status == .cancelled else {
                    return Subscribed(kind: .alreadyActive, subscription: running, packName: name, balance: try await tx.balance(player))
                }
                running.status = .active
                running.updatedAt = now
                try await tx.updateSubscription(running)
                return Subscribed(kind: .resumed, subscription: running, packName: name, balance: try await tx.balance(player))
            }
            let price = self.configuration.price(base, pro: pro)
            var subscription = existing ?? PackSubscription(
                player: player, pack: id, status: .active, price: price, period: 1, periodStart: now,
                periodEnd: now.advanced(by: PackSubscription.period), createdAt: now)
            subscription.status = .active
            subscription.price = price
            subscription.period = (existing?.period ?? 0) + 1
            subscription.periodStart = now
            subscription.periodEnd = now.advanced(by: PackSubscription.period)
            subscription.lapseNoticed = false
            subscription.updatedAt = now
            let balance = try await self.charge(subscription, tx: tx, at: now)
            if existing == nil { try await tx.insertSubscription(subscription) } else { try await tx.updateSubscription(subscription) }
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packSubscribed, player: player, at: now,
                properties: [
                    "pack": id.rawValue, "price": String(price), "list_price": String(base), "period": String(subscription.period),
                    "pro": pro ? "true" : "false",
                ]))
            return Subscribed(
                kind: .charged(points: price, discounted: price < base), subscription: subscription, packName: name, balance: balance)
        }
        return try await Self.write(store, operation)
    }

    /// `/packs unsubscribe`: stops renewal; access runs to the end of the period already paid.
    @discardableResult
    public func unsubscribe(pack id: PackID, player: PlayerID) async throws -> PackSubscription {
        let now = time.now()
        return try await store.writePackAccess { tx in
            try await tx.lockPlayer(player)
            let name = SafeText.preview(try await tx.pack(id)?.name ?? id.rawValue, limit: 80)
            guard var subscription = try await tx.subscription(player, pack: id), subscription.grantsAccess(at: now) else {
                throw PackAccessError.notSubscribed(packName: name)
            }
            guard subscription.status == .active else { return subscription }
            subscription.status = .cancelled
            subscription.updatedAt = now
            try await tx.updateSubscription(subscription)
            return subscription
        }
    }

    /// A member's subscription as `/packs subscriptions` lists it.
    public struct SubscriptionView: Hashable, Sendable {
        public var subscription: PackSubscription
        public var packName: String
        /// Whether it gives access now.
        public var active: Bool
    }

    /// `/packs subscriptions`: the member's subscriptions in this server, running ones first.
    public func subscriptions(_ player: PlayerID) async throws -> [SubscriptionView] {
        let now = time.now()
        return try await store.readPackAccess { reader in
            var views: [SubscriptionView] = []
            for subscription in try await reader.subscriptions(player) {
                let name = SafeText.preview(try await reader.pack(subscription.pack)?.name ?? subscription.pack.rawValue, limit: 80)
                views.append(SubscriptionView(subscription: subscription, packName: name, active: subscription.grantsAccess(at: now)))
            }
            return views.sorted { $0.active && !$1.active }
        }
    }

    // MARK: Renewals

    /// What one renewal sweep did.
    public struct RenewalReport: Hashable, Sendable {
        public var renewed: [PackSubscription] = []
        public var lapsed: [PackSubscription] = []
        /// The pack stopped being a subscription pack (or left the catalogue): ended, not charged.
        public var ended: [PackSubscription] = []
        public init() {}
    }

    /// Renews every active subscription whose period ended by now, at most `renewalBatch` per call
    /// (the sweep calls again on its next run): a new period is charged while points last, else the
    /// subscription lapses (`pack_subscription_lapsed`) and the member's next roll says why. Each
    /// renewal is its own transaction; running it twice, or in two processes at once, charges a
    /// period once.
    public func renewDue() async throws -> RenewalReport {
        let now = time.now()
        let due = try await store.readPackAccess { [configuration] reader in
            try await reader.dueSubscriptions(asOf: now, limit: configuration.renewalBatch)
        }
        var report = RenewalReport()
        for subscription in due {
            let pro = try await isPro(subscription.player, now)
            switch try await renew(subscription.player, pack: subscription.pack, pro: pro, at: now) {
            case .renewed(let s)?: report.renewed.append(s)
            case .lapsed(let s)?: report.lapsed.append(s)
            case .ended(let s)?: report.ended.append(s)
            case nil: break
            }
        }
        return report
    }

    enum Renewal: Sendable {
        case renewed(PackSubscription)
        case lapsed(PackSubscription)
        case ended(PackSubscription)
    }

    func renew(_ player: PlayerID, pack id: PackID, pro: Bool, at now: Timestamp) async throws -> Renewal? {
        try await Self.write(store) { tx in
            try await tx.lockPlayer(player)
            // Another sweep (or process) may have renewed it since the list was read.
            guard var subscription = try await tx.subscription(player, pack: id), subscription.status == .active,
                subscription.periodEnd <= now
            else { return nil }
            subscription.updatedAt = now
            guard try await tx.pack(id)?.status == .published, case .subscription(let base) = try await tx.packAccess(id) else {
                subscription.status = .ended
                try await tx.updateSubscription(subscription)
                return .ended(subscription)
            }
            let price = self.configuration.price(base, pro: pro)
            let period = subscription.period + 1
            let balance = try await tx.balance(player)
            guard balance >= price else {
                subscription.status = .lapsed
                subscription.price = price
                subscription.lapseNoticed = false
                try await tx.updateSubscription(subscription)
                try await tx.appendAnalyticsEvent(AnalyticsEvent(
                    name: .packSubscriptionLapsed, player: player, at: now,
                    properties: [
                        "pack": id.rawValue, "price": String(price), "balance": String(balance), "period": String(period),
                        "reason": "insufficient_points",
                    ]))
                return .lapsed(subscription)
            }
            // Periods follow each other without drift; after a long outage the new one starts now
            // (the member is never charged for time the sweep did not run).
            let start = subscription.periodEnd.advanced(by: PackSubscription.period) > now ? subscription.periodEnd : now
            subscription.period = period
            subscription.price = price
            subscription.periodStart = start
            subscription.periodEnd = start.advanced(by: PackSubscription.period)
            _ = try await self.charge(subscription, tx: tx, at: now)
            try await tx.updateSubscription(subscription)
            try await tx.appendAnalyticsEvent(AnalyticsEvent(
                name: .packSubscriptionRenewed, player: player, at: now,
                properties: ["pack": id.rawValue, "price": String(price), "period": String(period), "pro": pro ? "true" : "false"]))
            return .renewed(subscription)
        }
    }

    // MARK: Helpers

    /// Charges the subscription's current period, keyed by the subscription and the period, with
    /// a `points_spent` event; `GachaError.insufficientPoints` when short. Returns the balance after.
    func charge(_ subscription: PackSubscription, tx: any PackAccessTransaction, at now: Timestamp) async throws -> Int64 {
        let player = subscription.player
        let price = subscription.price
        func short() async throws -> any Error {
            guard let reader = tx as? any GachaReader else { return StoreError.constraintViolation("insufficient balance") }
            return GachaError.insufficientPoints(try await game.insufficientPoints(player, price: price, reader: reader, at: now))
        }
        guard try await tx.balance(player) >= price else { throw try await short() }
        let entry: LedgerEntry
        do {
            entry = try await tx.appendLedgerEntry(LedgerEntry(
                player: player, amount: -price, reason: .packSubscription, idempotencyKey: subscription.chargeKey(subscription.period), at: now))
        } catch StoreError.insufficientBalance {
            throw try await short()
        }
        let after = entry.balanceAfter ?? 0
        try await tx.appendAnalyticsEvent(AnalyticsEvent(
            name: .pointsSpent, player: player, at: now,
            properties: ["amount": String(price), "reason": LedgerReason.packSubscription.rawValue, "balance": String(after)]))
        return after
    }

    /// One write; a duplicate decided by a unique key (two first subscriptions at once, one period
    /// charged twice) means another transaction won: the body runs once more and finds its result.
    static func write<T: Sendable>(
        _ store: any PackAccessStore, _ body: @escaping @Sendable (any PackAccessTransaction) async throws -> T
    ) async throws -> T {
        do {
            return try await store.writePackAccess(body)
        } catch StoreError.duplicate {
            return try await store.writePackAccess(body)
        }
    }
}
